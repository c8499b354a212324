import { Args, Context, ID, Int, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AuditEventKey, AuditEventRecord, readLog } from '@tandem/audit';
import { Allow, CurrentViewer, Viewer } from '@tandem/authz';
import { Agency, IdentityLoaders, User } from '@tandem/identity';
import { Connection, CursorCodec, GraphQLContext, pageSize, ParseIdPipe } from '@tandem/platform';
import { AuditEventPolicy } from '../audit-event.policies';
import { checkedQuery, OversightService } from '../oversight.service';
import { AuditEventFilter } from './audit-event.input';
import { AuditActorType, AuditChainProblemKind, AuditChainVerification, AuditEvent, AuditEventConnection, AuditExport, AuditOutcome, AuditReportRow } from './audit-event.model';

/** An event as the API shows it; the actor's user and agency are resolved per request, in batches. */
export type AuditEventNode = Omit<AuditEvent, 'actorUser' | 'actorAgency'>;
type AuditReportNode = Omit<AuditReportRow, 'actorUser' | 'actorAgency'>;

export function toAuditEventNode(record: AuditEventRecord): AuditEventNode {
  return {
    id: record.id,
    occurredAt: record.occurredAt,
    actorType: record.actorType as AuditActorType,
    actorUserId: record.actorUserId,
    actorAgencyId: record.actorAgencyId,
    action: record.action,
    outcome: record.outcome as AuditOutcome,
    caseId: record.caseId,
    subjectType: record.subjectType,
    subjectId: record.subjectId,
    scopes: record.scopes,
    justification: record.justification,
    reason: record.reason,
    requestId: record.requestId,
    clientAddress: record.clientAddress,
    userAgent: record.userAgent,
    details: JSON.stringify(record.details ?? {}),
    chainKey: record.chainKey,
    chainSeq: record.chainSeq,
  };
}

export const eventKey = (record: AuditEventRecord): AuditEventKey => [record.occurredAt.toISOString(), record.id];

/** Cursors of one case's access log, whichever field served them. */
export const caseLogScope = (caseId: string) => `audit-case:${caseId}`;

@Resolver(() => AuditEvent)
export class AuditEventResolver {
  constructor(
    private readonly service: OversightService,
    private readonly cursors: CursorCodec,
    private readonly identity: IdentityLoaders,
  ) {}

  @Query(() => AuditEventConnection, { description: 'Audit events newest first: an auditor sees all; a supervisor those of their agency and on the cases it leads' })
  @Allow(AuditEventPolicy.list)
  async auditEvents(
    @CurrentViewer() viewer: Viewer,
    @Context() context: GraphQLContext,
    @Args('filter', { type: () => AuditEventFilter, nullable: true }) filter?: AuditEventFilter,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<Connection<AuditEventNode>> {
    const limit = pageSize(first);
    const query = checkedQuery(filter, 'filter');
    const scope = `audit-events:${JSON.stringify(query)}`;
    const key = this.cursors.decode(scope, after) as AuditEventKey | null;
    const rows = await this.service.events(viewer, query, key, limit, readLog(context));
    return this.cursors.connection(scope, rows, limit, eventKey, toAuditEventNode);
  }

  @Query(() => AuditEventConnection, {
    description: "Every event on one case, newest first (its accounting of disclosures): for auditors, and supervisors of the lead agency; any other case is NOT_FOUND",
  })
  @Allow(AuditEventPolicy.readCaseLog)
  async caseAccessLog(
    @CurrentViewer() viewer: Viewer,
    @Args('caseId', { type: () => ID }, new ParseIdPipe('caseId')) caseId: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<Connection<AuditEventNode>> {
    const limit = pageSize(first);
    const scope = caseLogScope(caseId);
    const key = this.cursors.decode(scope, after) as AuditEventKey | null;
    const rows = await this.service.caseLog(viewer, caseId, key, limit, 'NOT_FOUND');
    return this.cursors.connection(scope, rows, limit, eventKey, toAuditEventNode);
  }

  @Query(() => [AuditReportRow], { description: `Per user and UTC day in [from, to] (at most 93 days): a supervisor's own agency; an auditor's every agency or agencyId` })
  @Allow(AuditEventPolicy.report)
  async auditReport(
    @CurrentViewer() viewer: Viewer,
    @Args('from', { type: () => Date }) from: Date,
    @Args('to', { type: () => Date }) to: Date,
    @Args('agencyId', { type: () => ID, nullable: true }, new ParseIdPipe('agencyId')) agencyId?: string | null,
  ): Promise<AuditReportNode[]> {
    return this.service.report(viewer, from, to, agencyId ?? null);
  }

  @Query(() => AuditExport, { description: 'The events matching the filter that you may read in auditEvents, as CSV (at most 50000; narrow the filter otherwise); audited as EXPORT' })
  @Allow(AuditEventPolicy.export)
  async exportAuditEvents(@CurrentViewer() viewer: Viewer, @Args('filter', { type: () => AuditEventFilter }) filter: AuditEventFilter): Promise<AuditExport> {
    return this.service.exportCsv(viewer, checkedQuery(filter, 'filter'));
  }

  @Query(() => AuditChainVerification, {
    description: 'Recomputes every hash chain of the audit trail now and names the first broken link of each (auditors); audited as AUDIT_VERIFY',
  })
  @Allow(AuditEventPolicy.verifyChains)
  async auditChainVerification(@CurrentViewer() viewer: Viewer): Promise<AuditChainVerification> {
    const report = await this.service.verifyChains(viewer);
    return {
      checkedAt: report.checkedAt,
      chains: report.chains,
      events: report.events,
      legacyEvents: report.legacyEvents,
      elapsedMs: report.elapsedMs,
      intact: report.problems.length === 0,
      problems: report.problems.map((problem) => ({ ...problem, kind: problem.kind as AuditChainProblemKind })),
    };
  }

  @ResolveField(() => User, { nullable: true })
  actorUser(event: AuditEventNode, _args: unknown, context: GraphQLContext) {
    return event.actorUserId ? this.identity.user(context).load(event.actorUserId) : null;
  }

  @ResolveField(() => Agency, { nullable: true })
  actorAgency(event: AuditEventNode, _args: unknown, context: GraphQLContext) {
    return event.actorAgencyId ? this.identity.agency(context).load(event.actorAgencyId) : null;
  }
}

@Resolver(() => AuditReportRow)
export class AuditReportRowResolver {
  constructor(private readonly identity: IdentityLoaders) {}

  @ResolveField(() => User, { nullable: true })
  actorUser(row: AuditReportNode, _args: unknown, context: GraphQLContext) {
    return this.identity.user(context).load(row.actorUserId);
  }

  @ResolveField(() => Agency, { nullable: true })
  actorAgency(row: AuditReportNode, _args: unknown, context: GraphQLContext) {
    return row.actorAgencyId ? this.identity.agency(context).load(row.actorAgencyId) : null;
  }
}
