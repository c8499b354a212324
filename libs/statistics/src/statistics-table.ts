import { coarsenMonth } from './statistics.measures';
import { CountRow } from './statistics.repository';
import { keptCount, LinkedTable, suppress, SuppressionResult } from './suppression';

/** The label of the single column of a table with no column dimension, and of the single row of one with no dimension. */
export const ALL = 'ALL';

/** One axis of a table: its dimension (null: a single `ALL` line), its level for months, and its values in order. */
export interface Axis {
  dimension: string | null;
  level?: string;
  values: readonly string[];
}

/** The counts laid out in rows and columns: the count rows carry the row value first, then the column value. */
export function layOut(found: readonly CountRow[], rowAxis: Axis, columnAxis: Axis): number[][] {
  const cells = rowAxis.values.map(() => columnAxis.values.map(() => 0));
  const rowIndex = new Map(rowAxis.values.map((value, index) => [value, index]));
  const columnIndex = new Map(columnAxis.values.map((value, index) => [value, index]));
  for (const { values, n } of found) {
    let position = 0;
    const row = rowAxis.dimension ? rowIndex.get(values[position++]!) : 0;
    const column = columnAxis.dimension ? columnIndex.get(values[position]!) : 0;
    // A value outside the axis (a jurisdiction not asked for) is not counted here.
    if (row === undefined || column === undefined) continue;
    cells[row]![column]! += n;
  }
  return cells;
}

/** The axis of months coarsened to a level, and the count rows with their months coarsened the same way (at `position`). */
export function coarsened(axis: Axis, found: readonly CountRow[], position: number, level: string): { axis: Axis; found: CountRow[] } {
  const values = [...new Set(axis.values.map((month) => coarsenMonth(month, level)))];
  return {
    axis: { ...axis, level, values },
    found: found.map((row) => ({ ...row, values: row.values.map((value, index) => (index === position ? coarsenMonth(value, level) : value)) })),
  };
}

export interface Candidate {
  level: string;
  result: SuppressionResult;
}

/**
 * The level to publish: the one whose suppression keeps the most counted units in published cells,
 * the finer of two that keep as many (coarsening only where it keeps more data).
 */
export function chooseLevel(candidates: readonly Candidate[]): Candidate {
  let best = candidates[0]!;
  for (const candidate of candidates.slice(1)) if (keptCount(candidate.result) > keptCount(best.result)) best = candidate;
  return best;
}

/** Suppresses a table, or publishes it whole (a minimum cell of 1 hides nothing) when its measure counts nothing about children. */
export function protectTable(cells: number[][], columns: number, minCell: number, protect: boolean): SuppressionResult {
  return suppress(cells, columns, protect ? minCell : 1);
}

/** The keys of a table's cells, so that the same figure in two tables of a release is the same figure. */
export function keysOf(source: string, rowAxis: Axis, columnAxis: Axis): string[][] {
  const part = (axis: Axis, value: string) => (axis.dimension ? [`${axis.dimension === 'MONTH' ? (axis.level ?? 'MONTH') : axis.dimension}=${value}`] : []);
  const key = (parts: string[]) => [source, ...parts.sort()].join('|');
  const rows = rowAxis.values.map((rowValue) => [
    ...columnAxis.values.map((columnValue) => key([...part(rowAxis, rowValue), ...part(columnAxis, columnValue)])),
    key(part(rowAxis, rowValue)),
  ]);
  return [...rows, [...columnAxis.values.map((columnValue) => key(part(columnAxis, columnValue))), key([])]];
}

export type { LinkedTable };
