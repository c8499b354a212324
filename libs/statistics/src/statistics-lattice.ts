import { ALL, Axis, figureKey, figurePart, keysOf, layOut } from './statistics-table';
import { coarsenMonth, DimensionName, DIMENSIONS, DimensionValues, MEASURES, MeasureSpec, monthsBetween, SourceName } from './statistics.measures';
import { keptCount, LinkedTable, suppressLinked, SuppressionResult } from './suppression';

/*
 * The lattice (docs/2026-12-07-statistics-differencing.md). Every figure a reader can be shown is
 * read from the protected lattice of a quarter: for one source (and, for operational figures, one
 * agency), every table that a query may ask for, over that quarter and every jurisdiction, protected
 * together as one release. An answer is a view of lattices: each of its figures is a figure of the
 * lattice, or a sum of them (several quarters, several jurisdictions, the months of a part of a
 * quarter, the bands of an age group), and it is published only when every figure it sums is
 * published. Whatever a reader asks, and however many answers they subtract from one another, they
 * hold sums of published lattice figures and nothing else; the lattice is protected against exactly
 * that.
 */

/** The quarter of a month (`2025-02` → `2025-Q1`). */
export const quarterOf = (month: string): string => coarsenMonth(month, 'QUARTER');

/** The three months of a quarter. */
export function monthsOfQuarter(quarter: string): string[] {
  const [year, number] = quarter.split('-Q');
  const first = (Number(number) - 1) * 3 + 1;
  return [first, first + 1, first + 2].map((month) => `${year}-${String(month).padStart(2, '0')}`);
}

/** The quarters the months from `from` to `to` touch, in order. */
export const quartersBetween = (from: string, to: string): string[] => [...new Set(monthsBetween(from, to).map(quarterOf))];

/** The order dimensions take in a lattice table: rows first. */
const ORDER = Object.keys(DIMENSIONS);
const ordered = (dimensions: readonly DimensionName[]): DimensionName[] => [...dimensions].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));

/** The dimensions of the table that answers a measure cut by `dimensions`: a share's outcome is its columns. */
export function tableOf(spec: MeasureSpec, dimensions: readonly DimensionName[]): DimensionName[] {
  return spec.share ? [...dimensions, spec.share.dimension] : [...dimensions];
}

/** The tables of a source's lattice: every table of one or two dimensions (and the table of none) its measures for the audience can be asked for. */
export function latticeTables(source: SourceName, audience: MeasureSpec['audience']): DimensionName[][] {
  const tables = new Map<string, DimensionName[]>();
  const add = (dimensions: DimensionName[]) => tables.set(ordered(dimensions).join(','), ordered(dimensions));
  for (const spec of Object.values(MEASURES) as MeasureSpec[]) {
    if (spec.source !== source || spec.audience !== audience) continue;
    const dimensions = spec.dimensions as readonly DimensionName[];
    if (spec.share) {
      add([spec.share.dimension]);
      for (const dimension of dimensions) add([dimension, spec.share.dimension]);
      continue;
    }
    add([]);
    dimensions.forEach((first, index) => {
      add([first]);
      for (const second of dimensions.slice(index + 1)) add([first, second]);
    });
  }
  return [...tables.values()];
}

/** A count of the source by month and by every dimension its lattice tables cut by. */
export interface CubeRow {
  month: string;
  values: Partial<Record<DimensionName, string>>;
  n: number;
}

/** The protected lattice of one quarter, as stored and read. */
export interface LatticeBody {
  quarter: string;
  /** `AGE_GROUP` when the quarter's age bands were coarsened because that kept more data. */
  ageLevel: 'AGE_BAND' | 'AGE_GROUP';
  /** Whether the quarter is published by month too: only when that costs no figure of the quarter as a whole. */
  months: boolean;
  /** The values found in the quarter, of dimensions whose values are data (instruments). */
  found: Record<string, string[]>;
  /** Each figure by its key: its value and whether it is hidden (1). */
  figures: Record<string, [number, 0 | 1]>;
}

export interface LatticeContext {
  jurisdictions: readonly string[];
  minCell: number;
  protect: boolean;
}

const coarserOf = (dimension: DimensionName) => DIMENSIONS[dimension] as { coarsening?: { level: string; values?: readonly string[]; of?: Readonly<Record<string, string>> } };

