import { MedianRow } from './statistics.repository';

/** How many questions' medians a process keeps. */
export const MEDIAN_SNAPSHOTS = 256;

/**
 * The medians of recent questions, kept for as long as a lattice is (STATISTICS_LATTICE_MAX_AGE_MS):
 * a median needs every value of the period, so readers of one question share one snapshot of it, and
 * a reader asking again within that time learns nothing new about what was recorded in between. The
 * oldest question is forgotten first once {@link MEDIAN_SNAPSHOTS} are kept; a maximum age of zero
 * keeps nothing.
 */
export class MedianSnapshots {
  private readonly kept = new Map<string, { at: number; rows: MedianRow[] }>();

  constructor(private readonly capacity = MEDIAN_SNAPSHOTS) {}

  /** The snapshot of `key` taken less than `maxAgeMs` before `now`, or one read now by `read` and kept. */
  async of(key: string, now: number, maxAgeMs: number, read: () => Promise<MedianRow[]>): Promise<MedianRow[]> {
    const found = this.kept.get(key);
    if (found && found.at + maxAgeMs > now) return found.rows;
    const rows = await read();
    this.kept.delete(key);
    if (maxAgeMs > 0) {
      if (this.kept.size >= this.capacity) this.kept.delete(this.kept.keys().next().value!);
      this.kept.set(key, { at: now, rows });
    }
    return rows;
  }

  get size(): number {
    return this.kept.size;
  }
}
