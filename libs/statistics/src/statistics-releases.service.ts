import { Injectable } from '@nestjs/common';
import { actorOf, AuditService, SYSTEM } from '@tandem/audit';
import { spreadsheetCsvLine } from '@tandem/audit-watch';
import { Viewer } from '@tandem/authz';
import { BadInputError, Clock, Connection, CursorCodec, isUniqueViolation, NotFoundError, pageSize, Transactions } from '@tandem/platform';
import { REFERENCE_FIGURES, ReferenceFigure } from './reference-figures';
import { monthsBetween, RELEASE_TABLES } from './statistics.measures';
import { monthsOfQuarter, quarterOf, quartersBetween } from './statistics-lattice';
import { monthAfter } from './statistics-lattices.service';
import { ReleaseKind, ReleaseRow, StatisticsRepository } from './statistics.repository';
import { StatisticsService, StatisticsTable } from './statistics.service';

/** The rules a release was protected by, frozen with it. */
export interface ReleaseRules {
  minCell: number;
  primary: string;
  complementary: string;
  linked: string;
  medians: string;
  excluded: string;
}

/** A release as published: frozen, and the same for every reader. */
export interface StatisticsRelease {
  id: string;
  kind: ReleaseKind;
  from: string;
  to: string;
  madeAt: Date;
  rules: ReleaseRules;
  tables: StatisticsTable[];
  reference: ReferenceFigure[];
}

interface ReleaseBody {
  rules: ReleaseRules;
  tables: StatisticsTable[];
  reference: ReferenceFigure[];
}

/** The longest period a release may cover, in months. */
export const RELEASE_MAX_MONTHS = 12;

const rulesOf = (minCell: number): ReleaseRules => ({
  minCell,
  primary: `Counts of 1 to ${minCell - 1}, totals included, are suppressed; zero is published.`,
  complementary: 'Further non-zero cells are suppressed, fewest and smallest first, until every suppressed cell lies on a cycle of suppressed cells, so that rows, columns and totals leave each one a range of at least three values.',
  linked:
    'Every table is read from the protected lattice of each quarter, which holds every table any reader may ask for, protected together: a figure is published only when every lattice figure it adds up is published, so that no release or answer, nor their differences, shows a suppressed figure. Age bands are published as age groups, and months as quarters, where that keeps more data.',
  medians: `A median is shown only beside a published count, and only over at least ${minCell} values.`,
  excluded: 'No free text, no ids, no date finer than a month and no area smaller than a jurisdiction.',
});

const RELEASE_SCOPE = 'statistics.releases';

/**
 * Whether the quarter of `month` has ended by `now`. Releases are frozen, so they cover ended quarters
 * only: a release of part of a quarter made while it runs, subtracted from the quarter's own release,
 * would give back a count that the quarter's lattice hides (test/statistics-differencing.spec.ts).
 */
export function quarterHasEnded(month: string, now: Date): boolean {
  const last = monthsOfQuarter(quarterOf(month))[2]!;
  return monthAfter(last).getTime() <= now.getTime();
}

