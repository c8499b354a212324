import { Module } from '@nestjs/common';
import { AuditQueriesModule } from '@tandem/audit';
import { CasesCoreModule, CasesModule } from '@tandem/cases';
import { IdentityCoreModule } from '@tandem/identity';
import { AuditEventResolver, AuditReportRowResolver } from './graphql/audit-event.resolver';
import { CaseAccessLogResolver } from './graphql/case-access-log.resolver';
import { OversightService } from './oversight.service';

/** The audit trail's readers' API: events, a case's access log, the daily report, the CSV export. */
@Module({
  imports: [AuditQueriesModule, IdentityCoreModule, CasesCoreModule, CasesModule],
  providers: [OversightService, AuditEventResolver, AuditReportRowResolver, CaseAccessLogResolver],
})
export class OversightModule {}
