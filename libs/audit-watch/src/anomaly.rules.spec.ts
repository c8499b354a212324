import { HOUR, MINUTE, slidingWindowHits, WindowEvent, windowStartOf } from './anomaly.rules';

const T0 = new Date('2026-03-04T10:00:00.000Z').getTime();
const at = (minutes: number) => new Date(T0 + minutes * MINUTE);
const views = (userId: string, entries: [minute: number, caseId: string][]): WindowEvent[] =>
  entries.map(([minute, key]) => ({ userId, agencyId: 'agency-1', at: at(minute), key }));
const hourly = { windowMs: HOUR, bucketMs: HOUR, atLeast: 4, from: at(-120) };

describe('slidingWindowHits', () => {
  it('counts distinct keys: exactly the limit is no hit, one more is', () => {
    expect(slidingWindowHits(views('u', [[1, 'a'], [2, 'b'], [3, 'c'], [4, 'a'], [5, 'b']]), hourly)).toEqual([]);
    const hits = slidingWindowHits(views('u', [[1, 'a'], [2, 'b'], [3, 'c'], [4, 'd'], [5, 'e']]), hourly);
    expect(hits).toEqual([{ userId: 'u', agencyId: 'agency-1', windowStart: at(0), count: 5, firstAt: at(4) }]);
  });

  it('sees a burst that straddles the hour, and names it by the hour the limit was passed in', () => {
    const hits = slidingWindowHits(views('u', [[50, 'a'], [55, 'b'], [62, 'c'], [65, 'd']]), hourly);
    expect(hits.map((hit) => hit.windowStart)).toEqual([at(60)]);
  });

  it('lets events fall out of the trailing window', () => {
    expect(slidingWindowHits(views('u', [[0, 'a'], [20, 'b'], [40, 'c'], [60, 'd']]), hourly)).toEqual([]);
    expect(slidingWindowHits(views('u', [[1, 'a'], [20, 'b'], [40, 'c'], [60, 'd']]), hourly)).toHaveLength(1);
  });

  it('reports a user who stays over the limit once per alert window, and keeps users apart', () => {
    const busy = views('u', Array.from({ length: 12 }, (_, i) => [i * 15, `c${i}`] as [number, string]));
    const quiet = views('v', [[0, 'a'], [1, 'b'], [2, 'c']]);
    const hits = slidingWindowHits([...busy, ...quiet], hourly);
    // Minutes 0, 15, 30 and 45 pass the limit at 10:45; the user stays over it until 12:45.
    expect(hits.map((hit) => [hit.userId, hit.windowStart.toISOString()])).toEqual([
      ['u', at(0).toISOString()],
      ['u', at(60).toISOString()],
      ['u', at(120).toISOString()],
    ]);
  });

  it('leaves events before `from` to fill windows only', () => {
    const events = views('u', [[0, 'a'], [1, 'b'], [2, 'c'], [3, 'd'], [70, 'e']]);
    expect(slidingWindowHits(events, { ...hourly, from: at(10) })).toEqual([]);
    expect(slidingWindowHits(events, { ...hourly, from: at(10), windowMs: 2 * HOUR })).toHaveLength(1);
  });

  it('aligns alert windows on UTC boundaries', () => {
    expect(windowStartOf(new Date('2026-03-04T10:19:59.999Z'), 10 * MINUTE).toISOString()).toBe('2026-03-04T10:10:00.000Z');
  });
});
