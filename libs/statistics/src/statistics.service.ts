import { Injectable } from '@nestjs/common';
import { actorOf, AuditService } from '@tandem/audit';
import { authorize, Viewer } from '@tandem/authz';
import { AppConfig, BadInputError, Transactions, Tx } from '@tandem/platform';
import { referenceFigures, ReferenceFigure } from './reference-figures';
import { ALL, Axis, chooseLevel, coarsened, keysOf, layOut, protectTable } from './statistics-table';
import { dimensionOf, DimensionName, DIMENSIONS, DimensionValues, MeasureSpec, measureOf, monthsBetween } from './statistics.measures';
import { STATISTICS_READ } from './statistics.policies';
import { CountRow, SourceFilter, StatisticsRepository } from './statistics.repository';
import { suppressLinked, SuppressionResult } from './suppression';

/** A published or hidden figure. */
export interface StatisticsCell {
  value: number | null;
  suppressed: boolean;
}

export interface StatisticsRow {
  label: string;
  cells: StatisticsCell[];
  total: StatisticsCell;
  /** The positive column's share of the row (share measures), where both are published. */
  share: number | null;
  medianHours: number | null;
}

export interface StatisticsTable {
  measure: string;
  title: string;
  unit: string;
  /** The dimensions as answered: a month dimension may come back as QUARTER or YEAR. */
  dimensions: string[];
  rowDimension: string | null;
  columnDimension: string | null;
  columns: string[];
  rows: StatisticsRow[];
  columnTotals: StatisticsCell[];
  total: StatisticsCell;
  share: number | null;
  medianHours: number | null;
  medianOf: string | null;
  from: string;
  to: string;
  minCell: number;
  protected: boolean;
  suppressedCells: number;
  context: ReferenceFigure[];
}

export interface StatisticsQuery {
  measure: string;
  dimensions: readonly string[];
  from: string;
  to: string;
  jurisdictionIds?: readonly string[] | null;
  /** Whether medians are wanted (they cost a second aggregate); releases always have them. */
  medians?: boolean;
}

/** A table planned but not yet protected: its layout, counts and what it needs to be finished. */
interface Planned {
  spec: MeasureSpec;
  rowAxis: Axis;
  columnAxis: Axis;
  cells: number[][];
  result: SuppressionResult;
  filter: SourceFilter;
  query: StatisticsQuery;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The first instant of a month, and of the month after another. */
const monthStart = (month: string): Date => new Date(`${month}-01T00:00:00.000Z`);
const monthAfter = (month: string): Date => {
  const start = monthStart(month);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
};

/** Statistics as tables with their margins, protected by suppression (docs/design.md, "Statistics"). */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: StatisticsRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  get minCell(): number {
    return this.config.values.STATISTICS_MIN_CELL;
  }

  /** One table for a signed-in reader; operational measures are their own agency's, for supervisors only. */
  async table(viewer: Viewer, query: StatisticsQuery): Promise<StatisticsTable> {
    const spec = check(query);
    authorize(STATISTICS_READ, viewer, { audience: spec.audience }, { subjectType: 'Statistics', subjectId: spec.name });
    const agencyId = spec.audience === 'OWN_AGENCY' ? viewer.agencyId : null;
    const tx = this.transactions.manager;
    const planned = await this.plan(tx, spec, query, agencyId, true);
    const table = await this.finish(tx, planned, planned.result);
    await this.audit.recordNow({
      actor: actorOf(viewer),
      action: 'STATISTICS_READ',
      subjectType: 'Statistics',
      subjectId: spec.name,
      details: { dimensions: [...query.dimensions], from: query.from, to: query.to, jurisdictions: query.jurisdictionIds?.length ?? null, suppressed: table.suppressedCells },
    });
    return table;
  }

