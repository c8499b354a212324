import { SAME_FIGURE } from './statistics.measures';
import { CountRow } from './statistics.repository';
import { LinkedTable } from './suppression';

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

/** The keys of a table's cells, so that the same figure in two tables of a release is the same figure. */
export function keysOf(source: string, rowAxis: Axis, columnAxis: Axis): string[][] {
  const part = (axis: Axis, value: string) => (axis.dimension ? [figurePart(axis.level ?? axis.dimension, value)] : []);
  const key = (parts: string[]) => figureKey(source, parts);
  const rows = rowAxis.values.map((rowValue) => [
    ...columnAxis.values.map((columnValue) => key([...part(rowAxis, rowValue), ...part(columnAxis, columnValue)])),
    key(part(rowAxis, rowValue)),
  ]);
  return [...rows, [...columnAxis.values.map((columnValue) => key(part(columnAxis, columnValue))), key([])]];
}

export type { LinkedTable };

/** One dimension's value in a figure's key: the dimension as counted (a coarser level names itself), and the value; one name for a figure that two dimensions count. */
export const figurePart = (level: string, value: string): string => SAME_FIGURE[`${level}=${value}`] ?? `${level}=${value}`;

/** The key of a figure: its source and the values it is cut by, in a fixed order, so that the same figure has one key wherever it is shown. */
export const figureKey = (source: string, parts: readonly string[]): string => [source, ...[...parts].sort()].join('|');
