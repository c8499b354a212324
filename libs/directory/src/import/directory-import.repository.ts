import { Injectable } from '@nestjs/common';
import { execute, firstRow, rows, Tx } from '@tandem/platform';
import { ColumnKind, DirectoryTable, storedColumn, TableSpec } from './hsds-tables';
import { StoredRow } from './hsds-validate';

/** How many rows a write made and changed. */
export interface UpsertCount {
  inserted: number;
  updated: number;
}

/** A stored column: its name and its PostgreSQL type. */
interface StoredColumn {
  name: string;
  type: string;
  kind: ColumnKind;
}

const TYPES: Partial<Record<ColumnKind, string>> = {
  number: 'numeric',
  integer: 'integer',
  boolean: 'boolean',
  date: 'date',
  time: 'time',
  datetime: 'timestamptz',
  jurisdiction: 'uuid',
  'agency-name': 'uuid',
};

function storedColumns(spec: TableSpec): StoredColumn[] {
  return spec.columns.flatMap((column) => {
    const name = storedColumn(column);
    return name ? [{ name, type: TYPES[column.kind] ?? 'text', kind: column.kind }] : [];
  });
}

/** How a column reads back as text, the same in every database (times in UTC, with as many decimals as stored). */
function exported(column: StoredColumn): string {
  if (column.kind === 'datetime') return `to_char(${column.name} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS ${column.name}`;
  return column.type === 'text' ? column.name : `${column.name}::text AS ${column.name}`;
}

/**
 * The directory's writes and reads for import and export (docs/directory-import.md). Table and column
 * names come from the package specs, never from input; values go in as arrays, one per column, so a
 * table is one statement whatever its size. An upsert changes a row only when a value differs, so a
 * second import of the same package changes nothing and says so.
 */
@Injectable()
export class DirectoryImportRepository {
  /** Serialises imports for the rest of the transaction. */
  async lock(tx: Tx): Promise<void> {
    await execute(tx, `SELECT pg_advisory_xact_lock(hashtext('tandem:directory-import'))`);
  }

  /** Which of these ids the table holds. */
  async existingIds(tx: Tx, table: DirectoryTable, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const found = await rows<{ id: string }>(tx, `SELECT id FROM directory.${table} WHERE id = ANY($1::text[])`, [ids]);
    return new Set(found.map((row) => row.id));
  }

  /** Agency id → the organization of the directory that is that agency. */
  async organizationsOfAgencies(tx: Tx): Promise<Map<string, string>> {
    const found = await rows<{ agencyId: string; id: string }>(tx, `SELECT agency_id AS "agencyId", id FROM directory.organization WHERE agency_id IS NOT NULL`);
    return new Map(found.map((row) => [row.agencyId, row.id]));
  }

  /** Inserts the rows, or updates those whose values differ. */
  upsert(tx: Tx, spec: TableSpec, values: readonly StoredRow[]): Promise<UpsertCount> {
    return this.write(tx, spec, values, {});
  }

  /**
   * Capacity figures: inserted at version 1, or updated (version + 1, no user) when a value differs and
   * the package's figure is not older than the stored one; every figure written is kept in the
   * capacity history with the reason IMPORT, in the same statement.
   */
  upsertCapacity(tx: Tx, spec: TableSpec, values: readonly StoredRow[]): Promise<UpsertCount> {
    return this.write(tx, spec, values, {
      set: 'version = t.version + 1, updated_by = NULL',
      when: 'EXCLUDED.updated >= t.updated',
      returning: 'id, version, available, maximum, updated, updated_by',
      then: `history AS (
         INSERT INTO directory.capacity_history (capacity_id, version, available, maximum, updated, updated_by, reason)
         SELECT id, version, available, maximum, updated, updated_by, 'IMPORT' FROM written)`,
    });
  }

  /**
   * Of these capacity figures, the beds each holds for accepted referrals whose child has not arrived
   * yet (open holds not marked arrived): beds a shelter's own count does not know are taken.
   */
  async bedsAwaitingArrival(tx: Tx, capacityIds: readonly string[]): Promise<Map<string, number>> {
    if (capacityIds.length === 0) return new Map();
    const found = await rows<{ id: string; held: number }>(
      tx,
      `SELECT capacity_id AS id, count(*)::int AS held FROM directory.bed_hold
        WHERE capacity_id = ANY($1::text[]) AND released_at IS NULL AND arrived_at IS NULL GROUP BY capacity_id`,
      [capacityIds],
    );
    return new Map(found.map((row) => [row.id, row.held]));
  }

  /** Every row of a table, each column as text (null when empty), in id order. */
  async exportRows(tx: Tx, spec: TableSpec): Promise<Record<string, string | null>[]> {
    const columns = storedColumns(spec);
    return rows<Record<string, string | null>>(tx, `SELECT ${columns.map(exported).join(', ')} FROM directory.${spec.table} ORDER BY id COLLATE "C"`);
  }

  /**
   * One statement for a whole table: every row inserted, or updated where a value differs (and `when`
   * holds), setting `set` too; counts what it inserted and updated. `then` runs on the rows written
   * (named `written`, with the `returning` columns) in the same statement.
   */
  private async write(tx: Tx, spec: TableSpec, values: readonly StoredRow[], extra: { set?: string; when?: string; returning?: string; then?: string }): Promise<UpsertCount> {
    if (values.length === 0) return { inserted: 0, updated: 0 };
    const columns = storedColumns(spec);
    const arrays = columns.map((column) => values.map((row) => row[column.name] ?? null));
    const names = columns.map((column) => column.name).join(', ');
    const updatable = columns.filter((column) => column.name !== 'id');
    const set = [...updatable.map((column) => `${column.name} = EXCLUDED.${column.name}`), ...(extra.set ? [extra.set] : [])].join(', ');
    const distinct = `(${updatable.map((column) => `t.${column.name}`).join(', ')}) IS DISTINCT FROM (${updatable.map((column) => `EXCLUDED.${column.name}`).join(', ')})`;
    const counted = await firstRow<UpsertCount>(
      tx,
      `WITH written AS (
         INSERT INTO directory.${spec.table} AS t (${names})
         SELECT ${columns.map((column) => `v.${column.name}`).join(', ')} FROM unnest(${columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')}) AS v(${names})
         ON CONFLICT (id) DO UPDATE SET ${set} WHERE ${[distinct, ...(extra.when ? [extra.when] : [])].join(' AND ')}
         RETURNING ${extra.returning ? `${extra.returning}, ` : ''}(xmax = 0) AS inserted)${extra.then ? `,
       ${extra.then}` : ''}
       SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM written`,
      arrays,
    );
    return counted!;
  }
}
