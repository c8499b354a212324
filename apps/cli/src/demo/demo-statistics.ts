import { Injectable } from '@nestjs/common';
import { monthsOfQuarter, quarterOf, StatisticsReleases } from '@tandem/statistics';
import { Clock, Transactions } from '@tandem/platform';
import { DemoRepository } from './demo.repository';
import { DemoViewers } from './demo-viewer';
import { DEMO_JURISDICTIONS, demoEmail } from './demo-identity';

/**
 * A published statistics release of the demo's quarter (to its current month), made by St. Louis child welfare's supervisor:
 * readable without an account (`publishedStatistics`). The demo's counts are small, so most of its
 * cells show suppression at work.
 */
@Injectable()
export class DemoStatistics {
  constructor(
    private readonly transactions: Transactions,
    private readonly releases: StatisticsReleases,
    private readonly clock: Clock,
    private readonly demo: DemoRepository,
    private readonly viewers: DemoViewers,
  ) {}

  async seed(): Promise<number> {
    if ((await this.demo.demoReleaseCount(this.transactions.manager)) > 0) return 0;
    const supervisor = await this.viewers.of(demoEmail('supervisor', 'cw', DEMO_JURISDICTIONS[0]!.domain));
    // The whole quarter, so that every table is read from the quarter's lattice as it stands.
    const month = this.clock.now().toISOString().slice(0, 7);
    await this.releases.publish(supervisor, monthsOfQuarter(quarterOf(month))[0]!, month);
    return 1;
  }
}
