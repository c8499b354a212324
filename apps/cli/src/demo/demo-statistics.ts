import { Injectable } from '@nestjs/common';
import { StatisticsReleases } from '@tandem/statistics';
import { Transactions } from '@tandem/platform';
import { DemoRepository } from './demo.repository';
import { DemoViewers } from './demo-viewer';
import { DEMO_JURISDICTIONS, demoEmail } from './demo-identity';

/**
 * A published statistics release of the last quarter that has ended, made by St. Louis child welfare's supervisor:
 * readable without an account (`publishedStatistics`). The demo's records are of today, in a quarter
 * still running, so its tables are the quarter's zeros: the shape of a release, not its figures.
 */
@Injectable()
export class DemoStatistics {
  constructor(
    private readonly transactions: Transactions,
    private readonly releases: StatisticsReleases,
    private readonly demo: DemoRepository,
    private readonly viewers: DemoViewers,
  ) {}

  async seed(): Promise<number> {
    if ((await this.demo.demoReleaseCount(this.transactions.manager)) > 0) return 0;
    const supervisor = await this.viewers.of(demoEmail('supervisor', 'cw', DEMO_JURISDICTIONS[0]!.domain));
    // The last quarter that has ended: releases cover ended quarters only.
    const { from, to } = this.releases.lastEndedQuarter();
    await this.releases.publish(supervisor, from, to);
    return 1;
  }
}
