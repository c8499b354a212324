import { Module } from '@nestjs/common';
import { AuditModule } from '@tandem/audit';
import { CasesCoreModule } from '@tandem/cases';
import { CryptoModule } from '@tandem/crypto';
import { DirectoryCoreModule, DirectoryImportModule } from '@tandem/directory';
import { EducationCoreModule } from '@tandem/education';
import { IdentityCoreModule } from '@tandem/identity';
import { MfaCoreModule } from '@tandem/mfa';
import { MissingCoreModule } from '@tandem/missing';
import { ReferralsCoreModule } from '@tandem/referrals';
import { ScreeningCoreModule } from '@tandem/screening';
import { StatisticsCoreModule } from '@tandem/statistics';
import { TipsCoreModule } from '@tandem/tips';
import { AppConfig, ClockModule, ConfigModule, DatabaseModule, QueueModule } from '@tandem/platform';
import { DemoAccounts } from './demo/demo-accounts';
import { DemoCases } from './demo/demo-cases';
import { DemoCommunity } from './demo/demo-community';
import { DemoCredentials } from './demo/demo-credentials';
import { DemoDirectory } from './demo/demo-directory';
import { DemoEducation } from './demo/demo-education';
import { DemoMissing } from './demo/demo-missing';
import { DemoReferrals } from './demo/demo-referrals';
import { DemoCasework, DemoScreening } from './demo/demo-screening';
import { DemoSeedService } from './demo/demo-seed.service';
import { DemoStatistics } from './demo/demo-statistics';
import { DemoTips } from './demo/demo-tips';
import { DemoViewers } from './demo/demo-viewer';
import { DemoRepository } from './demo/demo.repository';

/** What the administrative commands need: the database, the domain services, the queues. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig) {
    return {
      module: CliModule,
      imports: [ConfigModule.forRoot(config), ClockModule, DatabaseModule.forRoot('cli'), QueueModule.forRoot(), AuditModule, CryptoModule, IdentityCoreModule, MfaCoreModule, CasesCoreModule, ReferralsCoreModule, MissingCoreModule, DirectoryCoreModule, DirectoryImportModule, ScreeningCoreModule, TipsCoreModule, EducationCoreModule, StatisticsCoreModule],
      providers: [DemoSeedService, DemoAccounts, DemoCredentials, DemoCommunity, DemoDirectory, DemoEducation, DemoCases, DemoReferrals, DemoMissing, DemoScreening, DemoTips, DemoCasework, DemoStatistics, DemoRepository, DemoViewers],
    };
  }
}