  /**
   * The tables of a release, protected together: a figure hidden in one is hidden in every table
   * that shows it. Months are not coarsened here (a release's tables have no month dimension).
   */
  async releaseTables(tx: Tx, queries: readonly StatisticsQuery[]): Promise<StatisticsTable[]> {
    const planned: Planned[] = [];
    for (const query of queries) {
      const spec = check(query);
      if (spec.audience !== 'PUBLIC') throw new Error(`${spec.name} is not public`);
      planned.push(await this.plan(tx, spec, query, null, false));
    }
    const protectedIndexes = planned.map((plan, index) => (plan.spec.protect ? index : -1)).filter((index) => index >= 0);
    const linked = suppressLinked(
      protectedIndexes.map((index) => {
        const plan = planned[index]!;
        return { cells: plan.cells, columns: plan.columnAxis.values.length, keys: keysOf(plan.spec.source, plan.rowAxis, plan.columnAxis) };
      }),
      this.minCell,
    );
    const results = planned.map((plan) => plan.result);
    protectedIndexes.forEach((index, position) => (results[index] = linked[position]!));
    const tables: StatisticsTable[] = [];
    for (const [index, plan] of planned.entries()) tables.push(await this.finish(tx, plan, results[index]!));
    return tables;
  }

  private async plan(tx: Tx, spec: MeasureSpec, query: StatisticsQuery, agencyId: string | null, coarsen: boolean): Promise<Planned> {
    const filter: SourceFilter = { from: monthStart(query.from), to: monthAfter(query.to), jurisdictionIds: query.jurisdictionIds?.length ? query.jurisdictionIds : null, agencyId };
    const dimensions = query.dimensions as DimensionName[];
    const [rowDimension, columnDimension] = spec.share ? [dimensions[0] ?? null, spec.share.dimension] : [dimensions[0] ?? null, dimensions[1] ?? null];
    const asked = [rowDimension, columnDimension].filter((name): name is DimensionName => name !== null);
    const found = await this.repository.counts(tx, spec.source, asked.map((name) => ({ name })), filter);
    const jurisdictions = asked.includes('JURISDICTION') ? await this.repository.jurisdictions(tx, filter.jurisdictionIds) : [];
    const names = new Map(jurisdictions.map((row) => [row.id, row.name]));
    const axisOf = (name: DimensionName | null): Axis => {
      if (!name) return { dimension: null, values: [ALL] };
      const values = DIMENSIONS[name].values as DimensionValues;
      if (values.kind === 'list') return { dimension: name, values: values.values };
      if (values.kind === 'months') return { dimension: name, level: 'MONTH', values: monthsBetween(query.from, query.to) };
      if (values.kind === 'found') return { dimension: name, values: [...new Set(found.map((row) => row.values[asked.indexOf(name)]!))].sort() };
      return { dimension: name, values: jurisdictions.map((row) => row.id) };
    };
    let rowAxis = axisOf(rowDimension);
    let columnAxis = axisOf(columnDimension);
    const monthAt = asked.indexOf('MONTH');
    const candidates = [{ rowAxis, columnAxis, found: found as CountRow[], level: 'MONTH' }];
    if (coarsen && spec.protect && monthAt >= 0) {
      for (const level of dimensionOf('MONTH')!.coarsening ?? []) {
        const axis = monthAt === 0 ? rowAxis : columnAxis;
        const next = coarsened(axis, found, monthAt, level);
        candidates.push({ rowAxis: monthAt === 0 ? next.axis : rowAxis, columnAxis: monthAt === 0 ? columnAxis : next.axis, found: next.found, level });
      }
    }
    const tried = candidates.map((candidate) => {
      const cells = layOut(candidate.found, candidate.rowAxis, candidate.columnAxis);
      return { ...candidate, cells, result: protectTable(cells, candidate.columnAxis.values.length, this.minCell, spec.protect) };
    });
    const chosen = tried.find((candidate) => candidate.level === chooseLevel(tried).level)!;
    rowAxis = chosen.rowAxis;
    columnAxis = chosen.columnAxis;
    // Jurisdictions are shown by name, never by id.
    const label = (axis: Axis): Axis => (axis.dimension === 'JURISDICTION' ? { ...axis, values: axis.values.map((id) => names.get(id) ?? id) } : axis);
    return { spec, rowAxis: label(rowAxis), columnAxis: label(columnAxis), cells: chosen.cells, result: chosen.result, filter, query };
  }

