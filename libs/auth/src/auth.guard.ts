import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { actorOf, AuditAction, AuditService } from '@tandem/audit';
import { ACCESS_POLICY, AccessPolicy, RequestWithViewer } from '@tandem/authz';
import { ForbiddenError, Transactions, UnauthenticatedError } from '@tandem/platform';
import { AuthService } from './auth.service';

type HttpRequest = RequestWithViewer & { headers: Record<string, string | string[] | undefined> };

export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value?.match(/^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i);
  return match ? match[1]! : null;
}

/**
 * The global guard. Every GraphQL operation and HTTP route must declare its access; one that
 * does not is refused. Anything but a public operation needs a signed-in, active user.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [context.getHandler(), context.getClass()]);
    if (!policy) throw new ForbiddenError('This operation declares no access policy and is refused', 'undeclared');
    if (policy.kind === 'public') return true;

    const request = this.request(context);
    const token = bearerToken(request?.headers?.authorization);
    if (!request || !token) throw new UnauthenticatedError();
    const viewer = await this.auth.authenticate(token);
    request.viewer = viewer;

    if (policy.kind === 'roles' && !policy.roles.includes(viewer.role)) {
      const operation = context.getHandler().name;
      await this.transactions.run((tx) =>
        this.audit.record(tx, {
          actor: actorOf(viewer),
          action: AuditAction.ACCESS_DENIED,
          outcome: 'DENIED',
          reason: `role ${viewer.role} may not call ${operation}`,
          details: { operation },
        }),
      );
      throw new ForbiddenError(`Your role may not do this (${operation})`, 'role');
    }
    return true;
  }

  private request(context: ExecutionContext): HttpRequest | undefined {
    if (context.getType<GqlContextType>() === 'graphql') {
      return GqlExecutionContext.create(context).getContext<{ req?: HttpRequest }>().req;
    }
    return context.switchToHttp().getRequest<HttpRequest>();
  }
}
