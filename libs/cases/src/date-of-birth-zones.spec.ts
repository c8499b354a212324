import { dateOfBirthProblem } from './date-of-birth';

describe('dateOfBirthProblem across time zones', () => {
  it('accepts a child born today where the worker is, ahead of UTC (Guam, UTC+10)', () => {
    // 08:00 on 7 December in Guam is 22:00 on 6 December in UTC.
    expect(dateOfBirthProblem('2026-12-07', new Date('2026-12-06T22:00:00Z'))).toBeNull();
  });

  it('refuses a day that has begun nowhere on Earth yet (after today at UTC+14)', () => {
    expect(dateOfBirthProblem('2026-12-07', new Date('2026-12-06T09:59:00Z'))).toMatch(/future/);
    expect(dateOfBirthProblem('2026-12-08', new Date('2026-12-06T23:59:00Z'))).toMatch(/future/);
  });
});
