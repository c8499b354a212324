import { MedianSnapshots } from './median-snapshots';
import { MedianRow } from './statistics.repository';

const rows = (median: number): MedianRow[] => [{ value: null, median, n: 12 }];

describe('MedianSnapshots', () => {
  const MAX_AGE = 60_000;

  it('reads a question once and gives the same snapshot to every reader until it is as old as a lattice may be', async () => {
    const snapshots = new MedianSnapshots();
    const read = jest.fn().mockResolvedValueOnce(rows(5)).mockResolvedValueOnce(rows(7));
    expect(await snapshots.of('q', 1_000, MAX_AGE, read)).toEqual(rows(5));
    expect(await snapshots.of('q', 1_000 + MAX_AGE - 1, MAX_AGE, read)).toEqual(rows(5));
    expect(read).toHaveBeenCalledTimes(1);
    // Once the snapshot is as old as the maximum age, the medians are read again.
    expect(await snapshots.of('q', 1_000 + MAX_AGE, MAX_AGE, read)).toEqual(rows(7));
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('keeps each question apart', async () => {
    const snapshots = new MedianSnapshots();
    expect(await snapshots.of('a', 0, MAX_AGE, async () => rows(1))).toEqual(rows(1));
    expect(await snapshots.of('b', 0, MAX_AGE, async () => rows(2))).toEqual(rows(2));
    expect(await snapshots.of('a', 10, MAX_AGE, async () => rows(3))).toEqual(rows(1));
  });

  it('keeps nothing when the maximum age is zero', async () => {
    const snapshots = new MedianSnapshots();
    const read = jest.fn().mockResolvedValue(rows(4));
    await snapshots.of('q', 0, 0, read);
    await snapshots.of('q', 0, 0, read);
    expect(read).toHaveBeenCalledTimes(2);
    expect(snapshots.size).toBe(0);
  });

  it('forgets the oldest question first once it holds as many as it may', async () => {
    const snapshots = new MedianSnapshots(2);
    await snapshots.of('first', 0, MAX_AGE, async () => rows(1));
    await snapshots.of('second', 1, MAX_AGE, async () => rows(2));
    await snapshots.of('third', 2, MAX_AGE, async () => rows(3));
    expect(snapshots.size).toBe(2);
    const again = jest.fn().mockResolvedValue(rows(10));
    expect(await snapshots.of('second', 3, MAX_AGE, again)).toEqual(rows(2));
    expect(await snapshots.of('first', 3, MAX_AGE, again)).toEqual(rows(10));
    expect(again).toHaveBeenCalledTimes(1);
  });

  it('keeps nothing when the read fails, so the next reader reads again', async () => {
    const snapshots = new MedianSnapshots();
    await expect(snapshots.of('q', 0, MAX_AGE, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await snapshots.of('q', 1, MAX_AGE, async () => rows(6))).toEqual(rows(6));
  });
});
