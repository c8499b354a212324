import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { actorOf, RefusalLog } from '@tandem/audit';
import { ACCESS_POLICY, AccessPolicy, admits, RequestWithViewer, Viewer, Who } from '@tandem/authz';
import { MFA_ENROLLMENT_ALLOWED } from '@tandem/mfa';
import { ForbiddenError } from '@tandem/platform';
import { MfaEnrollmentRequiredError, PasswordChangeRequiredError, TokenRefusedError } from './auth.errors';
import { AuthService } from './auth.service';
import { SecondFactorGate } from './second-factor-gate';

type HttpRequest = RequestWithViewer & { headers: Record<string, string | string[] | undefined> };
type Authentication = { viewer: Viewer; passwordChangeRequired: boolean; mfaEnrollmentRequired: boolean };

export const PASSWORD_CHANGE_ALLOWED = 'tandem:password-change-allowed';

/**
 * Marks the few operations an account with a temporary password may call: who am I, change the
 * password, sign out. Everything else answers PASSWORD_CHANGE_REQUIRED until it is changed.
 */
export const AllowedBeforePasswordChange = () => SetMetadata(PASSWORD_CHANGE_ALLOWED, true);

export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value?.match(/^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i);
  return match ? match[1]! : null;
}

/**
 * The global guard. Every GraphQL operation and HTTP route must declare its access; one that
 * does not is refused. Anything but a public operation needs a signed-in, active user.
 * A request is authenticated once, however many of its fields the guard checks, so a refused
 * token leaves one audit row per request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly authentications = new WeakMap<object, Promise<Authentication>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly refusals: RefusalLog,
    private readonly mfa: SecondFactorGate,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [context.getHandler(), context.getClass()]);
    if (!policy) throw new ForbiddenError('This operation declares no access policy and is refused', 'undeclared');
    const who = whoOf(policy);
    if (who === 'public') return true;

    const request = this.request(context);
    if (!request) throw new TokenRefusedError('missing token', 'Sign in to continue');
    const { viewer, passwordChangeRequired, mfaEnrollmentRequired } = await this.authenticate(request);
    request.viewer = viewer;
    if (passwordChangeRequired && !this.reflector.get<boolean | undefined>(PASSWORD_CHANGE_ALLOWED, context.getHandler())) {
      // Not audited as a denial: the account is its owner's, who is being told what to do first.
      throw new PasswordChangeRequiredError();
    }
    // Nor is this: the account's owner must enrol a second factor first.
    if (mfaEnrollmentRequired && !this.reflector.get<boolean | undefined>(MFA_ENROLLMENT_ALLOWED, context.getHandler())) {
      throw new MfaEnrollmentRequiredError();
    }

    if (!admits(who, viewer)) {
      const operation = context.getHandler().name;
      await this.refusals.record(actorOf(viewer), { reason: `role ${viewer.role} may not call ${operation}`, details: { operation } });
      throw new ForbiddenError(`Your role may not do this (${operation})`, 'role');
    }
    return true;
  }

  private authenticate(request: HttpRequest): Promise<Authentication> {
    let authentication = this.authentications.get(request);
    if (!authentication) {
      authentication = this.authenticateOnce(request);
      this.authentications.set(request, authentication);
    }
    return authentication;
  }

  private async authenticateOnce(request: HttpRequest): Promise<Authentication> {
    const header = request.headers?.authorization;
    const token = bearerToken(header);
    if (!token) {
      const reason = header === undefined || header === '' ? 'missing token' : 'malformed token';
      await this.auth.recordRefusedToken(reason);
      throw new TokenRefusedError(reason, reason === 'missing token' ? 'Sign in to continue' : undefined);
    }
    const authenticated = await this.auth.authenticateRequest(token);
    // Asked once per request, however many of its fields the guard checks.
    return { ...authenticated, mfaEnrollmentRequired: await this.mfa.mustEnroll(authenticated.viewer) };
  }

  private request(context: ExecutionContext): HttpRequest | undefined {
    if (context.getType<GqlContextType>() === 'graphql') {
      return GqlExecutionContext.create(context).getContext<{ req?: HttpRequest }>().req;
    }
    return context.switchToHttp().getRequest<HttpRequest>();
  }
}

/** Who may attempt an operation, from what it declares. */
function whoOf(policy: AccessPolicy): Who {
  return policy.kind === 'public' ? 'public' : policy.who;
}
