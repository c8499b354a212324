import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { actorOf, AuditAction, readLog, recordRead } from '@tandem/audit';
import { Allow, CurrentViewer, DataScope, Viewer } from '@tandem/authz';
import { Agency, AgencyRecord, IdentityLoaders, User, UserRecord } from '@tandem/identity';
import { Connection, CursorCodec, GraphQLContext, pageSize, ParseIdPipe, perRequest, Transactions } from '@tandem/platform';
import { GraphQLResolveInfo } from 'graphql';
import { CaseAccess } from '../case-access.service';
import { CASE_READ } from '../case.policies';
import { CaseRepository } from '../case.repository';
import { CaseRecord } from '../cases.types';
import { CasesService } from '../cases.service';
import { CaseFilterInput } from './case.input';
import { CaseLoaders } from './case.loaders';
import { Assignment, Case, CaseConnection, Child, Membership, Note, TimelineChange, TimelineConnection, TimelineEntry } from './case.model';
import { describeTimelineEntry, timelineDetail, TimelineText, timelineAgencyIds, timelineUserIds } from '../timeline-text';
import { CaseEventRecord, CaseEvents } from '../case-events';
import { redact } from './redaction';

/**
 * A case as GraphQL reads it: its record, and its lead agency through the request's agency loader
 * when (and only when) the query asks for it. A getter, not a field resolver: the framework's
 * per-call work of a resolver, 50 times a page, was most of what a list row cost.
 */
export type CaseNode = CaseRecord & { readonly leadAgency: Promise<AgencyRecord | null> };

export function caseNode(record: CaseRecord, agencies: DataLoader<string, AgencyRecord | null>): CaseNode {
  return {
    ...record,
    get leadAgency() {
      return agencies.load(record.leadAgencyId);
    },
  };
}

const IDENTITY_FIELDS = ['legalName', 'aliases', 'dateOfBirth', 'sex', 'identifyingMarks'];
const LOCATION_FIELDS = ['placement', 'guardianContacts'];

/** Reading cases: one case, the list, and the fields a viewer's scopes disclose. */
@Resolver(() => Case)
export class CaseResolver {
  constructor(
    private readonly service: CasesService,
    private readonly access: CaseAccess,
    private readonly caseRepo: CaseRepository,
    private readonly loaders: CaseLoaders,
    private readonly identity: IdentityLoaders,
    private readonly cursors: CursorCodec,
    private readonly transactions: Transactions,
    private readonly events: CaseEvents,
  ) {}

  private toNode(context: GraphQLContext, record: CaseRecord): CaseNode {
    return caseNode(record, this.identity.agency(context));
  }

  @Query(() => Case, { description: 'A case you see; any other id, existing or not, is NOT_FOUND' })
  @Allow(CASE_READ)
  async case(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string, @Context() context: GraphQLContext): Promise<CaseNode> {
    const view = await this.service.viewCase(viewer, id, readLog(context));
    this.loaders.remember(context, [view]);
    return this.toNode(context, view.record);
  }

  @Query(() => CaseConnection, { description: 'The cases you see, newest first' })
  @Allow(CASE_READ)
  async cases(
    @CurrentViewer() viewer: Viewer,
    @Context() context: GraphQLContext,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
    @Args('filter', { type: () => CaseFilterInput, nullable: true }) filter?: CaseFilterInput,
  ): Promise<Connection<CaseNode>> {
    const limit = pageSize(first);
    const scope = `cases:${JSON.stringify(filter ?? {})}`;
    const key = this.cursors.decode(scope, after) as [string, string] | null;
    const ability = this.access.ability(viewer);
    const rows = await this.caseRepo.pageVisible(
        this.transactions.manager,
        ability,
        {
          statuses: filter?.statuses,
          riskLevels: filter?.riskLevels,
          flags: filter?.flags,
          leadAgencyId: filter?.leadAgencyId,
          caseNumber: filter?.caseNumber,
          assignedToUserId: filter?.assignedToMe ? viewer.userId : null,
        },
        key,
        limit + 1,
      );
    recordRead(context, { actor: actorOf(viewer), action: AuditAction.CASE_LIST, details: { caseIds: rows.slice(0, limit).map((record) => record.id) } });
    // The rows are exactly those the viewer sees (the predicate is the policy's rules, in SQL); their
    // scopes are checked only if a field asks for them (CaseLoaders.views).
    return this.cursors.connection(scope, rows, limit, (record) => [record.openedAt.toISOString(), record.id], (record) => this.toNode(context, record));
  }

