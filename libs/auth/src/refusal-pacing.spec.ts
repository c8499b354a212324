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
    const waits: number[] = [];
    const pacing = new RefusalPacing(32, async (ms) => waits.push(ms));
    pacing.recordKnown(40);
    const started = performance.now();
    await pacing.hold(started);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(0);
    expect(waits[0]).toBeLessThanOrEqual(40);
    expect(waits[0]! + (performance.now() - started)).toBeGreaterThanOrEqual(39);
    await pacing.hold(performance.now() - 100);
    expect(waits).toHaveLength(1);
  });
});
