import { Args, ID, Int, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AgencyType, Allow, CurrentViewer, decide, RequestWithViewer, Viewer } from '@tandem/authz';
import { Connection, CursorCodec, GraphQLContext, NotFoundError, pageSize, ParseIdPipe, Transactions } from '@tandem/platform';
import { AgencyPolicy } from '../agency.policies';
import { IdentityService } from '../identity.service';
import { JurisdictionPolicy } from '../jurisdiction.policies';
import { UserPolicy } from '../user.policies';
import { JurisdictionRepository } from '../jurisdiction.repository';
import { AgencyRepository } from '../agency.repository';
import { StaffMemberRecord, UserRecord } from '../identity.types';
import { CreateAgencyInput, CreateJurisdictionInput, CreateUserInput } from './identity.input';
import { IdentityLoaders } from './identity.loaders';
import { GraphQLResolveInfo, responsePathAsArray } from 'graphql';
import { Agency, Jurisdiction, StaffMember, StaffMemberConnection, User, UserConnection } from './identity.model';

@Resolver(() => Jurisdiction)
export class JurisdictionResolver {
  constructor(
    private readonly identity: IdentityService,
    private readonly jurisdictionRepo: JurisdictionRepository,
    private readonly transactions: Transactions,
  ) {}

  @Query(() => [Jurisdiction])
  @Allow(JurisdictionPolicy.list)
  jurisdictions(): Promise<Jurisdiction[]> {
    return this.jurisdictionRepo.list(this.transactions.manager);
  }

  @Mutation(() => Jurisdiction)
  @Allow(JurisdictionPolicy.create)
  createJurisdiction(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateJurisdictionInput): Promise<Jurisdiction> {
    return this.identity.createJurisdiction(viewer, input);
  }
}

@Resolver(() => Agency)
export class AgencyResolver {
  constructor(
    private readonly identity: IdentityService,
    private readonly agencyRepo: AgencyRepository,
    private readonly transactions: Transactions,
    private readonly loaders: IdentityLoaders,
  ) {}

  @Query(() => [Agency], { description: 'The directory of agencies (names, types, contacts): every signed-in user may read it' })
  @Allow(AgencyPolicy.list)
  agencies(
    @Args('jurisdictionId', { type: () => ID, nullable: true }, new ParseIdPipe('jurisdictionId')) jurisdictionId?: string,
    @Args('type', { type: () => AgencyType, nullable: true }) type?: AgencyType,
  ): Promise<Agency[]> {
    return this.identity.findAgencies(this.transactions.manager, { jurisdictionId, type });
  }

  @Query(() => Agency)
  @Allow(AgencyPolicy.read)
  async agency(@Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string): Promise<Agency> {
    const found = await this.agencyRepo.findById(this.transactions.manager, id);
    if (!found) throw new NotFoundError('Agency');
    return found;
  }

  @ResolveField(() => Jurisdiction)
  async jurisdiction(agency: Agency, _args: unknown, context: GraphQLContext): Promise<Jurisdiction> {
    return (await this.loaders.jurisdiction(context).load(agency.jurisdictionId))!;
  }

  @Mutation(() => Agency)
  @Allow(AgencyPolicy.create)
  createAgency(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateAgencyInput): Promise<Agency> {
    return this.identity.createAgency(viewer, input);
  }
}

/**
 * Whether the viewer reads this account's administration fields ({@link UserPolicy.readAdministration},
 * decided on the record already loaded); when not, the field's path is listed in `extensions.redacted`.
 */
function administrationShown(user: Pick<User, 'id' | 'agencyId'>, context: GraphQLContext, info: GraphQLResolveInfo): boolean {
  const viewer = (context.req as RequestWithViewer).viewer ?? null;
  if (decide(UserPolicy.readAdministration, viewer, { id: user.id, agencyId: user.agencyId }).allowed) return true;
  context.redacted.push(responsePathAsArray(info.path).join('.'));
  return false;
}

@Resolver(() => User)
export class UserResolver {
  constructor(
    private readonly identity: IdentityService,
    private readonly cursors: CursorCodec,
    private readonly loaders: IdentityLoaders,
  ) {}

  @Query(() => UserConnection, { description: "Accounts of an agency; an agency administrator sees only their own agency's" })
  @Allow(UserPolicy.list)
  async users(
    @CurrentViewer() viewer: Viewer,
    @Args('agencyId', { type: () => ID, nullable: true }, new ParseIdPipe('agencyId')) agencyId?: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<Connection<UserRecord>> {
    const limit = pageSize(first);
    const scope = `users:${agencyId ?? ''}`;
    const key = this.cursors.decode(scope, after) as [string, string] | null;
    const rows = await this.identity.listUsers(viewer, agencyId ?? null, key, limit + 1);
    return this.cursors.connection(scope, rows, limit, (row) => [row.displayName, row.id], (row) => row);
  }

  @ResolveField(() => Agency, { nullable: true })
  agency(user: User, _args: unknown, context: GraphQLContext) {
    return user.agencyId ? this.loaders.agency(context).load(user.agencyId) : null;
  }

  @ResolveField(() => Boolean, { nullable: true, description: "Whether the account may sign in; null (redacted) but to the account's owner, its agency's admin and the system administrator" })
  active(user: User, _args: unknown, context: GraphQLContext, info: GraphQLResolveInfo): boolean | null {
    return administrationShown(user, context, info) ? user.active : null;
  }

  @ResolveField(() => Date, { nullable: true, description: "Set while the account is locked after failed sign-ins; null (redacted) but to the account's owner, its agency's admin and the system administrator" })
  lockedUntil(user: User, _args: unknown, context: GraphQLContext, info: GraphQLResolveInfo): Date | null {
    return administrationShown(user, context, info) ? user.lockedUntil : null;
  }

  @ResolveField(() => Boolean, {
    nullable: true,
    description:
      "The password was set by an administrator: nothing but me, changePassword and logout works until it is changed; null (redacted) but to the account's owner, its agency's admin and the system administrator",
  })
  passwordChangeRequired(user: User, _args: unknown, context: GraphQLContext, info: GraphQLResolveInfo): boolean | null {
    return administrationShown(user, context, info) ? user.passwordChangeRequired : null;
  }

  @Mutation(() => User)
  @Allow(UserPolicy.create)
  createUser(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateUserInput): Promise<User> {
    return this.identity.createUser(viewer, input);
  }

  @Mutation(() => User, { description: 'Refuses every request of the account at once and ends its sessions' })
  @Allow(UserPolicy.disable)
  disableUser(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string): Promise<User> {
    return this.identity.setUserActive(viewer, id, false);
  }

  @Mutation(() => User)
  @Allow(UserPolicy.enable)
  enableUser(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string): Promise<User> {
    return this.identity.setUserActive(viewer, id, true);
  }
}

@Resolver(() => StaffMember)
export class StaffMemberResolver {
  constructor(
    private readonly identity: IdentityService,
    private readonly cursors: CursorCodec,
  ) {}

  @Query(() => StaffMemberConnection, { description: "The active staff and supervisors of the supervisor's own agency: the users they may assign" })
  @Allow(UserPolicy.listStaff)
  async agencyStaff(
    @CurrentViewer() viewer: Viewer,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<Connection<StaffMemberRecord>> {
    const limit = pageSize(first);
    const key = this.cursors.decode('agency-staff', after) as [string, string] | null;
    const rows = await this.identity.listStaff(viewer, key, limit + 1);
    return this.cursors.connection('agency-staff', rows, limit, (row) => [row.displayName, row.id], (row) => row);
  }
}
