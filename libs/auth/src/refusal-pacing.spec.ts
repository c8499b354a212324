import { RefusalPacing } from './refusal-pacing';

describe('RefusalPacing', () => {
  it('before any real account was refused, holds an unknown email as long again as it took', () => {
    expect(new RefusalPacing().floorFor(12)).toBe(24);
  });

  it('draws the floor from the recorded durations of real-account refusals', () => {
    const pacing = new RefusalPacing(4);
    [10, 20, 30].forEach((ms) => pacing.recordKnown(ms));
    const drawn = new Set(Array.from({ length: 200 }, () => pacing.floorFor(1)));
    expect([...drawn].sort((a, b) => a - b)).toEqual([10, 20, 30]);
  });

  it('keeps only the latest durations, so a slow hour long past does not slow every answer', () => {
    const pacing = new RefusalPacing(2);
    [500, 500, 7, 9].forEach((ms) => pacing.recordKnown(ms));
    const drawn = new Set(Array.from({ length: 100 }, () => pacing.floorFor(1)));
    expect([...drawn].sort((a, b) => a - b)).toEqual([7, 9]);
  });

  it('waits out the rest of the floor, and not at all once it has passed', async () => {
    const pacing = new RefusalPacing();
    pacing.recordKnown(40);
    let started = performance.now();
    await pacing.hold(started);
    expect(performance.now() - started).toBeGreaterThanOrEqual(39);
    started = performance.now() - 100;
    const before = performance.now();
    await pacing.hold(started);
    expect(performance.now() - before).toBeLessThan(20);
  });
});