/** Protects a quarter's lattice: age bands coarsened where that keeps more counted units published, months kept where they cost nothing. */
export function buildLattice(source: SourceName, tables: readonly DimensionName[][], quarter: string, cube: readonly CubeRow[], context: LatticeContext): LatticeBody {
  const months = monthsOfQuarter(quarter);
  const found: Record<string, string[]> = {};
  for (const dimension of new Set(tables.flat())) {
    if ((DIMENSIONS[dimension].values as DimensionValues).kind === 'found') found[dimension] = [...new Set(cube.map((row) => row.values[dimension]!))].sort();
  }
  const axisOf = (dimension: DimensionName | undefined, ageLevel: string): Axis => {
    if (!dimension) return { dimension: null, values: [ALL] };
    const values = DIMENSIONS[dimension].values as DimensionValues;
    if (values.kind === 'months') return { dimension, level: 'MONTH', values: months };
    if (values.kind === 'jurisdictions') return { dimension, values: context.jurisdictions };
    if (values.kind === 'found') return { dimension, values: found[dimension]! };
    if (dimension === 'AGE_BAND' && ageLevel !== dimension) return { dimension, level: ageLevel, values: coarserOf(dimension).coarsening!.values! };
    return { dimension, values: values.values };
  };
  const valueOf = (row: CubeRow, dimension: DimensionName, ageLevel: string): string => {
    if (dimension === 'MONTH') return row.month;
    const value = row.values[dimension]!;
    return dimension === 'AGE_BAND' && ageLevel !== dimension ? coarserOf(dimension).coarsening!.of![value]! : value;
  };
  const protectWith = (ageLevel: string, withMonths: boolean) => {
    const chosen = tables.filter((dimensions) => withMonths || !dimensions.includes('MONTH'));
    const linked: (LinkedTable & { dimensions: DimensionName[] })[] = chosen.map((dimensions) => {
      const rowAxis = axisOf(dimensions[0], ageLevel);
      const columnAxis = axisOf(dimensions[1], ageLevel);
      const cells = layOut(
        cube.map((row) => ({ values: dimensions.map((dimension) => valueOf(row, dimension, ageLevel)), n: row.n })),
        rowAxis,
        columnAxis,
      );
      return { dimensions, cells, columns: columnAxis.values.length, keys: keysOf(source, rowAxis, columnAxis) };
    });
    const results = suppressLinked(linked, context.protect ? context.minCell : 1);
    return { linked, results };
  };
  type Protected = ReturnType<typeof protectWith>;
  const kept = (protectedLattice: Protected, dimension: DimensionName) =>
    protectedLattice.results.reduce((sum, result, index) => sum + (protectedLattice.linked[index]!.dimensions.includes(dimension) ? keptCount(result) : 0), 0);
  const figuresOf = (protectedLattice: Protected): LatticeBody['figures'] => {
    const figures: LatticeBody['figures'] = {};
    protectedLattice.results.forEach((result, index) =>
      protectedLattice.linked[index]!.keys.forEach((line, row) => line.forEach((key, column) => (figures[key] = [result.values[row]![column]!, result.hidden[row]![column] ? 1 : 0]))),
    );
    return figures;
  };

  let ageLevel: LatticeBody['ageLevel'] = 'AGE_BAND';
  if (tables.some((dimensions) => dimensions.includes('AGE_BAND'))) {
    const fine = protectWith('AGE_BAND', false);
    if (kept(protectWith('AGE_GROUP', false), 'AGE_BAND') > kept(fine, 'AGE_BAND')) ageLevel = 'AGE_GROUP';
  }
  const quarterly = figuresOf(protectWith(ageLevel, false));
  if (tables.some((dimensions) => dimensions.includes('MONTH'))) {
    const monthly = figuresOf(protectWith(ageLevel, true));
    // Months are published only when they cost nothing that the quarter alone would publish.
    const costsNothing = Object.entries(quarterly).every(([key, [, hidden]]) => hidden === 1 || monthly[key]![1] === 0);
    if (costsNothing) return { quarter, ageLevel, months: true, found, figures: monthly };
  }
  return { quarter, ageLevel, months: false, found, figures: quarterly };
}

/** What an answer is asked over. */
export interface LatticeQuestion {
  source: SourceName;
  rowDimension: DimensionName | null;
  columnDimension: DimensionName | null;
  from: string;
  to: string;
  /** The jurisdictions counted: null for all. */
  jurisdictionIds: readonly string[] | null;
}

export interface LatticeAnswer {
  rowAxis: Axis;
  columnAxis: Axis;
  result: SuppressionResult;
}

/**
 * A table read from the lattices of the quarters the period touches (`lattices`, by quarter): each
 * figure the sum of the lattice figures it is made of, published only when every one of them is
 * published and the lattice holds them all (a figure it does not hold, such as one month of a table
 * already cut by two dimensions, is not published).
 */
