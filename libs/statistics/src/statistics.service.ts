import { Injectable } from '@nestjs/common';
import { actorOf, AuditService } from '@tandem/audit';
import { authorize, Viewer } from '@tandem/authz';
import { AppConfig, BadInputError, Clock, Transactions, Tx } from '@tandem/platform';
import { MedianSnapshots } from './median-snapshots';
import { referenceFigures, ReferenceFigure } from './reference-figures';
import { answerFrom, quartersBetween, tableOf } from './statistics-lattice';
import { monthAfter, monthStart, StatisticsLattices } from './statistics-lattices.service';
import { Axis } from './statistics-table';
import { dimensionOf, DimensionName, MeasureSpec, measureOf, monthsBetween } from './statistics.measures';
import { STATISTICS_READ } from './statistics.policies';
import { DimensionLevel, MedianRow, SourceFilter, StatisticsRepository } from './statistics.repository';
import { SuppressionResult } from './suppression';

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

/** A table read from the lattices, not yet finished with its shares, medians and labels. */
interface Planned {
  spec: MeasureSpec;
  rowAxis: Axis;
  columnAxis: Axis;
  result: SuppressionResult;
  filter: SourceFilter;
  query: StatisticsQuery;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Statistics as tables with their margins (docs/design.md, "Statistics"), read from the protected
 * lattices of quarters, so that no answer, and no difference of answers, shows what the lattice hides
 * (docs/2026-12-07-statistics-differencing.md).
 */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: StatisticsRepository,
    private readonly lattices: StatisticsLattices,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The medians of recent questions, shared by their readers for as long as a lattice is. */
  private readonly medianSnapshots = new MedianSnapshots();

  get minCell(): number {
    return this.config.values.STATISTICS_MIN_CELL;
  }

  /** One table for a signed-in reader; operational measures are their own agency's, for supervisors only. */
  async table(viewer: Viewer, query: StatisticsQuery): Promise<StatisticsTable> {
    const spec = check(query);
    authorize(STATISTICS_READ, viewer, { audience: spec.audience }, { subjectType: 'Statistics', subjectId: spec.name });
    const agencyId = spec.audience === 'OWN_AGENCY' ? viewer.agencyId : null;
    const tx = this.transactions.manager;
    const planned = await this.plan(tx, spec, query, agencyId);
    const table = await this.finish(tx, planned);
    await this.audit.recordNow({
      actor: actorOf(viewer),
      action: 'STATISTICS_READ',
      subjectType: 'Statistics',
      subjectId: spec.name,
      details: { dimensions: [...query.dimensions], from: query.from, to: query.to, jurisdictions: query.jurisdictionIds?.length ?? null, suppressed: table.suppressedCells },
    });
    return table;
  }

  /** Freezes the public lattices of the quarters of a release, in its transaction, before its tables are read. */
  async freezeQuarters(tx: Tx, quarters: readonly string[]): Promise<void> {
    const all = (await this.repository.jurisdictions(tx, null)).map((row) => row.id);
    await this.lattices.freezePublic(tx, quarters, all);
  }

  /** The tables of a release: read from the same lattices as every answer, over every jurisdiction. */
  async releaseTables(tx: Tx, queries: readonly StatisticsQuery[]): Promise<StatisticsTable[]> {
    const tables: StatisticsTable[] = [];
    for (const query of queries) {
      const spec = check(query);
      if (spec.audience !== 'PUBLIC') throw new Error(`${spec.name} is not public`);
      tables.push(await this.finish(tx, await this.plan(tx, spec, query, null)));
    }
    return tables;
  }

  private async plan(tx: Tx, spec: MeasureSpec, query: StatisticsQuery, agencyId: string | null): Promise<Planned> {
    // Operational figures are one agency's: a jurisdiction filter does not narrow them further.
    const jurisdictionIds = spec.audience === 'PUBLIC' && query.jurisdictionIds?.length ? query.jurisdictionIds : null;
    const filter: SourceFilter = { from: monthStart(query.from), to: monthAfter(query.to), jurisdictionIds, agencyId };
    const dimensions = query.dimensions as DimensionName[];
    const [rowDimension, columnDimension] = spec.share ? [dimensions[0] ?? null, spec.share.dimension] : [dimensions[0] ?? null, dimensions[1] ?? null];
    const jurisdictions = await this.repository.jurisdictions(tx, null);
    const all = jurisdictions.map((row) => row.id);
    const lattices = await this.lattices.read(tx, spec.source, spec.audience, agencyId, quartersBetween(query.from, query.to), all);
    const answer = answerFrom({ source: spec.source, rowDimension, columnDimension, from: query.from, to: query.to, jurisdictionIds }, lattices, all);
    // Jurisdictions are shown by name, never by id.
    const names = new Map(jurisdictions.map((row) => [row.id, row.name]));
    const label = (axis: Axis): Axis => (axis.dimension === 'JURISDICTION' ? { ...axis, values: axis.values.map((id) => names.get(id) ?? id) } : axis);
    return { spec, rowAxis: label(answer.rowAxis), columnAxis: label(answer.columnAxis), result: answer.result, filter, query };
  }

  private async mediansOf(tx: Tx, source: MeasureSpec['source'], byRow: DimensionLevel | null, filter: SourceFilter): Promise<MedianRow[]> {
    const key = JSON.stringify([source, byRow, filter.from, filter.to, filter.jurisdictionIds, filter.agencyId]);
    return this.medianSnapshots.of(key, this.clock.now().getTime(), this.config.values.STATISTICS_LATTICE_MAX_AGE_MS, () => this.repository.medians(tx, source, byRow, filter));
  }

  private async finish(tx: Tx, plan: Planned): Promise<StatisticsTable> {
    const { spec, rowAxis, columnAxis, result } = plan;
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
      for (const row of await this.mediansOf(tx, spec.source, byRow, plan.filter)) medians.set(row.value === null ? null : (names?.get(row.value) ?? row.value), row);
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
    const dimensions = [rowAxis, columnAxis].filter((axis) => axis.dimension).map((axis) => axis.level ?? axis.dimension!);
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
  // A narrower set of jurisdictions is read from the lattice's tables by jurisdiction, which have one other dimension at most.
  const asked = tableOf(spec, query.dimensions.filter((name) => dimensionOf(name)) as DimensionName[]);
  if (spec.audience === 'PUBLIC' && query.jurisdictionIds?.length && !asked.includes('JURISDICTION') && asked.length > 1) {
    problems.push({ path: 'filter.jurisdictionIds', message: `narrows a table of one dimension at most (${spec.name} by ${asked.join(' and ')} is not one): cut it by JURISDICTION instead, or leave the filter out` });
  }
  if (problems.length) throw new BadInputError(problems);
  return spec;
}
