import { Injectable } from '@nestjs/common';
import { BootstrapAdminService } from '@tandem/identity';
import { AppConfig } from '@tandem/platform';
import { DemoAccounts, DemoSignIn } from './demo-accounts';
import { DemoCases } from './demo-cases';
import { DemoCommunity } from './demo-community';
import { DemoReferrals } from './demo-referrals';
import { DemoCasework } from './demo-screening';

/**
 * The demo data set: four jurisdictions, an agency of every type in each, users of every role,
 * a resource directory of their shelters, counseling, medical exams, advocacy and hotlines,
 * cases screened with the practice instrument, and warning signs for every audience with each police
 * department's local addition, and a published statistics release.
 * Idempotent: a second run finds everything in place and changes nothing.
 */
@Injectable()
export class DemoSeedService {
  constructor(
    private readonly config: AppConfig,
    private readonly bootstrap: BootstrapAdminService,
    private readonly accounts: DemoAccounts,
    private readonly demoCases: DemoCases,
    private readonly demoReferrals: DemoReferrals,
    private readonly community: DemoCommunity,
    private readonly demoCasework: DemoCasework,
  ) {}

  async seed(): Promise<{ created: number; signIns: DemoSignIn[] }> {
    if (this.config.isProduction) throw new Error('The demo data set is never loaded in production');
    await this.bootstrap.ensureBootstrapAdmin();
    const { created, signIns } = await this.accounts.seed();
    // The directory's organizations name the demo agencies: they exist from here on.
    const directory = await this.community.seedDirectory();
    const cases = await this.demoCases.seed();
    const referrals = await this.demoReferrals.seed();
    const casework = await this.demoCasework.seed();
    const education = await this.community.seedEducation();
    // Last: the statistics release counts what the demo made.
    const statistics = await this.community.seedStatistics();
    return { created: created + directory + cases + referrals + casework + education + statistics, signIns };
  }
}
