import { Module } from '@nestjs/common';
import { CasesCoreModule, CasesModule } from '@tandem/cases';
import { DeadlinesCoreModule } from '@tandem/deadlines';
import { CaseMissingResolver, MissingReportResolver, MissingResolver } from './graphql/missing.resolver';
import { LawEnforcementReportOverdue, NcmecReportOverdue } from './missing-deadlines';
import { MissingRecords } from './missing-records';
import { MissingReports } from './missing-reports.service';
import { MissingRepository } from './missing.repository';
import { MissingService } from './missing.service';

/** Missing episodes without GraphQL, with the effects of their overdue reports (worker and tests). */
@Module({
  imports: [CasesCoreModule, DeadlinesCoreModule],
  providers: [MissingRepository, MissingRecords, MissingService, MissingReports, LawEnforcementReportOverdue, NcmecReportOverdue],
  exports: [MissingService, MissingReports],
})
export class MissingCoreModule {}

/** Missing episodes with their GraphQL mutations and Case.missingEpisodes, for the API. */
@Module({ imports: [MissingCoreModule, CasesCoreModule, CasesModule], providers: [MissingResolver, CaseMissingResolver, MissingReportResolver] })
export class MissingModule {}
