import { execute, firstRow, rows, Tx } from '@tandem/platform';

/** A partition of `audit_event` and its bounds, as the catalog states them (null for the default partition). */
export interface PartitionBounds {
  name: string;
  from: Date | null;
  to: Date | null;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The audit trail's partitions as retention handles them, on a connection of the schema's owner
 * (the application role may not remove events): the catalog's view of the partitions, the export
 * cursor, the chain anchors a dropped month leaves, and detaching and dropping the month.
 * Partition names are quoted here; callers pass names the catalog gave.
 */
export class AuditRetentionRepository {
  /** The partitions of `audit_event`, oldest first, the default one last. */
  async partitions(db: Tx): Promise<PartitionBounds[]> {
    return rows<PartitionBounds>(
      db,
      `SELECT c.relname AS name, b.m[1]::timestamptz AS "from", b.m[2]::timestamptz AS "to"
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         CROSS JOIN LATERAL (SELECT regexp_match(pg_get_expr(c.relpartbound, c.oid), $$FROM \\('([^']+)'\\) TO \\('([^']+)'\\)$$) AS m) b
        WHERE i.inhparent = 'audit_event'::regclass
        ORDER BY b.m[1]::timestamptz NULLS LAST, c.relname`,
    );
  }

  /** How many events the partition holds. */
  async countRows(db: Tx, partition: string): Promise<number> {
    const row = await firstRow<{ n: string }>(db, `SELECT count(*)::bigint AS n FROM ${quoteIdent(partition)}`);
    return Number(row!.n);
  }

  /** How many events dated before `before` (an ISO time) sit in the default partition. */
  async countInDefaultBefore(db: Tx, before: string): Promise<number> {
    const row = await firstRow<{ n: string }>(db, `SELECT count(*)::bigint AS n FROM audit_event_default WHERE occurred_at < $1::timestamptz`, [before]);
    return Number(row!.n);
  }

  /**
   * Readies the transaction to export the partition: times written in UTC, time enough for a big
   * month, and the partition locked so that no event arrives in it while it is copied.
   */
  async lockForExport(tx: Tx, partition: string): Promise<void> {
    await execute(tx, `SET LOCAL TimeZone = 'UTC'`);
    await execute(tx, `SET LOCAL statement_timeout = '30min'`);
    await execute(tx, `LOCK TABLE ${quoteIdent(partition)} IN SHARE MODE`);
  }

  /** The partition's columns, in table order. */
  async columnsOf(tx: Tx, partition: string): Promise<string[]> {
    const found = await rows<{ name: string }>(
      tx,
      `SELECT attname AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
      [partition],
    );
    return found.map((row) => row.name);
  }

  /**
   * Opens a server-side cursor over the partition's rows in time order, each column as text as
   * PostgreSQL writes it (times in UTC, bytea as \x hex, arrays and jsonb as literals), named c0, c1, ...
   */
  async openExport(tx: Tx, partition: string, columns: readonly string[]): Promise<void> {
    const select = columns.map((column, index) => `${quoteIdent(column)}::text AS c${index}`).join(', ');
    await execute(tx, `DECLARE audit_export NO SCROLL CURSOR FOR SELECT ${select} FROM ${quoteIdent(partition)} ORDER BY occurred_at, id`);
  }

  /** The next rows of the export cursor, `size` at most; none when it is done. */
  async fetchExport(tx: Tx, size: number): Promise<Record<string, string | null>[]> {
    return rows<Record<string, string | null>>(tx, `FETCH ${size} FROM audit_export`);
  }

  async closeExport(tx: Tx): Promise<void> {
    await execute(tx, `CLOSE audit_export`);
  }

  /** Records, per chain, the last link the partition holds, so verification starts again after it. */
  async anchorChains(tx: Tx, partition: string): Promise<{ chainKey: string; lastSeq: number }[]> {
    const anchored = await rows<{ chainKey: string; lastSeq: string }>(
      tx,
      `INSERT INTO audit_chain_anchor (chain_key, partition_name, last_seq, last_hash)
       SELECT DISTINCT ON (chain_key) chain_key, $1, chain_seq, hash FROM ${quoteIdent(partition)}
        WHERE chain_seq IS NOT NULL AND hash IS NOT NULL ORDER BY chain_key, chain_seq DESC
       ON CONFLICT (chain_key, partition_name) DO UPDATE SET last_seq = EXCLUDED.last_seq, last_hash = EXCLUDED.last_hash, pruned_at = now()
       RETURNING chain_key AS "chainKey", last_seq AS "lastSeq"`,
      [partition],
    );
    return anchored.map((row) => ({ chainKey: row.chainKey, lastSeq: Number(row.lastSeq) }));
  }

  /** Detaches the partition from the trail and drops it. */
  async detachAndDrop(tx: Tx, partition: string): Promise<void> {
    const table = quoteIdent(partition);
    // Detaching locks the whole trail: wait briefly for readers, rather than stall every writer behind them.
    await execute(tx, `SET LOCAL lock_timeout = '10s'`);
    await execute(tx, `ALTER TABLE audit_event DETACH PARTITION ${table}`);
    await execute(tx, `DROP TABLE ${table}`);
  }
}
