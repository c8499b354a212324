import { Injectable, Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { RedisService } from '@tandem/platform';

interface ThrottlerStorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

// One atomic step: add the hits, start the window on the first ones, report the count and the time left.
const HIT = `
local hits = redis.call('INCRBY', KEYS[1], ARGV[2])
if hits == tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { hits, ttl }`;

/** How often the hits counted in the process are added to Redis. */
export const THROTTLE_SYNC_MS = 100;

/**
 * A counter's share of its limit that the process may count on its own: while the window's count
 * (as Redis last reported it, plus the hits not yet sent) stays at or under this share, a hit is
 * counted in the process; above it, every hit goes to Redis and waits for its verdict.
 */
export const LOCAL_SHARE = 0.5;

/** One window of one counter, as this process knows it. */
interface Window {
  /** The window's count as Redis last reported it. */
  hits: number;
  /** Hits counted here and not yet sent to Redis. */
  pending: number;
  /** Hits sent to Redis whose count has not come back yet. */
  sending: number;
  /** When the window ends (epoch ms), by the time Redis reported left. */
  endsAt: number;
  /** The window's length (ms), for Redis to start one should it have ended there first. */
  ttl: number;
}

type HitCommand = (key: string, ttl: string, hits: string) => Promise<[number, number]>;

/**
 * Rate-limit counters in Redis, so a limit holds across every API process (fixed windows). A
 * window's first hit and every hit past half its limit wait for Redis's count; the hits between
 * are counted in the process and added to Redis in one command per counter every
 * THROTTLE_SYNC_MS, so a request far from its limit costs no round trip. One process refuses
 * exactly as a Redis count per hit would; several processes together may let through at most
 * what each counted but had not yet sent when the others neared the limit. When Redis cannot be
 * reached the request is let through: sign-in keeps working, and the account lockout in
 * PostgreSQL still stops password guessing.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private lastWarning = 0;
  private readonly windows = new Map<string, Window>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly redis: RedisService) {
    if (!('tandemThrottleHit' in redis.client)) redis.client.defineCommand('tandemThrottleHit', { numberOfKeys: 1, lua: HIT });
  }

  async increment(key: string, ttl: number, limit: number, _blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const redisKey = this.redis.key('throttle', throttlerName, key);
    const now = Date.now();
    const window = this.windows.get(redisKey);
    if (window && now < window.endsAt && window.hits + window.sending + window.pending + 1 <= limit * LOCAL_SHARE) {
      window.pending += 1;
      this.startSync();
      return { totalHits: window.hits + window.sending + window.pending, timeToExpire: Math.max(1, Math.ceil((window.endsAt - now) / 1000)), isBlocked: false, timeToBlockExpire: 0 };
    }
    // Hits counted here in a window that has ended belonged to it: they are not carried over.
    const carried = window && now < window.endsAt ? window.pending : 0;
    if (window) window.pending -= carried;
    try {
      const [hits, remaining] = await this.send(window, redisKey, ttl, carried + 1);
      this.remember(redisKey, ttl, hits, remaining);
      const seconds = Math.max(1, Math.ceil(remaining / 1000));
      const blocked = hits > limit;
      return { totalHits: hits, timeToExpire: seconds, isBlocked: blocked, timeToBlockExpire: blocked ? seconds : 0 };
    } catch (error) {
      this.warn(error);
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  /** Sends the hits counted in the process since the last sync, and forgets windows that have ended. */
  async sync(): Promise<void> {
    if (this.redis.client.status === 'end') {
      // The connection was closed with the app: nothing more can be counted.
      this.windows.clear();
      this.stopSync();
      return;
    }
    const now = Date.now();
    const sent: Promise<void>[] = [];
    for (const [redisKey, window] of this.windows) {
      if (now >= window.endsAt) {
        this.windows.delete(redisKey);
      } else if (window.pending > 0) {
        const hits = window.pending;
        window.pending = 0;
        sent.push(this.send(window, redisKey, window.ttl, hits).then(([total, remaining]) => this.remember(redisKey, window.ttl, total, remaining), (error) => this.warn(error)));
      }
    }
    if (this.windows.size === 0) this.stopSync();
    await Promise.all(sent);
  }

  /** Adds hits to a counter in Redis: its count (these included) and the time left in its window. */
  private async send(window: Window | undefined, redisKey: string, ttl: number, hits: number): Promise<[number, number]> {
    if (window) window.sending += hits;
    try {
      if (this.redis.client.status === 'wait') await this.redis.client.connect();
      const command = (this.redis.client as unknown as { tandemThrottleHit: HitCommand }).tandemThrottleHit;
      return await command.call(this.redis.client, redisKey, String(ttl), String(hits));
    } finally {
      if (window) window.sending -= hits;
    }
  }

  private remember(redisKey: string, ttl: number, hits: number, remaining: number): void {
    const now = Date.now();
    const endsAt = now + remaining;
    const window = this.windows.get(redisKey);
    if (!window) {
      this.windows.set(redisKey, { hits, pending: 0, sending: 0, endsAt, ttl });
    } else if (endsAt <= window.endsAt + THROTTLE_SYNC_MS) {
      // The same window. Replies come back in the order Redis ran them: the last holds the latest count.
      window.hits = hits;
      window.endsAt = Math.min(window.endsAt, endsAt);
    } else {
      // Redis started a new window (the last one ended, or its counter was removed).
      if (now >= window.endsAt) window.pending = 0;
      window.hits = hits;
      window.endsAt = endsAt;
      window.ttl = ttl;
    }
    this.startSync();
  }

  private startSync(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sync(), THROTTLE_SYNC_MS);
    this.timer.unref();
  }

  private stopSync(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private warn(error: unknown): void {
    if (Date.now() - this.lastWarning > 60_000) {
      this.lastWarning = Date.now();
      this.logger.warn(`rate limiting is off while Redis is unreachable: ${(error as Error).message}`);
    }
  }
}
