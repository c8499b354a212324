import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, BadInputError, Clock, RateLimitedError, RedisService, RequestContext } from '@tandem/platform';
import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import type { Challenge, Payload } from 'altcha-lib/v1/types';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** The UTC day of a moment, as the rotating salt is named. */
const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Runs `work` with the request's client address and user agent forgotten, so that nothing it
 * writes (the audit trail included) can hold them: a tipster's request keeps only its request id.
 */
export function anonymously<T>(work: () => T): T {
  const meta = RequestContext.current();
  return RequestContext.run({ requestId: meta?.requestId ?? RequestContext.system().requestId, clientAddress: null, userAgent: null }, work);
}

/** A solved challenge as the ALTCHA widget sends it: base64 of its JSON, or the JSON itself. */
function parseProof(proof: string): Payload | null {
  const text = proof.trim().startsWith('{') ? proof : Buffer.from(proof, 'base64').toString('utf8');
  try {
    const value = JSON.parse(text) as Partial<Payload>;
    const ok =
      typeof value === 'object' &&
      value !== null &&
      typeof value.algorithm === 'string' &&
      typeof value.challenge === 'string' &&
      typeof value.salt === 'string' &&
      typeof value.signature === 'string' &&
      Number.isInteger(value.number);
    return ok ? (value as Payload) : null;
  } catch {
    return null;
  }
}

/**
 * What stands between the public and the tip line: a proof of work that costs each tip a moment of
 * its sender's computer (self-hosted ALTCHA challenges signed with TIP_CHALLENGE_KEY, each solution
 * good once), and a rate limit per sender. The sender is counted under a hash of their address
 * salted with a random value of the day, kept only in Redis for two days: once the day's salt is
 * gone, no count can be traced back to an address. When Redis cannot be reached, tips still go
 * through: the signature and expiry of each proof are still checked.
 */
@Injectable()
export class TipGate {
  private readonly logger = new Logger('Tips');

  constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisService,
    private readonly clock: Clock,
  ) {}

  /** A new challenge for the tip form (or a follow-up), valid for TIP_CHALLENGE_MINUTES. */
  challenge(): Promise<Challenge> {
    const values = this.config.values;
    return createChallenge({
      hmacKey: values.TIP_CHALLENGE_KEY,
      maxnumber: values.TIP_CHALLENGE_MAX_NUMBER,
      expires: new Date(this.clock.now().getTime() + values.TIP_CHALLENGE_MINUTES * 60_000),
    });
  }

  /** Counts one tip or follow-up of the request's sender; RATE_LIMITED past TIP_RATE_LIMIT_PER_HOUR. */
  async admit(): Promise<void> {
    const address = RequestContext.current()?.clientAddress ?? 'unknown';
    const now = this.clock.now();
    try {
      await this.connect();
      const salt = await this.salt(now);
      const sender = createHash('sha256').update(salt).update('\u0000').update(address).digest('base64url');
      const hour = Math.floor(now.getTime() / HOUR);
      const key = this.redis.key('tips', 'rate', sender, String(hour));
      const hits = await this.redis.client.incr(key);
      if (hits === 1) await this.redis.client.pexpire(key, HOUR);
      if (hits > this.config.values.TIP_RATE_LIMIT_PER_HOUR) throw new RateLimitedError(Math.max(1, Math.ceil(((hour + 1) * HOUR - now.getTime()) / 1000)));
    } catch (error) {
      if (error instanceof RateLimitedError) throw error;
      this.warn(error);
    }
  }

  /**
   * Checks a solved challenge and spends it: BAD_USER_INPUT at `path` when it is not a solution of a
   * challenge of ours, has expired, or was already used.
   */
  async spend(proof: string, path = 'proof'): Promise<void> {
    const payload = parseProof(proof);
    if (!payload || !(await verifySolution(payload, this.config.values.TIP_CHALLENGE_KEY, false))) throw BadInputError.field(path, 'is not a solved challenge of this service; ask tipChallenge for one');
    const expires = Number(extractParams(payload).expires) * 1000;
    const left = expires - this.clock.now().getTime();
    if (!Number.isFinite(expires) || left <= 0) throw BadInputError.field(path, 'has expired; ask tipChallenge for a new one');
    let fresh = true;
    try {
      await this.connect();
      fresh = (await this.redis.client.set(this.redis.key('tips', 'proof', payload.signature), '1', 'PX', Math.ceil(left), 'NX')) === 'OK';
    } catch (error) {
      this.warn(error);
    }
    if (!fresh) throw BadInputError.field(path, 'was already used; ask tipChallenge for a new one');
  }

  /** The day's salt, made by whichever process needs it first. */
  private async salt(now: Date): Promise<string> {
    const key = this.redis.key('tips', 'salt', dayOf(now));
    await this.redis.client.set(key, randomBytes(32).toString('base64url'), 'PX', 2 * DAY, 'NX');
    return (await this.redis.client.get(key)) ?? '';
  }

  private async connect(): Promise<void> {
    if (this.redis.client.status === 'wait') await this.redis.client.connect();
  }

  private warn(error: unknown): void {
    this.logger.warn(`tip rate limit and proof reuse are unchecked while Redis is unreachable: ${(error as Error).message}`);
  }
}
