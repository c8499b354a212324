import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { actorOf, recordRead } from '@tandem/audit';
import { caseVisibilityPredicate, CurrentViewer, defineCaseAbility, Role, Roles, SqlParams, Viewer } from '@tandem/authz';
import { Agency, IdentityLoaders } from '@tandem/identity';
import { Clock, Connection, CursorCodec, GraphQLContext, pageSize, qualifiedColumns, Transactions } from '@tandem/platform';
import { DEADLINE_COLUMNS, DeadlineRecord, DeadlineStatus } from '../deadline.types';
import { Deadline, DeadlineConnection, DeadlineFilter } from './deadline.model';

type DeadlineRow = DeadlineRecord & { caseNumber: string };

@Resolver(() => Deadline)
export class DeadlineResolver {
  constructor(
    private readonly transactions: Transactions,
    private readonly cursors: CursorCodec,
    private readonly clock: Clock,
    private readonly identity: IdentityLoaders,
  ) {}

  @Query(() => DeadlineConnection, { description: 'Deadlines on cases you see, soonest due first' })
  @Roles(Role.STAFF, Role.SUPERVISOR)
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
    const params = new SqlParams();
    // Visibility is the case predicate: a deadline is seen exactly by those who see its case.
    const where = [caseVisibilityPredicate(defineCaseAbility(viewer, now), 'c', params)];
    if (filter?.caseId) where.push(`d.case_id = ${params.add(filter.caseId.toLowerCase(), 'uuid')}`);
    if (filter?.status) where.push(`d.status = ${params.add(filter.status, 'text')}`);
    if (filter?.agencyId) where.push(`d.agency_id = ${params.add(filter.agencyId.toLowerCase(), 'uuid')}`);
    if (filter?.overdueOnly) where.push(`(d.status = 'BREACHED' OR (d.status = 'PENDING' AND d.due_at <= ${params.add(now, 'timestamptz')}))`);
    if (key) where.push(`(d.due_at, d.id) > (${params.add(key[0], 'timestamptz')}, ${params.add(key[1], 'uuid')})`);
    const rows: DeadlineRow[] = await this.transactions.manager.query(
      `SELECT ${qualifiedColumns(DEADLINE_COLUMNS, 'd')}, c.case_number AS "caseNumber"
         FROM deadline d JOIN case_file c ON c.id = d.case_id
        WHERE ${where.join(' AND ')} ORDER BY d.due_at, d.id LIMIT ${params.add(limit + 1, 'int')}`,
      params.values,
    );
    recordRead(context, { actor: actorOf(viewer), action: 'DEADLINE_LIST', caseId: filter?.caseId ?? null, details: { deadlineIds: rows.slice(0, limit).map((d) => d.id) } });
    return this.cursors.connection(scope, rows, limit, (row) => [row.dueAt.toISOString(), row.id], (row) => toDeadline(row, now));
  }

  @ResolveField(() => Agency)
  async agency(@Parent() deadline: Deadline, @Context() context: GraphQLContext): Promise<Agency> {
    return (await this.identity.agency(context).load(deadline.agencyId)) as Agency;
  }
}

function toDeadline(row: DeadlineRow, now: Date): Deadline {
  return {
    ...row,
    agency: undefined as never,
    nextAlertAt: row.nextAt,
    overdue: row.status === DeadlineStatus.BREACHED || (row.status === DeadlineStatus.PENDING && row.dueAt <= now),
  };
}
