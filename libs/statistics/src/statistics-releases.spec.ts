import { quarterHasEnded } from './statistics-releases.service';

describe('quarterHasEnded', () => {
  it('counts a quarter as ended from the first instant of the month after it, and not a millisecond before', () => {
    expect(quarterHasEnded('2032-02', new Date('2032-03-31T23:59:59.999Z'))).toBe(false);
    expect(quarterHasEnded('2032-02', new Date('2032-04-01T00:00:00.000Z'))).toBe(true);
    expect(quarterHasEnded('2032-03', new Date('2032-04-01T00:00:00.000Z'))).toBe(true);
  });

  it('takes the quarter of the month, not the month: a month that has ended in a quarter still running has not', () => {
    expect(quarterHasEnded('2032-01', new Date('2032-03-15T00:00:00.000Z'))).toBe(false);
    expect(quarterHasEnded('2031-12', new Date('2032-01-01T00:00:00.000Z'))).toBe(true);
    expect(quarterHasEnded('2031-10', new Date('2031-12-31T23:59:59.999Z'))).toBe(false);
  });
});