/** Publishing frozen releases, and reading them back: for the public, and as CSV or JSON. */
@Injectable()
export class StatisticsReleases {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: StatisticsRepository,
    private readonly statistics: StatisticsService,
    private readonly audit: AuditService,
    private readonly cursors: CursorCodec,
    private readonly clock: Clock,
  ) {}

  /** A release of the months from `from` to `to`, published by a supervisor or a system administrator. */
  async publish(viewer: Viewer, from: string, to: string): Promise<StatisticsRelease> {
    const months = /^\d{4}-(0[1-9]|1[0-2])$/;
    const problems = [
      ...(months.test(from) ? [] : [{ path: 'from', message: 'must be a month as YYYY-MM' }]),
      ...(months.test(to) ? [] : [{ path: 'to', message: 'must be a month as YYYY-MM' }]),
    ];
    if (!problems.length && to < from) problems.push({ path: 'to', message: 'must not be before from' });
    if (!problems.length && monthsBetween(from, to).length > RELEASE_MAX_MONTHS) problems.push({ path: 'to', message: `must be at most ${RELEASE_MAX_MONTHS} months after from` });
    if (problems.length) throw new BadInputError(problems);
    // A release frozen while its quarter runs, subtracted from the quarter's, would show what the quarter's protection hides.
    if (!quarterHasEnded(to, this.clock.now())) throw BadInputError.field('to', 'must be a month of a quarter that has ended');
    return this.make('MANUAL', from, to, viewer);
  }

  /** The last quarter that has ended, as its first and last months: the one the demo and the worker publish. */
  lastEndedQuarter(): { from: string; to: string } {
    const now = this.clock.now();
    const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 3, 1));
    const [from, , to] = monthsOfQuarter(quarterOf(last.toISOString().slice(0, 7)));
    return { from: from!, to: to! };
  }

  /** The release of the last quarter that has ended, unless it exists: the worker's scheduled job. Null when it existed. */
  async publishQuarterly(): Promise<StatisticsRelease | null> {
    const { from, to } = this.lastEndedQuarter();
    if (await this.repository.quarterlyReleaseExists(this.transactions.manager, `${from}-01`)) return null;
    try {
      return await this.make('QUARTERLY', from, to, null);
    } catch (error) {
      // Another worker made it first.
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  private async make(kind: ReleaseKind, from: string, to: string, viewer: Viewer | null): Promise<StatisticsRelease> {
    return this.transactions.run(async (tx) => {
      // The quarters' figures are frozen as they stand, then read: later releases and answers read the same.
      await this.statistics.freezeQuarters(tx, quartersBetween(from, to));
      const tables = await this.statistics.releaseTables(tx, RELEASE_TABLES.map((table) => ({ measure: table.measure, dimensions: table.dimensions, from, to })));
      const minCell = this.statistics.minCell;
      const body: ReleaseBody = { rules: rulesOf(minCell), tables, reference: [...REFERENCE_FIGURES] };
      const row = await this.repository.insertRelease(tx, { kind, periodFrom: `${from}-01`, periodTo: `${to}-01`, madeAt: this.clock.now(), madeBy: viewer?.userId ?? null, minCell, body });
      await this.audit.record(tx, {
        actor: viewer ? actorOf(viewer) : SYSTEM,
        action: 'STATISTICS_PUBLISH',
        subjectType: 'StatisticsRelease',
        subjectId: row.id,
        details: { kind, from, to, tables: tables.length, suppressed: tables.reduce((sum, table) => sum + table.suppressedCells, 0) },
      });
      return releaseOf(row);
    });
  }

  /** Published releases, the latest first. */
  async published(first: number | null | undefined, after: string | null | undefined): Promise<Connection<StatisticsRelease>> {
    const limit = pageSize(first);
    const key = this.cursors.decode(RELEASE_SCOPE, after);
    const found = await this.repository.releases(this.transactions.manager, limit + 1, key ? { madeAt: new Date(String(key[0])), id: String(key[1]) } : null);
    return this.cursors.connection(RELEASE_SCOPE, found, limit, (row) => [row.madeAt.toISOString(), row.id], releaseOf);
  }

  async release(id: string): Promise<StatisticsRelease> {
    const row = await this.repository.release(this.transactions.manager, id);
    if (!row) throw new NotFoundError('StatisticsRelease');
    return releaseOf(row);
  }
}

function releaseOf(row: ReleaseRow): StatisticsRelease {
  const body = row.body as ReleaseBody;
  return { id: row.id, kind: row.kind, from: row.periodFrom, to: row.periodTo, madeAt: new Date(row.madeAt), rules: body.rules, tables: body.tables, reference: body.reference };
}

const figure = (value: number | null): string | null => (value === null ? null : String(value));

/**
 * A release as CSV, one line per published or suppressed figure (a suppressed one has no value and
 * says so), then the reference figures with their sources; every text neutralised for spreadsheets.
 */
export function releaseCsv(release: StatisticsRelease): string {
  const lines = [spreadsheetCsvLine(['measure', 'title', 'period', 'row_dimension', 'row', 'column_dimension', 'column', 'value', 'suppressed', 'share', 'median_hours'])];
  const period = release.from === release.to ? release.from : `${release.from}/${release.to}`;
  for (const table of release.tables) {
    const line = (row: string, column: string, cell: { value: number | null; suppressed: boolean }, share: number | null = null, median: number | null = null) =>
      lines.push(spreadsheetCsvLine([table.measure, table.title, period, table.rowDimension, row, table.columnDimension, column, figure(cell.value), String(cell.suppressed), figure(share), figure(median)]));
    for (const row of table.rows) {
      row.cells.forEach((cell, index) => table.columnDimension && line(row.label, table.columns[index]!, cell));
      line(row.label, 'TOTAL', row.total, row.share, row.medianHours);
    }
    if (table.columnDimension) table.columnTotals.forEach((cell, index) => line('TOTAL', table.columns[index]!, cell));
    line('TOTAL', 'TOTAL', table.total, table.share, table.medianHours);
  }
  lines.push('\n', spreadsheetCsvLine(['reference', 'statement', 'year', 'area', 'value', 'unit', 'source', 'source_url']));
  for (const each of release.reference) lines.push(spreadsheetCsvLine([each.id, each.statement, String(each.year), each.area, String(each.value), each.unit, each.source, each.sourceUrl]));
  return lines.join('');
}

/** A release as JSON: what was frozen, as it was frozen. */
export function releaseJson(release: StatisticsRelease): string {
  return JSON.stringify({ id: release.id, kind: release.kind, from: release.from, to: release.to, madeAt: release.madeAt.toISOString(), rules: release.rules, tables: release.tables, reference: release.reference });
}
