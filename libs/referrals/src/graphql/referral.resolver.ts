import { Args, Context, ID, Int, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, CurrentViewer, DataScope, Viewer } from '@tandem/authz';
import { actorOf, recordRead } from '@tandem/audit';
import { Case, CaseAccess, CaseLoaders, pathOf } from '@tandem/cases';
import { Agency, IdentityLoaders, User } from '@tandem/identity';
import { BadInputError, Clock, Connection, CursorCodec, GraphQLContext, pageSize, ParseIdPipe, Transactions, Tx } from '@tandem/platform';
import DataLoader from 'dataloader';
import { GraphQLResolveInfo } from 'graphql';
import { HandoffsService } from '../handoffs.service';
import { HANDOFF_ACTS, HANDOFF_LIST, HANDOFF_REQUEST, INBOX_COUNT, REFERRAL_ACTS, REFERRAL_LIST, REFERRAL_READ, REFERRAL_SEND } from '../referral.policies';
import { ReferralRepository } from '../referral.repository';
import { ReferralsService } from '../referrals.service';
import { DeclineReason, Direction, HandoffRecord, HandoffStatus, ReferralRecord, ReferralStatus } from '../referrals.types';
import { CreateReferralInput, RequestHandoffInput } from './referral.input';
import { Handoff, HandoffConnection, InboxCounts, Referral, REASON_DESCRIPTION, ReferralConnection, WithheldReferralField } from './referral.model';

const REFERRALS_BY_CASE = Symbol('referrals-by-case');

function text(path: string, value: string | null | undefined, max = 2000): string {
  const trimmed = (value ?? '').trim();
  if (trimmed.length === 0 || trimmed.length > max) throw BadInputError.field(path, `must be 1 to ${max} characters`);
  return trimmed;
}

/** A referral as its viewer may read it: reason, outcome and notes are SERVICES (docs/access-policy.md, "What a case holds, by scope"), shown only with that scope. */
function toReferral(record: ReferralRecord, caseScopes: DataScope[] | null): Referral {
  const services = caseScopes?.includes(DataScope.SERVICES) ?? false;
  const withheld = services ? [] : (['reason', 'statusNote', 'outcome'] as const).filter((field) => record[field] !== null);
  return {
    ...record,
    scopes: record.scopes as DataScope[],
    reason: services ? record.reason : null,
    outcome: services ? record.outcome : null,
    statusNote: services ? record.statusNote : null,
    emergency: record.emergencyJustification !== null,
    withheld,
  };
}

/** A text field of a referral; when it was withheld from the viewer, its path goes to extensions.redacted. */
function disclosed(referral: Referral, field: WithheldReferralField, context: GraphQLContext, info: GraphQLResolveInfo): string | null {
  if (referral.withheld?.includes(field)) context.redacted.push(pathOf(info));
  return referral[field];
}

@Resolver(() => Referral)
export class ReferralResolver {
  constructor(
    private readonly service: ReferralsService,
    private readonly repository: ReferralRepository,
    private readonly transactions: Transactions,
    private readonly cursors: CursorCodec,
    private readonly identity: IdentityLoaders,
    private readonly clock: Clock,
    private readonly access: CaseAccess,
  ) {}

