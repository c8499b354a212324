import { Args, Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { actorOf, AuditEventKey, RefusalLog } from '@tandem/audit';
import { CurrentViewer, Viewer } from '@tandem/authz';
import { Case, CaseLoaders } from '@tandem/cases';
import { Connection, CursorCodec, GraphQLContext, pageSize, Refusal } from '@tandem/platform';
import { OversightService } from '../oversight.service';
import { AuditEventConnection } from './audit-event.model';
import { AuditEventNode, caseLogScope, eventKey, toAuditEventNode } from './audit-event.resolver';

/**
 * Case.accessLog: who read or changed the case, allowed and denied. Only a supervisor of the
 * lead agency reads it here (auditors see no case: they use `caseAccessLog`); anyone else gets
 * FORBIDDEN on this field alone, which is nullable so that the rest of the case still answers.
 * The refusal is recorded here: the API's refusal interceptor sees the operation, not its fields.
 */
@Resolver(() => Case)
export class CaseAccessLogResolver {
  constructor(
    private readonly service: OversightService,
    private readonly cursors: CursorCodec,
    private readonly loaders: CaseLoaders,
    private readonly refusals: RefusalLog,
  ) {}

  @ResolveField(() => AuditEventConnection, {
    nullable: true,
    description: 'Every event on this case, newest first: for supervisors of the lead agency; others get FORBIDDEN on this field',
  })
  async accessLog(
    @Parent() node: Case,
    @CurrentViewer() viewer: Viewer,
    @Context() context: GraphQLContext,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<Connection<AuditEventNode> | null> {
    const limit = pageSize(first);
    const scope = caseLogScope(node.id);
    const key = this.cursors.decode(scope, after) as AuditEventKey | null;
    // A case reaches this field only through a query that checked the viewer sees it.
    if (!(await this.loaders.view(context, node.id))) return null;
    const rows = await this.service.caseLog(viewer, node.id, key, limit, 'FORBIDDEN').catch(async (error: unknown) => {
      if (error instanceof Refusal) await this.refusals.record(actorOf(viewer), error.record);
      throw error;
    });
    return this.cursors.connection(scope, rows, limit, eventKey, toAuditEventNode);
  }
}
