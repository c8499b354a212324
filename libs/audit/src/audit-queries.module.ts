import { Module } from '@nestjs/common';
import { AuditQueryRepository } from './audit-query.repository';
import { AuditQueryService } from './audit-query.service';

/**
 * Reading the audit trail, for the oversight API. Kept apart from {@link AuditModule} (the
 * writer every lib uses) and free of GraphQL: the resolvers need identity and cases, which
 * themselves write to the trail, so they live in `@tandem/oversight`.
 */
@Module({ providers: [AuditQueryService, AuditQueryRepository], exports: [AuditQueryService] })
export class AuditQueriesModule {}
