import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { RequestWithViewer } from '@tandem/authz';
import { Refusal, RefusalRecord, Transactions } from '@tandem/platform';
import { catchError, from, mergeMap, Observable, throwError } from 'rxjs';
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
 * the services it calls) before the error is answered. Every GraphQL operation and HTTP route of the
 * API passes through it; the guard, which runs before it, calls {@link RefusalLog} itself.
 */
@Injectable()
export class RefusalInterceptor implements NestInterceptor {
  constructor(private readonly refusals: RefusalLog) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (!(error instanceof Refusal)) return throwError(() => error);
        const viewer = this.requestOf(context)?.viewer;
        return from(this.refusals.record(viewer ? actorOf(viewer) : ANONYMOUS, error.record)).pipe(mergeMap(() => throwError(() => error)));
      }),
    );
  }

  private requestOf(context: ExecutionContext): RequestWithViewer | undefined {
    if (context.getType<GqlContextType>() === 'graphql') return GqlExecutionContext.create(context).getContext<{ req?: RequestWithViewer }>().req;
    return context.switchToHttp().getRequest<RequestWithViewer>();
  }
}
