import { dateOfBirthProblem, OLDEST_AGE_YEARS } from './date-of-birth';

describe('dateOfBirthProblem: a child of the services Tandem coordinates', () => {
  const today = new Date('2026-12-06T22:40:00Z');

  it('accepts today, yesterday and exactly the oldest age', () => {
    expect(OLDEST_AGE_YEARS).toBe(25);
    for (const date of ['2026-12-06', '2026-12-05', '2012-05-05', '2001-12-06']) expect({ date, problem: dateOfBirthProblem(date, today) }).toEqual({ date, problem: null });
  });

  it('refuses a date in the future', () => {
    for (const date of ['2026-12-08', '2027-01-01', '2031-01-01']) expect(dateOfBirthProblem(date, today)).toMatch(/future/);
  });

  it('refuses a date more than 25 years ago', () => {
    for (const date of ['2001-12-05', '1970-01-01', '1900-01-01']) expect(dateOfBirthProblem(date, today)).toMatch(/25 years/);
  });

  it('counts the future from today in the time zone furthest ahead (UTC+14)', () => {
    // 23:30 UTC on the 6th is 13:30 on the 7th at UTC+14: the 7th is today there, the 8th is still the future.
    const late = new Date('2026-12-06T23:30:00Z');
    expect(dateOfBirthProblem('2026-12-07', late)).toBeNull();
    expect(dateOfBirthProblem('2026-12-08', late)).not.toBeNull();
  });

  it('counts a 29 February birthday from 28 February 25 years on', () => {
    expect(dateOfBirthProblem('2000-02-29', new Date('2025-02-28T12:00:00Z'))).toBeNull();
    expect(dateOfBirthProblem('2000-02-28', new Date('2025-03-01T12:00:00Z'))).not.toBeNull();
  });

  it('leaves the calendar format to the input checks', () => {
    expect(dateOfBirthProblem('2011-13-01', today)).toBeNull();
    expect(dateOfBirthProblem('yesterday', today)).toBeNull();
  });
});
