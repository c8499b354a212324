import { Injectable } from '@nestjs/common';
import { BootstrapAdminService } from '@tandem/identity';
import { AppConfig } from '@tandem/platform';
import { DemoAccounts, DemoSignIn } from './demo-accounts';
import { DemoCases } from './demo-cases';
import { DemoMissing } from './demo-missing';
import { DemoReferrals } from './demo-referrals';

/**
 * The demo data set: four jurisdictions, an agency of every type in each, and users of every
 * role. Idempotent: a second run finds everything in place and changes nothing.
 */
@Injectable()
export class DemoSeedService {
  constructor(
    private readonly config: AppConfig,
    private readonly bootstrap: BootstrapAdminService,
    private readonly accounts: DemoAccounts,
    private readonly demoCases: DemoCases,
    private readonly demoReferrals: DemoReferrals,
    private readonly demoMissing: DemoMissing,
  ) {}

  async seed(): Promise<{ created: number; signIns: DemoSignIn[] }> {
    if (this.config.isProduction) throw new Error('The demo data set is never loaded in production');
    await this.bootstrap.ensureBootstrapAdmin();
    const { created, signIns } = await this.accounts.seed();
    const cases = await this.demoCases.seed();
    const referrals = await this.demoReferrals.seed();
    const missing = await this.demoMissing.seed();
    return { created: created + cases + referrals + missing, signIns };
  }
}