  private async finish(tx: Tx, plan: Planned, result: SuppressionResult): Promise<StatisticsTable> {
    const { spec, rowAxis, columnAxis } = plan;
    const minCell = this.minCell;
    const rows = rowAxis.values.length;
    const columns = columnAxis.values.length;
    const cell = (row: number, column: number): StatisticsCell =>
      result.hidden[row]![column] ? { value: null, suppressed: true } : { value: result.values[row]![column]!, suppressed: false };
    const positive = spec.share ? columnAxis.values.indexOf(spec.share.positive) : -1;
    const shareOf = (row: number): number | null => {
      if (positive < 0) return null;
      const part = cell(row, positive);
      const whole = cell(row, columns);
      return part.value === null || whole.value === null || whole.value === 0 ? null : part.value / whole.value;
    };
    const medians = new Map<string | null, { median: number | null; n: number }>();
    if (spec.median && plan.query.medians !== false) {
      const byRow = rowAxis.dimension ? { name: rowAxis.dimension as DimensionName, level: rowAxis.level } : null;
      const names = rowAxis.dimension === 'JURISDICTION' ? new Map((await this.repository.jurisdictions(tx, plan.filter.jurisdictionIds)).map((row) => [row.id, row.name])) : null;
      for (const row of await this.repository.medians(tx, spec.source, byRow, plan.filter)) medians.set(row.value === null ? null : (names?.get(row.value) ?? row.value), row);
    }
    // A median is shown only beside a published count, and only when it is over enough values to say nothing of one child.
    const medianOf = (key: string | null, count: StatisticsCell): number | null => {
      const found = medians.get(key);
      if (!found || found.median === null || count.value === null) return null;
      if (spec.protect && found.n < minCell) return null;
      return Math.round(found.median * 10) / 10;
    };
    const tableRows: StatisticsRow[] = rowAxis.values.map((label, row) => {
      const total = cell(row, columns);
      return {
        label,
        cells: columnAxis.values.map((_, column) => cell(row, column)),
        total,
        share: shareOf(row),
        medianHours: medianOf(rowAxis.dimension ? label : null, total),
      };
    });
    const total = cell(rows, columns);
    const dimensions = [rowAxis, columnAxis].filter((axis) => axis.dimension).map((axis) => (axis.dimension === 'MONTH' ? (axis.level ?? 'MONTH') : axis.dimension!));
    return {
      measure: spec.name,
      title: spec.title,
      unit: spec.unit,
      dimensions,
      rowDimension: dimensions[0] && rowAxis.dimension ? dimensions[0] : null,
      columnDimension: columnAxis.dimension ? dimensions[dimensions.length - 1]! : null,
      columns: [...columnAxis.values],
      rows: tableRows,
      columnTotals: columnAxis.values.map((_, column) => cell(rows, column)),
      total,
      share: shareOf(rows),
      medianHours: medianOf(null, total),
      medianOf: spec.median ?? null,
      from: plan.query.from,
      to: plan.query.to,
      minCell,
      protected: spec.protect,
      suppressedCells: result.hidden.flat().filter(Boolean).length,
      context: referenceFigures(spec.context),
    };
  }
}

/** The measure asked for, once the question is one it can answer; BAD_USER_INPUT naming each field that is not. */
export function check(query: StatisticsQuery): MeasureSpec {
  const spec = measureOf(query.measure);
  const problems: { path: string; message: string }[] = [];
  if (!spec) throw BadInputError.field('measure', 'is not a measure');
  const most = spec.share ? 1 : 2;
  if (query.dimensions.length > most) problems.push({ path: 'dimensions', message: `must name at most ${most} dimension${most > 1 ? 's' : ''} for ${spec.name}` });
  query.dimensions.forEach((name, index) => {
    if (!dimensionOf(name) || !(spec.dimensions as readonly string[]).includes(name)) problems.push({ path: `dimensions.${index}`, message: `is not a dimension of ${spec.name}` });
    else if (query.dimensions.indexOf(name) !== index) problems.push({ path: `dimensions.${index}`, message: 'is named twice' });
  });
  if (!MONTH.test(query.from)) problems.push({ path: 'filter.from', message: 'must be a month as YYYY-MM' });
  if (!MONTH.test(query.to)) problems.push({ path: 'filter.to', message: 'must be a month as YYYY-MM' });
  else if (MONTH.test(query.from)) {
    const months = monthsBetween(query.from, query.to).length;
    if (query.to < query.from) problems.push({ path: 'filter.to', message: 'must not be before filter.from' });
    else if (months > spec.maxMonths) problems.push({ path: 'filter.to', message: `must be at most ${spec.maxMonths} months after filter.from for ${spec.name}` });
  }
  if (problems.length) throw new BadInputError(problems);
  return spec;
}