export function answerFrom(question: LatticeQuestion, lattices: ReadonlyMap<string, LatticeBody>, allJurisdictions: readonly string[]): LatticeAnswer {
  const periodMonths = monthsBetween(question.from, question.to);
  const quarters = quartersBetween(question.from, question.to);
  const bodies = quarters.map((quarter) => {
    const body = lattices.get(quarter);
    if (!body) throw new Error(`no lattice for ${quarter}`);
    return body;
  });
  const wholeQuarters = quarters.every((quarter) => monthsOfQuarter(quarter).every((month) => periodMonths.includes(month)));
  const ageLevel = bodies.some((body) => body.ageLevel === 'AGE_GROUP') ? 'AGE_GROUP' : 'AGE_BAND';
  const monthLevel = !wholeQuarters || bodies.every((body) => body.months) ? 'MONTH' : 'QUARTER';
  const narrowed = question.jurisdictionIds && !allJurisdictions.every((id) => question.jurisdictionIds!.includes(id)) ? question.jurisdictionIds : null;

  const axisOf = (dimension: DimensionName | null): Axis => {
    if (!dimension) return { dimension: null, values: [ALL] };
    const values = DIMENSIONS[dimension].values as DimensionValues;
    if (values.kind === 'months') return monthLevel === 'MONTH' ? { dimension, level: 'MONTH', values: periodMonths } : { dimension, level: 'QUARTER', values: quarters };
    if (values.kind === 'jurisdictions') return { dimension, values: narrowed ?? allJurisdictions };
    if (values.kind === 'found') return { dimension, values: [...new Set(bodies.flatMap((body) => body.found[dimension] ?? []))].sort() };
    if (dimension === 'AGE_BAND' && ageLevel !== dimension) return { dimension, level: ageLevel, values: coarserOf(dimension).coarsening!.values! };
    return { dimension, values: values.values };
  };
  const rowAxis = axisOf(question.rowDimension);
  const columnAxis = axisOf(question.columnDimension);

  /** The keys of the lattice figures one answer figure sums, quarter by quarter; null when a lattice does not hold one of them. */
  const components = (fixed: Map<DimensionName, string>): { body: LatticeBody; key: string }[] | null => {
    const all: { body: LatticeBody; key: string }[] = [];
    for (const body of bodies) {
      const alternatives: string[][] = [];
      // The period: the whole quarter, or the months of it the period (or the column) names.
      const month = fixed.get('MONTH');
      if (month !== undefined) {
        if (monthLevel === 'QUARTER') {
          if (month !== body.quarter) continue;
        } else if (quarterOf(month) !== body.quarter) continue;
        else alternatives.push([figurePart('MONTH', month)]);
      } else {
        const inQuarter = periodMonths.filter((each) => quarterOf(each) === body.quarter);
        if (inQuarter.length < 3) alternatives.push(inQuarter.map((each) => figurePart('MONTH', each)));
      }
      if (!fixed.has('JURISDICTION') && narrowed) alternatives.push(narrowed.map((id) => figurePart('JURISDICTION', id)));
      let absent = false;
      for (const [dimension, value] of fixed) {
        if (dimension === 'MONTH') continue;
        if ((DIMENSIONS[dimension].values as DimensionValues).kind === 'found' && !(body.found[dimension] ?? []).includes(value)) absent = true;
        if (dimension === 'AGE_BAND' && ageLevel === 'AGE_GROUP' && body.ageLevel === 'AGE_BAND') {
          const bands = Object.entries(coarserOf(dimension).coarsening!.of!).filter(([, group]) => group === value);
          alternatives.push(bands.map(([band]) => figurePart('AGE_BAND', band)));
        } else alternatives.push([figurePart(dimension === 'AGE_BAND' ? ageLevel : dimension, value)]);
      }
      // A value not found in the quarter was counted zero times there.
      if (absent) continue;
      for (const parts of product(alternatives)) {
        const key = figureKey(question.source, parts);
        if (!body.figures[key]) return null;
        all.push({ body, key });
      }
    }
    return all;
  };

  const rows = rowAxis.values.length;
  const columns = columnAxis.values.length;
  const values: number[][] = [];
  const hidden: SuppressionResult['hidden'] = [];
  for (let row = 0; row <= rows; row += 1) {
    values.push([]);
    hidden.push([]);
    for (let column = 0; column <= columns; column += 1) {
      const fixed = new Map<DimensionName, string>();
      if (rowAxis.dimension && row < rows) fixed.set(rowAxis.dimension as DimensionName, rowAxis.values[row]!);
      if (columnAxis.dimension && column < columns) fixed.set(columnAxis.dimension as DimensionName, columnAxis.values[column]!);
      const parts = components(fixed);
      const figures = parts?.map(({ body, key }) => body.figures[key]!) ?? null;
      const published = figures !== null && figures.every(([, isHidden]) => isHidden === 0);
      values[row]!.push(published ? figures.reduce((sum, [value]) => sum + value, 0) : 0);
      hidden[row]!.push(published ? null : 'LINKED');
    }
  }
  return { rowAxis, columnAxis, result: { values, hidden } };
}

/** Every choice of one item from each list. */
function product(lists: readonly (readonly string[])[]): string[][] {
  return lists.reduce<string[][]>((combinations, list) => combinations.flatMap((combination) => list.map((item) => [...combination, item])), [[]]);
}
