import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Tx } from '@tandem/platform';
import { AuditRetentionRepository } from './audit-retention.repository';
import { csvLine, readBackCsv } from './csv';

/** One partition of `audit_event`: a month (`audit_event_YYYY_MM`) or the default one. */
export interface AuditPartition {
  name: string;
  /** `YYYY-MM` for a monthly partition, null for the default one. */
  month: string | null;
  from: Date | null;
  to: Date | null;
  rows: number;
}

export interface PrunePlan {
  /** Every monthly partition before `before` is dated within retention: the request is refused. */
  refused: string | null;
  cutoff: Date;
  latestAllowed: string;
  partitions: AuditPartition[];
  /** Events before `before` in the default partition: they are not pruned (say so, do not touch them). */
  strayInDefault: number;
}

export interface PruneResult {
  partition: string;
  rows: number;
  file: string;
  sha256: string;
  anchors: { chainKey: string; lastSeq: number }[];
}

const MONTHLY = /^audit_event_(\d{4})_(\d{2})$/;
const FETCH = 5_000;

export const MONTH_ARGUMENT = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The moment before which events are past retention: `now` less `years` (UTC calendar). */
export function retentionCutoff(now: Date, years: number): Date {
  const cutoff = new Date(now.getTime());
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return cutoff;
}

/** The latest `--before` month that keeps everything younger than `years`: the month of the cutoff. */
export function latestPrunableMonth(now: Date, years: number): string {
  return retentionCutoff(now, years).toISOString().slice(0, 7);
}

/**
 * Retention of the audit trail, acting as the schema's owner (the application role may not remove
 * events): lists partitions, and removes whole months past retention, each first exported to CSV
 * and checked, its chains anchored in `audit_chain_anchor` so verification starts again where the
 * dropped month ended, then detached and dropped, all in one transaction per month.
 */
export class AuditRetention {
  private readonly repository = new AuditRetentionRepository();

  constructor(private readonly owner: DataSource) {}

  async partitions(): Promise<AuditPartition[]> {
    const rows = await this.repository.partitions(this.owner.manager);
    const partitions: AuditPartition[] = [];
    for (const row of rows) {
      const count = await this.repository.countRows(this.owner.manager, row.name);
      const monthly = MONTHLY.exec(row.name);
      partitions.push({ name: row.name, month: monthly ? `${monthly[1]}-${monthly[2]}` : null, from: row.from, to: row.to, rows: count });
    }
    return partitions;
  }

  /** What `prune(before)` would remove. Nothing younger than `retentionYears` is ever in it. */
  async plan(before: string, now: Date, retentionYears: number): Promise<PrunePlan> {
    if (!MONTH_ARGUMENT.test(before)) throw new Error(`"${before}" is not a month (YYYY-MM)`);
    const cutoff = retentionCutoff(now, retentionYears);
    const latestAllowed = latestPrunableMonth(now, retentionYears);
    if (before > latestAllowed) {
      return {
        refused: `--before ${before} reaches into the retention period: audit events are kept ${retentionYears} year(s) (AUDIT_RETENTION_YEARS), so the latest month allowed today is ${latestAllowed}`,
        cutoff,
        latestAllowed,
        partitions: [],
        strayInDefault: 0,
      };
    }
    const all = await this.partitions();
    // Named for a month before `before`, and (whatever the name says) bounded entirely before the cutoff.
    const partitions = all.filter((p) => p.month !== null && p.month < before && p.to !== null && p.to.getTime() <= cutoff.getTime());
    const strayInDefault = await this.repository.countInDefaultBefore(this.owner.manager, `${before}-01T00:00:00Z`);
    return { refused: null, cutoff, latestAllowed, partitions, strayInDefault };
  }

  /** Exports, checks, anchors, detaches and drops one partition. Throws (and keeps it) when the file does not hold every row. */
  async prune(partition: AuditPartition, outDir: string): Promise<PruneResult> {
    if (!MONTHLY.test(partition.name)) throw new Error(`${partition.name} is not a monthly audit partition`);
    await mkdir(outDir, { recursive: true });
    const file = join(outDir, `${partition.name}.csv`);
    const partial = `${file}.partial`;
    try {
      return await this.owner.transaction(async (tx) => {
        await this.repository.lockForExport(tx, partition.name);
        const rows = await this.repository.countRows(tx, partition.name);
        const written = await this.exportTo(tx, partition.name, partial);
        const readBack = await readBackCsv(partial);
        if (written !== rows || readBack.records - 1 !== rows) {
          throw new Error(`${partition.name}: ${rows} rows in the partition, ${written} written, ${readBack.records - 1} read back from ${partial}; nothing was dropped`);
        }
        await rename(partial, file);
        const anchors = await this.repository.anchorChains(tx, partition.name);
        await this.repository.detachAndDrop(tx, partition.name);
        return {
          partition: partition.name,
          rows,
          file,
          sha256: readBack.sha256,
          anchors: anchors.sort((a, b) => a.chainKey.localeCompare(b.chainKey)),
        };
      });
    } finally {
      await rm(partial, { force: true });
    }
  }

  /** Streams the partition through a server-side cursor into a CSV file (header first); returns the rows written. */
  private async exportTo(tx: Tx, name: string, path: string): Promise<number> {
    const names = await this.repository.columnsOf(tx, name);
    // Text as PostgreSQL writes it: the file loads back with COPY.
    await this.repository.openExport(tx, name, names);
    const handle = await open(path, 'w');
    let written = 0;
    try {
      await handle.write(csvLine(names));
      for (;;) {
        const batch = await this.repository.fetchExport(tx, FETCH);
        if (batch.length === 0) break;
        await handle.write(batch.map((row) => csvLine(names.map((_, index) => row[`c${index}`] ?? null))).join(''));
        written += batch.length;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await this.repository.closeExport(tx);
    return written;
  }
}