  @Query(() => ReferralConnection, { description: "Your agency's referrals, incoming (its inbox) or outgoing, newest first" })
  @Allow(REFERRAL_LIST)
  async referrals(
    @CurrentViewer() viewer: Viewer,
    @Context() context: GraphQLContext,
    @Args('direction', { type: () => Direction }) direction: Direction,
    @Args('status', { type: () => ReferralStatus, nullable: true }) status?: ReferralStatus,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<Connection<Referral>> {
    const limit = pageSize(first);
    const scope = `referrals:${direction}:${status ?? ''}`;
    const key = this.cursors.decode(scope, after) as [string, string] | null;
    const tx = this.transactions.manager;
    const rows = await this.repository.pageReferrals(tx, this.access.ability(viewer), viewer.agencyId!, direction, status ?? null, key, limit + 1);
    const scopes = await this.scopesByCase(tx, viewer, rows.slice(0, limit).map((row) => row.caseId));
    recordRead(context, { actor: actorOf(viewer), action: 'REFERRAL_LIST', details: { referralIds: rows.slice(0, limit).map((row) => row.id) } });
    return this.cursors.connection(scope, rows, limit, (row) => [row.createdAt.toISOString(), row.id], (row) => toReferral(row, scopes.get(row.caseId) ?? null));
  }

  @Query(() => Referral, { description: 'A referral of your agency (sent or received); any other id is NOT_FOUND' })
  @Allow(REFERRAL_READ)
  async referral(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @Context() context: GraphQLContext,
  ): Promise<Referral> {
    const { referral: record, view } = await this.service.read(viewer, id);
    recordRead(context, { actor: actorOf(viewer), action: 'REFERRAL_VIEW', caseId: record.caseId, subjectType: 'Referral', subjectId: id, scopes: view.scopes });
    return toReferral(record, view.scopes);
  }

  /** The scopes the viewer holds on each case, in one batch. */
  private async scopesByCase(tx: Tx, viewer: Viewer, caseIds: string[]): Promise<Map<string, DataScope[]>> {
    const views = await this.access.views(tx, viewer, [...new Set(caseIds)]);
    return new Map([...views].map(([id, view]) => [id, view.scopes]));
  }

  /** A referral just changed by the viewer, read back with the scopes the viewer now holds. */
  private async mutated(viewer: Viewer, record: ReferralRecord): Promise<Referral> {
    const scopes = await this.scopesByCase(this.transactions.manager, viewer, [record.caseId]);
    return toReferral(record, scopes.get(record.caseId) ?? null);
  }

  @Query(() => InboxCounts)
  @Allow(INBOX_COUNT)
  inboxCounts(@CurrentViewer() viewer: Viewer): Promise<InboxCounts> {
    return this.repository.inboxCounts(this.transactions.manager, viewer.agencyId!, this.clock.now());
  }

  @ResolveField(() => Agency)
  fromAgency(referral: Referral, _args: unknown, context: GraphQLContext) {
    return this.identity.agency(context).load(referral.fromAgencyId);
  }

  @ResolveField(() => Agency)
  toAgency(referral: Referral, _args: unknown, context: GraphQLContext) {
    return this.identity.agency(context).load(referral.toAgencyId);
  }

  @ResolveField(() => User)
  sentBy(referral: Referral, _args: unknown, context: GraphQLContext) {
    return this.identity.user(context).load(referral.sentBy);
  }

  @ResolveField('reason', () => String, { nullable: true, description: REASON_DESCRIPTION })
  reason(referral: Referral, _args: unknown, context: GraphQLContext, info: GraphQLResolveInfo): string | null {
    return disclosed(referral, 'reason', context, info);
  }

  @ResolveField('statusNote', () => String, { nullable: true })
  statusNote(referral: Referral, _args: unknown, context: GraphQLContext, info: GraphQLResolveInfo): string | null {
    return disclosed(referral, 'statusNote', context, info);
  }

  @ResolveField('outcome', () => String, { nullable: true })
  outcome(referral: Referral, _args: unknown, context: GraphQLContext, info: GraphQLResolveInfo): string | null {
    return disclosed(referral, 'outcome', context, info);
  }

  @Mutation(() => Referral, { description: 'Sharing IDENTITY, LOCATION or SERVICES needs consent, except toward law enforcement and for a justified EMERGENCY' })
  @Allow(REFERRAL_SEND)
  async createReferral(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateReferralInput): Promise<Referral> {
    return this.mutated(viewer, await this.service.createReferral(viewer, input));
  }

  @Mutation(() => Referral, { description: 'Your agency becomes a partner with the shared scopes, and you are assigned' })
  @Allow(REFERRAL_ACTS.accept)
  async acceptReferral(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string): Promise<Referral> {
    return this.mutated(viewer, await this.service.act(viewer, id, 'accept'));
  }

  @Mutation(() => Referral)
  @Allow(REFERRAL_ACTS.decline)
  async declineReferral(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @Args('reason', { type: () => DeclineReason }) reason: DeclineReason,
    @Args('note', { type: () => String, nullable: true }) note?: string,
  ): Promise<Referral> {
    const cleanNote = note === undefined || note === null ? null : text('note', note);
    return this.mutated(viewer, await this.service.act(viewer, id, 'decline', { reason, note: cleanNote }));
  }

  @Mutation(() => Referral)
  @Allow(REFERRAL_ACTS.withdraw)
  async withdrawReferral(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string, @Args('reason') reason: string): Promise<Referral> {
    return this.mutated(viewer, await this.service.act(viewer, id, 'withdraw', { reason: text('reason', reason) }));
  }

  @Mutation(() => Referral)
  @Allow(REFERRAL_ACTS.start)
  async startReferral(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string): Promise<Referral> {
    return this.mutated(viewer, await this.service.act(viewer, id, 'start'));
  }

  @Mutation(() => Referral)
  @Allow(REFERRAL_ACTS.complete)
  async completeReferral(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string, @Args('outcome') outcome: string): Promise<Referral> {
    return this.mutated(viewer, await this.service.act(viewer, id, 'complete', { outcome: text('outcome', outcome) }));
  }

  @Mutation(() => Referral)
  @Allow(REFERRAL_ACTS.fail)
  async failReferral(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string, @Args('reason') reason: string): Promise<Referral> {
    return this.mutated(viewer, await this.service.act(viewer, id, 'fail', { reason: text('reason', reason) }));
  }
}

@Resolver(() => Handoff)
export class HandoffResolver {
  constructor(
    private readonly service: HandoffsService,
    private readonly repository: ReferralRepository,
    private readonly transactions: Transactions,
    private readonly cursors: CursorCodec,
    private readonly identity: IdentityLoaders,
    private readonly access: CaseAccess,
  ) {}

