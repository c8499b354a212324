import { Injectable } from '@nestjs/common';
import { DemoDirectory } from './demo-directory';
import { DemoEducation } from './demo-education';

/** What the demo shows the public without an account: the resource directory and the warning-signs education. */
@Injectable()
export class DemoCommunity {
  constructor(
    private readonly directory: DemoDirectory,
    private readonly education: DemoEducation,
  ) {}

  seedDirectory(): Promise<number> {
    return this.directory.seed();
  }

  /** After the accounts: the local additions are published by the demo's police supervisors. */
  seedEducation(): Promise<number> {
    return this.education.seed();
  }
}
