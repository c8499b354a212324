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

  /** Inserts the rows, or updates those whose values differ. */
  async upsert(tx: Tx, spec: TableSpec, values: readonly StoredRow[]): Promise<UpsertCount> {
    if (values.length === 0) return { inserted: 0, updated: 0 };
    const columns = storedColumns(spec);
    const { arrays, names, selected, changed, distinct } = this.parts(columns, values);
    const counted = await firstRow<{ inserted: number; updated: number }>(
      tx,
      `WITH written AS (
         INSERT INTO directory.${spec.table} AS t (${names}) SELECT ${selected} FROM unnest(${columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')}) AS v(${names})
         ON CONFLICT (id) DO UPDATE SET ${changed} WHERE ${distinct}
         RETURNING (xmax = 0) AS inserted)
       SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM written`,
      arrays,
    );
    return counted!;
  }

  /**
   * Capacity figures: inserted at version 1, or updated (version + 1, no user) when a value differs and
   * the package's figure is not older than the stored one; every figure written is kept in the
   * capacity history with the reason IMPORT, in the same statement.
   */
  async upsertCapacity(tx: Tx, spec: TableSpec, values: readonly StoredRow[]): Promise<UpsertCount> {
    if (values.length === 0) return { inserted: 0, updated: 0 };
    const columns = storedColumns(spec);
    const { arrays, names, selected, changed, distinct } = this.parts(columns, values);
    const counted = await firstRow<{ inserted: number; updated: number }>(
      tx,
      `WITH written AS (
         INSERT INTO directory.service_capacity AS t (${names}) SELECT ${selected} FROM unnest(${columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')}) AS v(${names})
         ON CONFLICT (id) DO UPDATE SET ${changed}, version = t.version + 1, updated_by = NULL
           WHERE ${distinct} AND EXCLUDED.updated >= t.updated
         RETURNING id, version, available, maximum, updated, updated_by, (xmax = 0) AS inserted),
       history AS (
         INSERT INTO directory.capacity_history (capacity_id, version, available, maximum, updated, updated_by, reason)
         SELECT id, version, available, maximum, updated, updated_by, 'IMPORT' FROM written)
       SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM written`,
      arrays,
    );
    return counted!;
  }

  /** Every row of a table, each column as text (null when empty), in id order. */
  async exportRows(tx: Tx, spec: TableSpec): Promise<Record<string, string | null>[]> {
    const columns = storedColumns(spec);
    return rows<Record<string, string | null>>(tx, `SELECT ${columns.map(exported).join(', ')} FROM directory.${spec.table} ORDER BY id COLLATE "C"`);
  }

  private parts(columns: StoredColumn[], values: readonly StoredRow[]) {
    const arrays = columns.map((column) => values.map((row) => row[column.name] ?? null));
    const names = columns.map((column) => column.name).join(', ');
    const selected = columns.map((column) => `v.${column.name}`).join(', ');
    const updatable = columns.filter((column) => column.name !== 'id');
    const changed = updatable.map((column) => `${column.name} = EXCLUDED.${column.name}`).join(', ');
    const distinct = `(${updatable.map((column) => `t.${column.name}`).join(', ')}) IS DISTINCT FROM (${updatable.map((column) => `EXCLUDED.${column.name}`).join(', ')})`;
    return { arrays, names, selected, changed, distinct };
  }
}