  @ResolveField(() => [DataScope], { description: 'The scopes of this case that you see' })
  async viewerScopes(node: CaseNode, _args: unknown, context: GraphQLContext): Promise<DataScope[]> {
    return this.loaders.scopes(context, node.id);
  }

  @ResolveField(() => Child, { description: 'Fields outside your scopes are null and listed in extensions.redacted' })
  async child(node: CaseNode, _args: unknown, context: GraphQLContext, info: GraphQLResolveInfo): Promise<Child> {
    const scopes = await this.loaders.scopes(context, node.id);
    const canIdentity = scopes.includes(DataScope.IDENTITY);
    const canLocation = scopes.includes(DataScope.LOCATION);
    const decrypted = canIdentity || canLocation ? await this.loaders.child(context).load(node.id) : null;
    const redacted = [...(canIdentity ? [] : IDENTITY_FIELDS), ...(canLocation ? [] : LOCATION_FIELDS)];
    redact(context, info, redacted);
    const identity = canIdentity ? decrypted?.identity : null;
    const location = canLocation ? decrypted?.location : null;
    return {
      legalName: identity?.legalName ?? null,
      aliases: identity?.aliases ?? null,
      dateOfBirth: identity?.dateOfBirth ?? null,
      sex: identity?.sex ?? null,
      identifyingMarks: identity?.identifyingMarks ?? null,
      placement: canLocation ? (location?.placement ?? null) : null,
      guardianContacts: canLocation ? (location?.guardianContacts ?? []) : null,
    };
  }

  @ResolveField(() => [Membership])
  async memberships(node: CaseNode, _args: unknown, context: GraphQLContext): Promise<Membership[]> {
    const rows = await this.loaders.memberships(context).load(node.id);
    return rows.map((row) => ({ ...row, scopes: row.scopes as DataScope[] })) as unknown as Membership[];
  }

  @ResolveField(() => [Assignment])
  async assignments(node: CaseNode, _args: unknown, context: GraphQLContext): Promise<Assignment[]> {
    return (await this.loaders.assignments(context).load(node.id)) as unknown as Assignment[];
  }

  @ResolveField(() => TimelineConnection, { description: 'Everything that happened on the case, oldest first, as far as your scopes go' })
  async timeline(
    @Parent() node: CaseNode,
    @CurrentViewer() viewer: Viewer,
    @Context() context: GraphQLContext,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<Connection<TimelineEntry>> {
    const limit = pageSize(first);
    const scope = `timeline:${node.id}`;
    const key = this.cursors.decode(scope, after) as [string, string] | null;
    const view = await this.loaders.view(context, node.id);
    if (!view) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
    const rows = await this.events.page(this.transactions.manager, node.id, view.scopes, viewer.agencyId, key, limit + 1);
    recordRead(context, { actor: actorOf(viewer), action: 'TIMELINE_VIEW', caseId: node.id, subjectType: 'Case', subjectId: node.id, scopes: view.scopes, details: { entries: Math.min(rows.length, limit) } });
    return this.cursors.connection(scope, rows, limit, (row: CaseEventRecord) => [row.occurredAt.toISOString(), row.id], (row) => ({ ...row, detail: JSON.stringify(timelineDetail(row, view.scopes)), viewerScopes: view.scopes }));
  }
}

@Resolver(() => Membership)
export class MembershipResolver {
  constructor(private readonly identity: IdentityLoaders) {}

  @ResolveField(() => Agency)
  agency(membership: Membership, _args: unknown, context: GraphQLContext) {
    return this.identity.agency(context).load(membership.agencyId);
  }
}

@Resolver(() => Assignment)
export class AssignmentResolver {
  constructor(private readonly identity: IdentityLoaders) {}

