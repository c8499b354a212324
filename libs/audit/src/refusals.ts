import { ArgumentsHost, Catch, Injectable } from '@nestjs/common';
import { GqlArgumentsHost, GqlContextType } from '@nestjs/graphql';
import { RequestWithViewer } from '@tandem/authz';
import { OperationErrorsFilter, Refusal, RefusalRecord, Transactions } from '@tandem/platform';
import { AuditService } from './audit.service';
import { ANONYMOUS, actorOf, AuditAction, AuditActor } from './audit.types';

/**
 * The one place a refusal becomes an audit event: `ACCESS_DENIED`, outcome `DENIED`, with the act
 * tried, the reason and the case where there is one, in a transaction of its own (the refused
 * work, if it had begun one, is rolled back and would take its events with it).
 */
@Injectable()
export class RefusalLog {
  constructor(
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
  ) {}

  async record(actor: AuditActor, refusal: RefusalRecord): Promise<void> {
    const { attempted, reason, caseId = null, subjectType, subjectId, details = {} } = refusal;
    await this.transactions.run((tx) =>
      this.audit.record(tx, {
        actor,
        action: AuditAction.ACCESS_DENIED,
        outcome: 'DENIED',
        caseId,
        subjectType: subjectType ?? (caseId ? 'Case' : null),
        subjectId: subjectId ?? caseId,
        reason,
        details: attempted ? { attempted, ...details } : details,
      }),
    );
  }
}

/**
 * Records the refusal an operation ends with (a {@link Refusal} thrown by a policy check anywhere in
 * the services it calls) before the error is answered, then handles the error as
 * {@link OperationErrorsFilter} does. Every error of a GraphQL operation and of an HTTP route of the
 * API passes through it; the guard, which refuses before any resolver runs, calls {@link RefusalLog}
 * itself. A filter, unlike an interceptor, costs nothing to an operation that is not refused.
 */
@Catch()
export class RefusalFilter extends OperationErrorsFilter {
  constructor(private readonly refusals: RefusalLog) {
    super();
  }

  override catch(exception: unknown, host: ArgumentsHost): unknown {
    if (!(exception instanceof Refusal)) return super.catch(exception, host);
    const viewer = this.requestOf(host)?.viewer;
    return this.refusals.record(viewer ? actorOf(viewer) : ANONYMOUS, exception.record).then(() => super.catch(exception, host));
  }

  private requestOf(host: ArgumentsHost): RequestWithViewer | undefined {
    if (host.getType<GqlContextType>() === 'graphql') return GqlArgumentsHost.create(host).getContext<{ req?: RequestWithViewer }>().req;
    return host.switchToHttp().getRequest<RequestWithViewer>();
  }
}
