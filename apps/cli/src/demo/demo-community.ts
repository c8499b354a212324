import { Injectable } from '@nestjs/common';
import { DemoDirectory } from './demo-directory';
import { DemoEducation } from './demo-education';
import { DemoStatistics } from './demo-statistics';

/** What the demo shows the public without an account: the resource directory, the warning-signs education and a statistics release. */
@Injectable()
export class DemoCommunity {
  constructor(
    private readonly directory: DemoDirectory,
    private readonly education: DemoEducation,
    private readonly statistics: DemoStatistics,
  ) {}

  seedDirectory(): Promise<number> {
    return this.directory.seed();
  }

  /** After the accounts: the local additions are published by the demo's police supervisors. */
  seedEducation(): Promise<number> {
    return this.education.seed();
  }

  /** Last: the release counts the demo's cases, referrals and casework. */
  seedStatistics(): Promise<number> {
    return this.statistics.seed();
  }
}
