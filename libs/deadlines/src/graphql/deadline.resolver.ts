import { Args, Context, Int, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { actorOf, recordRead } from '@tandem/audit';
import { Allow, CurrentViewer, defineCaseAbility, Viewer } from '@tandem/authz';
import { Agency, IdentityLoaders } from '@tandem/identity';
import { Clock, Connection, CursorCodec, GraphQLContext, pageSize, Transactions } from '@tandem/platform';
import { DEADLINE_LIST } from '../deadline.policies';
import { DeadlineRepository, DeadlineWithCaseNumber } from '../deadline.repository';
import { DeadlineStatus } from '../deadline.types';
import { Deadline, DeadlineConnection, DeadlineFilter } from './deadline.model';

@Resolver(() => Deadline)
export class DeadlineResolver {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: DeadlineRepository,
    private readonly cursors: CursorCodec,
    private readonly clock: Clock,
    private readonly identity: IdentityLoaders,
  ) {}

  @Query(() => DeadlineConnection, { description: 'Deadlines on cases you see, soonest due first' })
  @Allow(DEADLINE_LIST)
  async deadlines(
    @CurrentViewer() viewer: Viewer,
    @Context() context: GraphQLContext,
    @Args('filter', { type: () => DeadlineFilter, nullable: true }) filter?: DeadlineFilter,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<Connection<Deadline>> {
    const limit = pageSize(first);
    const now = this.clock.now();
    const scope = `deadlines:${filter?.caseId ?? ''}:${filter?.status ?? ''}:${filter?.overdueOnly ? 1 : 0}:${filter?.agencyId ?? ''}`;
    const key = this.cursors.decode(scope, after) as [string, string] | null;
    // Visibility is the case predicate: a deadline is seen exactly by those who see its case.
    const rows = await this.repository.pageVisible(this.transactions.manager, defineCaseAbility(viewer, now), filter ?? {}, now, key, limit + 1);
    recordRead(context, { actor: actorOf(viewer), action: 'DEADLINE_LIST', caseId: filter?.caseId ?? null, details: { deadlineIds: rows.slice(0, limit).map((d) => d.id) } });
    return this.cursors.connection(scope, rows, limit, (row) => [row.dueAt.toISOString(), row.id], (row) => toDeadline(row, now));
  }

  @ResolveField(() => Agency)
  async agency(deadline: Deadline, _args: unknown, context: GraphQLContext): Promise<Agency> {
    return (await this.identity.agency(context).load(deadline.agencyId)) as Agency;
  }
}

function toDeadline(row: DeadlineWithCaseNumber, now: Date): Deadline {
  return {
    ...row,
    agency: undefined as never,
    nextAlertAt: row.nextAt,
    overdue: row.status === DeadlineStatus.BREACHED || (row.status === DeadlineStatus.PENDING && row.dueAt <= now),
  };
}