  @ResolveField(() => User)
  user(assignment: Assignment, _args: unknown, context: GraphQLContext) {
    return this.identity.user(context).load(assignment.userId);
  }
}

const TIMELINE_TEXT = Symbol('timeline-text');

/** Rows a loader returned for ids, by id; an id it failed to load reads as unknown. */
function byId<T>(ids: readonly string[], rows: readonly (T | null | Error)[]): Map<string, T | null> {
  return new Map(ids.map((id, i) => {
    const row = rows[i];
    return [id, row instanceof Error ? null : (row ?? null)];
  }));
}

/** An entry's text and the agencies it names, rendered once per entry however many of its fields the query asks. */
interface RenderedEntry {
  text: TimelineText;
  agencies: Map<string, AgencyRecord | null>;
}

@Resolver(() => TimelineEntry)
export class TimelineResolver {
  constructor(private readonly identity: IdentityLoaders) {}

  /**
   * Agency and user names come from the request's loaders: the entries of a page ask in the same
   * tick, so a page costs one statement for agencies and one for users, whatever its size.
   */
  private rendered(entry: TimelineEntry, context: GraphQLContext): Promise<RenderedEntry> {
    const cache = perRequest(context, TIMELINE_TEXT, () => new WeakMap<TimelineEntry, Promise<RenderedEntry>>());
    let rendered = cache.get(entry);
    if (!rendered) {
      rendered = this.render(entry, context);
      cache.set(entry, rendered);
    }
    return rendered;
  }

  private async render(entry: TimelineEntry, context: GraphQLContext): Promise<RenderedEntry> {
    const agencyIds = timelineAgencyIds(entry);
    const userIds = timelineUserIds(entry);
    const [agencyRows, userRows] = await Promise.all([this.identity.agency(context).loadMany(agencyIds), this.identity.user(context).loadMany(userIds)]);
    const agencies = byId<AgencyRecord>(agencyIds, agencyRows);
    const users = byId<UserRecord>(userIds, userRows);
    const text = describeTimelineEntry(entry, entry.viewerScopes, {
      agency: (id) => agencies.get(id)?.name ?? null,
      user: (id) => users.get(id)?.displayName ?? null,
    });
    return { text, agencies };
  }

  @ResolveField(() => String, { description: 'The event as a sentence: agency names and codes, never the child\'s identity or whereabouts' })
  async summary(entry: TimelineEntry, _args: unknown, context: GraphQLContext): Promise<string> {
    return (await this.rendered(entry, context)).text.summary;
  }

  @ResolveField(() => Agency, { nullable: true, description: 'The sending agency of a referral or handoff' })
  async fromAgency(entry: TimelineEntry, _args: unknown, context: GraphQLContext): Promise<AgencyRecord | null> {
    const { text, agencies } = await this.rendered(entry, context);
    return text.fromAgencyId ? (agencies.get(text.fromAgencyId) ?? null) : null;
  }

  @ResolveField(() => Agency, { nullable: true, description: 'The receiving agency of a referral or handoff' })
  async toAgency(entry: TimelineEntry, _args: unknown, context: GraphQLContext): Promise<AgencyRecord | null> {
    const { text, agencies } = await this.rendered(entry, context);
    return text.toAgencyId ? (agencies.get(text.toAgencyId) ?? null) : null;
  }

  @ResolveField(() => [TimelineChange], { description: 'What changed, as far as your scopes go' })
  async changes(entry: TimelineEntry, _args: unknown, context: GraphQLContext): Promise<TimelineChange[]> {
    const { text, agencies } = await this.rendered(entry, context);
    return text.changes.map(({ agencyId, ...change }) => ({ ...change, agency: agencyId ? ((agencies.get(agencyId) ?? null) as Agency | null) : null }));
  }

  @ResolveField(() => User, { nullable: true })
  actor(entry: TimelineEntry, _args: unknown, context: GraphQLContext) {
    return entry.actorUserId ? this.identity.user(context).load(entry.actorUserId) : null;
  }

  @ResolveField(() => Agency, { nullable: true })
  actorAgency(entry: TimelineEntry, _args: unknown, context: GraphQLContext) {
    return entry.actorAgencyId ? this.identity.agency(context).load(entry.actorAgencyId) : null;
  }
}

@Resolver(() => Note)
export class NoteResolver {
  constructor(private readonly identity: IdentityLoaders) {}

  @ResolveField(() => User)
  author(note: Note, _args: unknown, context: GraphQLContext) {
    return this.identity.user(context).load(note.authorId);
  }

  @ResolveField(() => Agency)
  agency(note: Note, _args: unknown, context: GraphQLContext) {
    return this.identity.agency(context).load(note.agencyId);
  }
}
