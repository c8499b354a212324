import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, CurrentViewer, Viewer } from '@tandem/authz';
import { IdentityLoaders } from '@tandem/identity';
import { BadInputError, Clock, GraphQLContext, ParseIdPipe } from '@tandem/platform';
import { BreakGlassService } from '../break-glass.service';
import { CaseLocator } from '../case-locator.service';
import { CaseRecordsService } from '../case-records.service';
import { CASE_ASSIGN, CASE_BREAK_GLASS, CASE_CLOSE, CASE_CREATE, CASE_FLAG, CASE_LOCATE, CASE_REOPEN, CASE_UNASSIGN, CASE_UPDATE } from '../case.policies';
import { CaseView } from '../case-access.service';
import { AssignmentRole, CaseFlag, CaseRecord, CaseStatus } from '../cases.types';
import { CasesService } from '../cases.service';
import { CreateCaseInput, LocateSubjectInput, UpdateCaseInput } from './case.input';
import { CaseLoaders } from './case.loaders';
import { Case, LocateMatch } from './case.model';
import { caseNode, CaseNode } from './case.resolver';

/** Opening, changing and breaking the glass of a case, and locating cases about a child. */
@Resolver(() => Case)
export class CaseChangesResolver {
  constructor(
    private readonly lifecycle: CasesService,
    private readonly records: CaseRecordsService,
    private readonly breakGlassService: BreakGlassService,
    private readonly locator: CaseLocator,
    private readonly loaders: CaseLoaders,
    private readonly identity: IdentityLoaders,
    private readonly clock: Clock,
  ) {}

  /** The case as the change left it; the view it was changed with answers the fields that need the viewer's scopes. */
  private keep(context: GraphQLContext, view: CaseView): CaseNode {
    this.loaders.remember(context, [view]);
    return this.toNode(context, view.record);
  }

  private toNode(context: GraphQLContext, record: CaseRecord): CaseNode {
    return caseNode(record, this.identity.agency(context));
  }

  @Mutation(() => Case, { description: 'Opens a case; your agency leads it and you are its PRIMARY assignee' })
  @Allow(CASE_CREATE)
  async createCase(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateCaseInput, @Context() context: GraphQLContext): Promise<CaseNode> {
    return this.keep(context, await this.records.createCase(viewer, input));
  }

  @Mutation(() => Case, { description: 'CONFLICT when expectedVersion is older than the current version (the case changed: reload it); BAD_USER_INPUT on expectedVersion when it is below 1 or ahead of the case' })
  @Allow(CASE_UPDATE)
  async updateCase(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @Args('input') input: UpdateCaseInput,
    @Args('expectedVersion', { type: () => Int }) expectedVersion: number,
    @Context() context: GraphQLContext,
  ): Promise<CaseNode> {
    return this.keep(context, await this.records.updateCase(viewer, id, input, expectedVersion));
  }

  @Mutation(() => Case)
  @Allow(CASE_CLOSE)
  async closeCase(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @Args('reason') reason: string,
    @Context() context: GraphQLContext,
  ): Promise<CaseNode> {
    const why = reason.trim();
    if (why.length === 0 || why.length > 500) throw BadInputError.field('reason', 'must be 1 to 500 characters');
    return this.keep(context, await this.lifecycle.setStatus(viewer, id, CaseStatus.CLOSED, why));
  }

  @Mutation(() => Case)
  @Allow(CASE_REOPEN)
  async reopenCase(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string, @Context() context: GraphQLContext): Promise<CaseNode> {
    return this.keep(context, await this.lifecycle.setStatus(viewer, id, CaseStatus.ACTIVE, null));
  }

  @Mutation(() => Case)
  @Allow(CASE_FLAG)
  async setCaseFlag(
    @CurrentViewer() viewer: Viewer,
    @Args('caseId', { type: () => ID }, new ParseIdPipe('caseId')) caseId: string,
    @Args('flag', { type: () => CaseFlag }) flag: CaseFlag,
    @Args('on', { type: () => Boolean, defaultValue: true }) on: boolean,
    @Context() context: GraphQLContext,
  ): Promise<CaseNode> {
    return this.keep(context, await this.lifecycle.setFlag(viewer, caseId, flag, on));
  }

