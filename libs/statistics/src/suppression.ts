/*
 * Disclosure control for count tables (docs/design.md, "Statistics").
 *
 * A table is published with its margins: R rows by C columns of counts, each row's total, each
 * column's total and the grand total. We work on the extended (R+1) x (C+1) table whose last row and
 * column are the totals. Its line constraints (each row and column adds up to its total) form a
 * network: rows and columns are nodes, each cell an edge between its row and its column. A reader who
 * knows the published cells and the constraints can change the hidden cells only along cycles of
 * hidden edges (adding one on a cell, taking one off the next, and so on round the cycle), so a hidden
 * cell is recoverable exactly when it is a bridge of the graph of hidden cells. When every hidden cell
 * holds at least 1 (primary cells do, and complementary ones are chosen among non-zero cells; a total
 * is at least any of its cells), moving one unit either way round a cycle keeps every count
 * non-negative: a hidden cell on a cycle is then known only within a range of at least three values.
 */

/** Why a cell is hidden. */
export type SuppressionReason = 'PRIMARY' | 'COMPLEMENTARY' | 'LINKED';

/** A cell of the extended table: `row === rows` is the total row, `column === columns` the total column. */
export interface CellRef {
  row: number;
  column: number;
}

export interface SuppressionResult {
  /** The extended table's values: totals in the last row and column. */
  values: number[][];
  /** For each cell of the extended table, why it is hidden, or null when it is published. */
  hidden: (SuppressionReason | null)[][];
}

/** The extended table of `cells`: each row with its total, then the row of column totals and the grand total. */
export function extend(cells: readonly (readonly number[])[], columns: number): number[][] {
  const rows = cells.map((line) => [...line, line.reduce((sum, value) => sum + value, 0)]);
  const totals = Array.from({ length: columns + 1 }, (_, column) => rows.reduce((sum, line) => sum + line[column]!, 0));
  return [...rows, totals];
}

/** Whether a count is small enough to identify someone: 1 to `minCell - 1` (zero is published). */
export const isSmall = (value: number, minCell: number): boolean => value > 0 && value < minCell;

/**
 * Hides the small cells of a table (totals included) and then enough other cells that none of them
 * can be worked out from what is published. `forced` cells are hidden too (a total that another table
 * of the same release hid); `cells` are non-negative integers, `columns` their number per row.
 */
export function suppress(cells: readonly (readonly number[])[], columns: number, minCell: number, forced: readonly CellRef[] = []): SuppressionResult {
  for (const line of cells) {
    if (line.length !== columns) throw new Error('every row of a table has the same number of columns');
    for (const value of line) if (!Number.isInteger(value) || value < 0) throw new Error('a table holds non-negative whole counts');
  }
  const values = extend(cells, columns);
  const rows = cells.length;
  const hidden: (SuppressionReason | null)[][] = values.map((line) => line.map((value) => (isSmall(value, minCell) ? 'PRIMARY' : null)));
  for (const { row, column } of forced) if (hidden[row]![column] === null && values[row]![column]! > 0) hidden[row]![column] = 'LINKED';
  protect(values, hidden, rows, columns);
  return { values, hidden };
}

/** Adds complementary cells until no hidden cell is a bridge of the hidden graph. */
export function protect(values: readonly (readonly number[])[], hidden: (SuppressionReason | null)[][], rows: number, columns: number): void {
  for (let guard = 0; guard <= (rows + 1) * (columns + 1); guard += 1) {
    const bridge = firstBridge(hidden, rows, columns);
    if (!bridge) return;
    const path = cheapestDetour(values, hidden, rows, columns, bridge);
    if (!path) {
      // No detour through non-zero cells: the table cannot be published in part, so none of it is.
      for (let row = 0; row <= rows; row += 1) for (let column = 0; column <= columns; column += 1) if (values[row]![column]! > 0 && !hidden[row]![column]) hidden[row]![column] = 'COMPLEMENTARY';
      return;
    }
    for (const { row, column } of path) hidden[row]![column] = 'COMPLEMENTARY';
  }
  throw new Error('complementary suppression did not settle');
}

const rowNode = (row: number): number => row;
const columnNode = (rows: number, column: number): number => rows + 1 + column;

/** A hidden cell that no cycle of hidden cells passes through, or null when every one is on a cycle. */
export function firstBridge(hidden: readonly (readonly (SuppressionReason | null)[])[], rows: number, columns: number): CellRef | null {
  for (let row = 0; row <= rows; row += 1) {
    for (let column = 0; column <= columns; column += 1) {
      if (hidden[row]![column] && !connectedWithout(hidden, rows, columns, { row, column })) return { row, column };
    }
  }
  return null;
}

