import { createHmac } from 'node:crypto';
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

/**
 * The key a client's counter is kept under: a keyed hash of the operation, the limit's name and the
 * client's address, whose key changes every UTC day. Redis never holds an address, nor a plain hash
 * of one (which a list of every IPv4 address reverses in minutes), and yesterday's keys cannot be
 * matched to today's.
 */
export function throttleKey(secret: string, at: Date, operation: string, limitName: string, tracker: string): string {
  return keyedHash(dayKeyOf(secret, dayOf(at)), operation, limitName, tracker);
}

const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

function dayKeyOf(secret: string, day: string): Buffer {
  return createHmac('sha256', secret).update(`rate-limit-day:${day}`).digest();
}

function keyedHash(dayKey: Buffer, operation: string, limitName: string, tracker: string): string {
  return createHmac('sha256', dayKey).update(`${operation}\n${limitName}\n${tracker}`).digest('base64url');
}

/** `throttleKey` for an operation of the API; the day's key is worked out once a day, not per request. */
export function operationThrottleKey(secret: string): (context: ExecutionContext, tracker: string, limitName: string) => string {
  let current: { day: string; key: Buffer } | null = null;
  return (context, tracker, limitName) => {
    const day = dayOf(new Date());
    if (current?.day !== day) current = { day, key: dayKeyOf(secret, day) };
    return keyedHash(current.key, `${context.getClass().name}.${context.getHandler().name}`, limitName, tracker);
  };
}

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
