import { execute, rows, Tx } from '@tandem/platform';
import type { SealedTextTable } from './sealed-text';

/** One row of a sealed table as key rotation reads it: its key as text, and each sealed column by name. */
export type SealedRow = { id: string } & Record<string, string | null>;

/**
 * The sealed columns of the tables their owning libs declare ({@link SealedTextTable}), as key
 * rotation reads and rewrites them. The owner's declaration names the table, its key column and
 * its sealed columns; these statements touch those columns and nothing else of the table.
 */
export class SealedTextRepository {
  /**
   * Locks up to `limit` rows, in key order, with a sealed value under another key than
   * `currentKeyId` (and, given `fromKeyIds`, under one of those). A row another transaction holds
   * is waited for, never skipped.
   */
  async lockStale(tx: Tx, spec: SealedTextTable, currentKeyId: string, fromKeyIds: readonly string[] | null, limit: number): Promise<SealedRow[]> {
    const columns = Object.keys(spec.columns);
    const key = spec.key ?? 'id';
    // The key id is the second dot-separated part of a sealed value (v1.<keyId>.<iv>.<tag>.<ciphertext>).
    const stale = (column: string) => `(split_part(${column}, '.', 2) <> $1 AND ($2::text[] IS NULL OR split_part(${column}, '.', 2) = ANY($2::text[])))`;
    return rows<SealedRow>(
      tx,
      `SELECT ${key}::text AS id, ${columns.join(', ')} FROM ${spec.table} WHERE ${columns.map(stale).join(' OR ')} ORDER BY ${key} LIMIT $3 FOR UPDATE`,
      [currentKeyId, fromKeyIds, limit],
    );
  }

  /** Writes the rows' sealed columns: `values` holds one array a column, in the declaration's order, aligned with `ids`. */
  async write(tx: Tx, spec: SealedTextTable, ids: readonly string[], values: readonly (string | null)[][]): Promise<void> {
    const columns = Object.keys(spec.columns);
    const key = spec.key ?? 'id';
    const sets = columns.map((column, index) => `${column} = v.c${index}`).join(', ');
    const unnest = columns.map((_, index) => `$${index + 2}::text[]`).join(', ');
    await execute(
      tx,
      `UPDATE ${spec.table} x SET ${sets} FROM unnest($1::uuid[], ${unnest}) AS v(id, ${columns.map((_, index) => `c${index}`).join(', ')}) WHERE x.${key} = v.id`,
      [ids, ...values],
    );
  }
}
