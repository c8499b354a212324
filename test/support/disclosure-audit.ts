import type { SuppressionResult } from '@tandem/statistics';

/** The part of javascript-lp-solver's model and answer that the audit uses. */
interface LpModel {
  optimize: string;
  opType: 'max' | 'min';
  constraints: Record<string, { equal?: number; min?: number; max?: number }>;
  variables: Record<string, Record<string, number>>;
}
interface LpAnswer {
  feasible: boolean;
  bounded?: boolean;
  result: number;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const solver = require('javascript-lp-solver') as { Solve(model: LpModel): LpAnswer };

/** A published table as a reader holds it: the extended table's values where published, and each cell's key. */
export interface AuditedTable {
  result: SuppressionResult;
  /** Keys shared between tables of one release (the same figure); by default each cell is its own. */
  keys?: readonly (readonly string[])[];
}

/** What a hidden cell may be, as far as linear programming over the published figures can tell. */
export interface CellRange {
  key: string;
  actual: number;
  min: number;
  max: number;
}

/**
 * For each hidden figure of a release, its least and greatest value under every constraint a reader
 * knows: the published cells, each row and column adding up to its total (in every table), and counts
 * never below zero. A hidden figure whose least and greatest values are equal can be recovered.
 */
export function auditRanges(tables: readonly AuditedTable[]): CellRange[] {
  const constraints: LpModel['constraints'] = {};
  const variables: LpModel['variables'] = {};
  const actual = new Map<string, number>();
  tables.forEach(({ result, keys }, index) => {
    const rows = result.values.length - 1;
    const columns = result.values[0]!.length - 1;
    const keyOf = (row: number, column: number) => keys?.[row]?.[column] ?? `t${index}:${row}:${column}`;
    // Each line: its inner cells minus its total is zero.
    const lines: { name: string; cells: [number, number, number][] }[] = [];
    for (let row = 0; row <= rows; row += 1) {
      lines.push({ name: `t${index}:row${row}`, cells: [...Array.from({ length: columns }, (_, column) => [row, column, 1] as [number, number, number]), [row, columns, -1]] });
    }
    for (let column = 0; column <= columns; column += 1) {
      lines.push({ name: `t${index}:col${column}`, cells: [...Array.from({ length: rows }, (_, row) => [row, column, 1] as [number, number, number]), [rows, column, -1]] });
    }
    for (const line of lines) {
      let rhs = 0;
      let free = false;
      for (const [row, column, sign] of line.cells) {
        if (result.hidden[row]![column]) {
          const key = keyOf(row, column);
          actual.set(key, result.values[row]![column]!);
          const variable = (variables[key] ??= { [key]: 1 });
          variable[line.name] = (variable[line.name] ?? 0) + sign;
          free = true;
        } else rhs -= sign * result.values[row]![column]!;
      }
      if (free) constraints[line.name] = { equal: rhs };
    }
  });
  return [...actual].map(([key, value]) => {
    const bound = (opType: 'max' | 'min') => {
      const answer = solver.Solve({ optimize: key, opType, constraints, variables });
      if (!answer.feasible) throw new Error(`the published figures admit no table: ${key}`);
      return answer.bounded === false ? (opType === 'max' ? Infinity : -Infinity) : answer.result;
    };
    return { key, actual: value, min: bound('min'), max: bound('max') };
  });
}

/** The hidden figures a reader could work out exactly. */
export function recoverable(tables: readonly AuditedTable[]): CellRange[] {
  return auditRanges(tables).filter((range) => range.max - range.min < 0.5);
}

/** A seeded generator (mulberry32): the same seed gives the same tables, so a failure can be replayed. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A figure as a sum of the cells of the finest table (the cube) it adds up, published or hidden. */
export interface CubeFigure {
  key: string;
  cells: readonly string[];
  value: number;
  hidden: boolean;
}

/**
 * What a reader can work out of each hidden figure from every published one, each a sum of cube cells
 * (counts never negative): a stronger audit than table by table, since it also holds what the
 * tables' common cube implies. A hidden figure whose least and greatest values are equal is recovered.
 */
export function cubeRanges(figures: readonly CubeFigure[]): CellRange[] {
  const published = new Map<string, CubeFigure>();
  for (const figure of figures) if (!figure.hidden) published.set(figure.key, figure);
  // A cell inside a published zero is zero: it is no variable. What is left is kept to linearly independent equations.
  const zero = new Set([...published.values()].filter((figure) => figure.value === 0).flatMap((figure) => figure.cells));
  const variables = [...new Set(figures.flatMap((figure) => figure.cells))].filter((cell) => !zero.has(cell));
  const index = new Map(variables.map((cell, position) => [cell, position]));
  const basis: { pivot: number; row: number[]; value: number }[] = [];
  const equations: CubeFigure[] = [];
  for (const figure of published.values()) {
    const row = new Array<number>(variables.length).fill(0);
    for (const cell of figure.cells) if (index.has(cell)) row[index.get(cell)!] = 1;
    let value = figure.value;
    for (const reduced of basis) {
      const factor = row[reduced.pivot]!;
      if (Math.abs(factor) < 1e-9) continue;
      for (let column = 0; column < row.length; column += 1) row[column]! -= factor * reduced.row[column]!;
      value -= factor * reduced.value;
    }
    const pivot = row.findIndex((coefficient) => Math.abs(coefficient) > 1e-9);
    if (pivot < 0) continue;
    const scale = row[pivot]!;
    basis.push({ pivot, row: row.map((coefficient) => coefficient / scale), value: value / scale });
    equations.push(figure);
  }
  const constraints: LpModel['constraints'] = {};
  for (const figure of equations) constraints[`f:${figure.key}`] = { equal: figure.value };
  const hidden = new Map<string, CubeFigure>();
  for (const figure of figures) if (figure.hidden && !published.has(figure.key)) hidden.set(figure.key, figure);
  return [...hidden.values()].map((figure) => {
    const inFigure = new Set(figure.cells);
    const model: LpModel['variables'] = {};
    for (const cell of variables) model[cell] = { objective: inFigure.has(cell) ? 1 : 0 };
    for (const each of equations) for (const cell of each.cells) if (model[cell]) model[cell]![`f:${each.key}`] = 1;
    const bound = (opType: 'max' | 'min') => {
      const answer = solver.Solve({ optimize: 'objective', opType, constraints, variables: model });
      if (!answer.feasible) throw new Error(`the published figures admit no cube: ${figure.key}`);
      return answer.bounded === false ? (opType === 'max' ? Infinity : -Infinity) : answer.result;
    };
    return { key: figure.key, actual: figure.value, min: bound('min'), max: bound('max') };
  });
}