/** Whether the cell's row and column are joined by hidden cells other than itself. */
function connectedWithout(hidden: readonly (readonly (SuppressionReason | null)[])[], rows: number, columns: number, cut: CellRef): boolean {
  const target = columnNode(rows, cut.column);
  const seen = new Set<number>([rowNode(cut.row)]);
  const queue = [rowNode(cut.row)];
  while (queue.length) {
    const node = queue.shift()!;
    if (node === target) return true;
    for (const { next, cell } of edges(rows, columns, node)) {
      if (seen.has(next) || !hidden[cell.row]![cell.column] || (cell.row === cut.row && cell.column === cut.column)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return false;
}

/** The cells at a node: a row's cells (total included), or a column's. */
function edges(rows: number, columns: number, node: number): { next: number; cell: CellRef }[] {
  if (node <= rows) return Array.from({ length: columns + 1 }, (_, column) => ({ next: columnNode(rows, column), cell: { row: node, column } }));
  const column = node - rows - 1;
  return Array.from({ length: rows + 1 }, (_, row) => ({ next: rowNode(row), cell: { row, column } }));
}

/**
 * The published non-zero cells to hide so that the bridge lies on a cycle: the cheapest path from its
 * row to its column, where hidden cells cost nothing and a published one costs one cell plus its share
 * of the grand total (fewer cells first, then smaller ones: the least data lost). Null when there is none.
 */
function cheapestDetour(values: readonly (readonly number[])[], hidden: readonly (readonly (SuppressionReason | null)[])[], rows: number, columns: number, bridge: CellRef): CellRef[] | null {
  const nodes = rows + columns + 2;
  const grand = Math.max(1, values[rows]![columns]!);
  const cost = new Array<number>(nodes).fill(Infinity);
  const via = new Array<{ from: number; cell: CellRef } | null>(nodes).fill(null);
  const done = new Array<boolean>(nodes).fill(false);
  const start = rowNode(bridge.row);
  const target = columnNode(rows, bridge.column);
  cost[start] = 0;
  for (;;) {
    let node = -1;
    for (let candidate = 0; candidate < nodes; candidate += 1) if (!done[candidate] && cost[candidate]! < Infinity && (node < 0 || cost[candidate]! < cost[node]!)) node = candidate;
    if (node < 0) return null;
    if (node === target) break;
    done[node] = true;
    for (const { next, cell } of edges(rows, columns, node)) {
      if (cell.row === bridge.row && cell.column === bridge.column) continue;
      const value = values[cell.row]![cell.column]!;
      const step = hidden[cell.row]![cell.column] ? 0 : value > 0 ? 1 + value / grand : Infinity;
      if (cost[node]! + step < cost[next]!) {
        cost[next] = cost[node]! + step;
        via[next] = { from: node, cell };
      }
    }
  }
  const path: CellRef[] = [];
  for (let node = target; node !== start; node = via[node]!.from) {
    const { cell } = via[node]!;
    if (!hidden[cell.row]![cell.column]) path.push(cell);
  }
  return path;
}

/** The sum of the published inner cells: how much of the data a suppression keeps. */
export function keptCount(result: SuppressionResult): number {
  const rows = result.values.length - 1;
  const columns = result.values[0]!.length - 1;
  let kept = 0;
  for (let row = 0; row < rows; row += 1) for (let column = 0; column < columns; column += 1) if (!result.hidden[row]![column]) kept += result.values[row]![column]!;
  return kept;
}

/** A table of a release to protect together with the others: its counts, and each extended cell's key. */
export interface LinkedTable {
  cells: readonly (readonly number[])[];
  columns: number;
  /**
   * The key of each cell of the extended table: the same figure in two tables has the same key (a
   * margin of one is a cell or a margin of another), so that it is hidden in both or in neither.
   */
  keys: readonly (readonly string[])[];
}

/**
 * Protects the tables of one release together: a figure hidden in one table is hidden in every table
 * that publishes it, and each table is protected again until nothing changes. Since every hidden figure
 * then lies on a cycle of hidden cells in each table it appears in, moving it by one can be absorbed in
 * every one of them at once.
 */
export function suppressLinked(tables: readonly LinkedTable[], minCell: number): SuppressionResult[] {
  const hiddenKeys = new Set<string>();
  let results: SuppressionResult[] = [];
  for (let round = 0; round < 100; round += 1) {
    results = tables.map((table) => {
      const forced: CellRef[] = [];
      table.keys.forEach((line, row) => line.forEach((key, column) => hiddenKeys.has(key) && forced.push({ row, column })));
      return suppress(table.cells, table.columns, minCell, forced);
    });
    const before = hiddenKeys.size;
    results.forEach((result, index) => result.hidden.forEach((line, row) => line.forEach((reason, column) => reason && hiddenKeys.add(tables[index]!.keys[row]![column]!))));
    if (hiddenKeys.size === before) return results;
  }
  throw new Error('linked suppression did not settle');
}
