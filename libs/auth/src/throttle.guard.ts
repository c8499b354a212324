import { ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { RateLimitedError } from '@tandem/platform';

export const CREDENTIAL_THROTTLE = 'tandem:credential-throttle';

/** Marks operations that take credentials (sign-in, refresh): they get the stricter limit. */
export const CredentialThrottle = () => SetMetadata(CREDENTIAL_THROTTLE, true);

export const PUBLIC_THROTTLE = 'tandem:public-throttle';

/** Marks operations anyone may call without signing in (the public directory): they get the public limit. */
export const PublicThrottle = () => SetMetadata(PUBLIC_THROTTLE, true);

/** Rate limits GraphQL operations per client address; answers `RATE_LIMITED`. */
@Injectable()
export class GraphQLThrottleGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.getType<GqlContextType>() !== 'graphql';
  }

  protected override getRequestResponse(context: ExecutionContext) {
    const gql = GqlExecutionContext.create(context).getContext<{ req: Record<string, unknown>; res: Record<string, unknown> }>();
    return { req: gql.req, res: gql.res };
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    // The storage reports seconds.
    throw new RateLimitedError(Math.max(1, Math.ceil(detail.timeToBlockExpire)));
  }
}