  @Mutation(() => Case)
  @Allow(CASE_ASSIGN)
  async assignUser(
    @CurrentViewer() viewer: Viewer,
    @Args('caseId', { type: () => ID }, new ParseIdPipe('caseId')) caseId: string,
    @Args('userId', { type: () => ID }, new ParseIdPipe('userId')) userId: string,
    @Args('role', { type: () => AssignmentRole, defaultValue: AssignmentRole.SECONDARY }) role: AssignmentRole,
    @Context() context: GraphQLContext,
  ): Promise<CaseNode> {
    return this.keep(context, await this.lifecycle.assign(viewer, caseId, userId, role));
  }

  @Mutation(() => Case)
  @Allow(CASE_UNASSIGN)
  async unassignUser(
    @CurrentViewer() viewer: Viewer,
    @Args('caseId', { type: () => ID }, new ParseIdPipe('caseId')) caseId: string,
    @Args('userId', { type: () => ID }, new ParseIdPipe('userId')) userId: string,
    @Context() context: GraphQLContext,
  ): Promise<CaseNode> {
    return this.keep(context, await this.lifecycle.unassign(viewer, caseId, userId));
  }

  @Mutation(() => Case, {
    description: 'Emergency access for 4 hours (SUMMARY, IDENTITY, LOCATION) to the case named by caseId or by caseNumber (exactly one); audited, supervisors alerted, reviewed',
  })
  @Allow(CASE_BREAK_GLASS)
  async breakGlass(
    @CurrentViewer() viewer: Viewer,
    @Args('justification') justification: string,
    @Context() context: GraphQLContext,
    @Args('caseId', { type: () => ID, nullable: true }, new ParseIdPipe('caseId')) caseId?: string | null,
    @Args('caseNumber', { type: () => String, nullable: true, description: 'As printed on the case, e.g. STL-2026-000123' }) caseNumber?: string | null,
  ): Promise<CaseNode> {
    if ((caseId ?? null) === null && (caseNumber ?? null) === null) throw BadInputError.field('caseId', 'give the case id or its case number');
    if (caseId && caseNumber) throw BadInputError.field('caseNumber', 'give the case id or its case number, not both');
    const target = caseId ? { caseId } : { caseNumber: caseNumberOf(caseNumber!) };
    // The fields that need the viewer's scopes read them through the grant just made (CaseLoaders.views).
    return this.toNode(context, await this.breakGlassService.breakGlass(viewer, target, justification));
  }

  @ResolveField(() => Date, { nullable: true, description: 'When your break-glass access to this case ends (the latest of your grants still running); null when you hold none' })
  async breakGlassEndsAt(@Parent() node: CaseNode, @CurrentViewer() viewer: Viewer, @Context() context: GraphQLContext): Promise<Date | null> {
    const view = await this.loaders.view(context, node.id);
    const now = this.clock.now().getTime();
    const ends = (view?.facts.grants ?? []).filter((grant) => grant.userId === viewer.userId && !grant.revoked && grant.expiresAt > now).map((grant) => grant.expiresAt);
    return ends.length > 0 ? new Date(Math.max(...ends)) : null;
  }

  @Query(() => [LocateMatch], { description: 'Whether cases about this child exist, and which agency to call; nothing else' })
  @Allow(CASE_LOCATE)
  async locateCases(@CurrentViewer() viewer: Viewer, @Args('subject') subject: LocateSubjectInput, @Context() context: GraphQLContext): Promise<LocateMatch[]> {
    const matches = await this.locator.locate(viewer, subject);
    const agencies = await Promise.all(matches.map((match) => this.identity.agency(context).load(match.leadAgencyId)));
    return agencies.map((agency) => ({ leadAgencyName: agency?.name ?? 'unknown', contactEmail: agency?.contactEmail ?? null, contactPhone: agency?.contactPhone ?? null }));
  }
}

const CASE_NUMBER = /^[A-Za-z]{2,5}-\d{4}-\d{6}$/;

/** A case number as typed (spaces around it forgiven), or BAD_USER_INPUT naming the argument. */
function caseNumberOf(value: string): string {
  const number = value.trim();
  if (!CASE_NUMBER.test(number)) throw BadInputError.field('caseNumber', 'must look like STL-2026-000123');
  return number;
}
