import { Injectable } from '@nestjs/common';
import { AppConfig, Clock, Transactions, Tx } from '@tandem/platform';
import { buildLattice, CubeRow, LatticeBody, latticeTables, monthsOfQuarter, quarterOf } from './statistics-lattice';
import { MEASURES, MeasureSpec, SourceName } from './statistics.measures';
import { StatisticsRepository, StoredLattice } from './statistics.repository';

/** The first instant of a month, and of the month after another. */
export const monthStart = (month: string): Date => new Date(`${month}-01T00:00:00.000Z`);
export const monthAfter = (month: string): Date => {
  const start = monthStart(month);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
};

/**
 * The protected lattices of quarters (statistics-lattice.ts), stored in `statistics.lattice`: every
 * reader is answered from the same snapshot, and an answer costs a read instead of an aggregate and
 * its suppression. A lattice older than STATISTICS_LATTICE_MAX_AGE_MS (or made with another minimum
 * cell) is built again when it is asked for; the worker keeps the public ones of the last three years fresh.
 */
@Injectable()
export class StatisticsLattices {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: StatisticsRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The lattices of the quarters for a source (an agency's own, for operational measures), built where missing or stale. */
  async read(tx: Tx, source: SourceName, audience: MeasureSpec['audience'], agencyId: string | null, quarters: readonly string[], jurisdictions: readonly string[]): Promise<Map<string, LatticeBody>> {
    const stored = await this.repository.lattices(tx, source, agencyId, quarters);
    const fresh = new Map(stored.filter((lattice) => !this.stale(lattice)).map((lattice) => [lattice.quarter, lattice.body]));
    const missing = quarters.filter((quarter) => !fresh.has(quarter));
    if (missing.length) for (const lattice of await this.build(tx, source, audience, agencyId, missing, jurisdictions)) fresh.set(lattice.quarter, lattice.body);
    return fresh;
  }

  /** Builds again the stale public lattices of the quarters (the worker's refresh); the number built. */
  async refresh(quarters: readonly string[]): Promise<number> {
    const jurisdictions = (await this.repository.jurisdictions(this.transactions.manager, null)).map((row) => row.id);
    let built = 0;
    for (const source of publicSources()) {
      const stored = await this.repository.lattices(this.transactions.manager, source, null, quarters);
      const fresh = new Set(stored.filter((lattice) => !this.stale(lattice)).map((lattice) => lattice.quarter));
      const stale = quarters.filter((quarter) => !fresh.has(quarter));
      if (stale.length) built += (await this.build(this.transactions.manager, source, 'PUBLIC', null, stale, jurisdictions)).length;
    }
    return built;
  }

  /**
   * Freezes the public lattices of the quarters, built first where missing or stale, in the caller's
   * transaction: a release calls it before it reads its tables, so that what it publishes is what every
   * later release and answer of those quarters reads.
   */
  async freezePublic(tx: Tx, quarters: readonly string[], jurisdictions: readonly string[]): Promise<void> {
    const at = this.clock.now();
    for (const source of publicSources()) {
      await this.read(tx, source, 'PUBLIC', null, quarters, jurisdictions);
      await this.repository.freezeLattices(tx, source, quarters, at);
    }
  }

  /** A frozen lattice is never stale: it holds what was published. */
  private stale(lattice: StoredLattice): boolean {
    if (lattice.frozen) return false;
    return lattice.minCell !== this.config.values.STATISTICS_MIN_CELL || new Date(lattice.builtAt).getTime() + this.config.values.STATISTICS_LATTICE_MAX_AGE_MS <= this.clock.now().getTime();
  }

  /** Built in the reader's transaction when it has one (a release), else in one of its own. */
  private async build(reader: Tx, source: SourceName, audience: MeasureSpec['audience'], agencyId: string | null, quarters: readonly string[], jurisdictions: readonly string[]): Promise<StoredLattice[]> {
    const tables = latticeTables(source, audience);
    const dimensions = [...new Set(tables.flat())].filter((dimension) => dimension !== 'MONTH');
    const protect = (Object.values(MEASURES) as MeasureSpec[]).some((spec) => spec.source === source && spec.protect);
    const sorted = [...quarters].sort();
    const from = monthStart(monthsOfQuarter(sorted[0]!)[0]!);
    const to = monthAfter(monthsOfQuarter(sorted[sorted.length - 1]!)[2]!);
    return this.transactions.within(reader, async (tx) => {
      const cube = await this.repository.cube(tx, source, dimensions, { from, to, jurisdictionIds: null, agencyId });
      const byQuarter = new Map<string, CubeRow[]>(sorted.map((quarter) => [quarter, []]));
      for (const row of cube) byQuarter.get(quarterOf(row.month))?.push(row);
      const builtAt = this.clock.now();
      const minCell = this.config.values.STATISTICS_MIN_CELL;
      const lattices = sorted.map((quarter) => ({ quarter, minCell, builtAt, body: buildLattice(source, tables, quarter, byQuarter.get(quarter)!, { jurisdictions, minCell, protect }) }));
      await this.repository.saveLattices(tx, source, agencyId, lattices);
      return lattices;
    });
  }
}

/** The sources of the measures the public reads. */
function publicSources(): SourceName[] {
  return [...new Set((Object.values(MEASURES) as MeasureSpec[]).filter((spec) => spec.audience === 'PUBLIC').map((spec) => spec.source))];
}
