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
