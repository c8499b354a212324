import { Module } from '@nestjs/common';
import { AuditModule } from '@tandem/audit';
import { CasesCoreModule } from '@tandem/cases';
import { CryptoModule } from '@tandem/crypto';
import { DirectoryCoreModule, DirectoryImportModule } from '@tandem/directory';
import { IdentityCoreModule } from '@tandem/identity';
import { MissingCoreModule } from '@tandem/missing';
import { ReferralsCoreModule } from '@tandem/referrals';
import { ScreeningCoreModule } from '@tandem/screening';
import { TipsCoreModule } from '@tandem/tips';
import { AppConfig, ClockModule, ConfigModule, DatabaseModule, QueueModule } from '@tandem/platform';
import { DemoAccounts } from './demo/demo-accounts';
import { DemoCases } from './demo/demo-cases';
import { DemoDirectory } from './demo/demo-directory';
import { DemoMissing } from './demo/demo-missing';
import { DemoReferrals } from './demo/demo-referrals';
import { DemoCasework, DemoScreening } from './demo/demo-screening';
import { DemoSeedService } from './demo/demo-seed.service';
import { DemoTips } from './demo/demo-tips';
import { DemoViewers } from './demo/demo-viewer';
import { DemoRepository } from './demo/demo.repository';

/** What the administrative commands need: the database, the domain services, the queues. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig) {
    return {
      module: CliModule,
      imports: [ConfigModule.forRoot(config), ClockModule, DatabaseModule.forRoot('cli'), QueueModule.forRoot(), AuditModule, CryptoModule, IdentityCoreModule, CasesCoreModule, ReferralsCoreModule, MissingCoreModule, DirectoryCoreModule, DirectoryImportModule, ScreeningCoreModule, TipsCoreModule],
      providers: [DemoSeedService, DemoAccounts, DemoDirectory, DemoCases, DemoReferrals, DemoMissing, DemoScreening, DemoTips, DemoCasework, DemoRepository, DemoViewers],
    };
  }
}