  @Query(() => HandoffConnection, { description: "Your agency's handoffs, incoming or outgoing, newest first" })
  @Allow(HANDOFF_LIST)
  async handoffs(
    @CurrentViewer() viewer: Viewer,
    @Context() context: GraphQLContext,
    @Args('direction', { type: () => Direction }) direction: Direction,
    @Args('status', { type: () => HandoffStatus, nullable: true }) status?: HandoffStatus,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<Connection<HandoffRecord>> {
    const limit = pageSize(first);
    const scope = `handoffs:${direction}:${status ?? ''}`;
    const key = this.cursors.decode(scope, after) as [string, string] | null;
    const rows = await this.repository.pageHandoffs(this.transactions.manager, this.access.ability(viewer), viewer.agencyId!, direction, status ?? null, key, limit + 1);
    recordRead(context, { actor: actorOf(viewer), action: 'HANDOFF_LIST', details: { handoffIds: rows.slice(0, limit).map((row) => row.id) } });
    return this.cursors.connection(scope, rows, limit, (row) => [row.createdAt.toISOString(), row.id], (row) => row);
  }

  @ResolveField(() => Agency)
  fromAgency(handoff: Handoff, _args: unknown, context: GraphQLContext) {
    return this.identity.agency(context).load(handoff.fromAgencyId);
  }

  @ResolveField(() => Agency)
  toAgency(handoff: Handoff, _args: unknown, context: GraphQLContext) {
    return this.identity.agency(context).load(handoff.toAgencyId);
  }

  @ResolveField(() => User)
  requestedBy(handoff: Handoff, _args: unknown, context: GraphQLContext) {
    return this.identity.user(context).load(handoff.requestedBy);
  }

  @Mutation(() => Handoff, { description: 'Asks another agency to take the lead of a case' })
  @Allow(HANDOFF_REQUEST)
  requestHandoff(@CurrentViewer() viewer: Viewer, @Args('input') input: RequestHandoffInput) {
    return this.service.requestHandoff(viewer, input);
  }

  @Mutation(() => Handoff, { description: 'Your agency becomes the lead in this same transaction' })
  @Allow(HANDOFF_ACTS.accept)
  acceptHandoff(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string) {
    return this.service.actOnHandoff(viewer, id, 'accept');
  }

  @Mutation(() => Handoff)
  @Allow(HANDOFF_ACTS.decline)
  declineHandoff(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string, @Args('reason') reason: string) {
    return this.service.actOnHandoff(viewer, id, 'decline', text('reason', reason));
  }

  @Mutation(() => Handoff)
  @Allow(HANDOFF_ACTS.cancel)
  cancelHandoff(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string) {
    return this.service.actOnHandoff(viewer, id, 'cancel');
  }
}

/** Case.referrals: the referrals of a case the viewer sees (their statuses are SUMMARY), batched per request. */
@Resolver(() => Case)
export class CaseReferralsResolver {
  constructor(
    private readonly repository: ReferralRepository,
    private readonly transactions: Transactions,
    private readonly loaders: CaseLoaders,
    private readonly identity: IdentityLoaders,
  ) {}

  @ResolveField(() => [Referral])
  async referrals(node: Case, _args: unknown, context: GraphQLContext): Promise<Referral[]> {
    const view = await this.loaders.view(context, node.id);
    if (!view) return [];
    let loader = context.state.get(REFERRALS_BY_CASE) as DataLoader<string, ReferralRecord[]> | undefined;
    if (!loader) {
      loader = new DataLoader(async (ids: readonly string[]) => {
        const rows = await this.repository.findReferralsOfCases(this.transactions.manager, ids);
        this.identity.primeAgencies(context, rows.flatMap((row) => row.agencies));
        return ids.map((id) => rows.filter((row) => row.caseId === id));
      });
      context.state.set(REFERRALS_BY_CASE, loader);
    }
    return (await loader.load(node.id)).map((record) => toReferral(record, view.scopes));
  }
}
