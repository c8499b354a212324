import { Injectable, Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { RedisService } from '@tandem/platform';

interface ThrottlerStorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

// One atomic step: count the hit, start the window on the first one, report the time left.
const HIT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { hits, ttl }`;

/**
 * Rate-limit counters in Redis, so a limit holds across every API process (fixed windows). When
 * Redis cannot be reached the request is let through: sign-in keeps working, and the account
 * lockout in PostgreSQL still stops password guessing.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private lastWarning = 0;

  constructor(private readonly redis: RedisService) {}

  async increment(key: string, ttl: number, limit: number, _blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    try {
      if (this.redis.client.status === 'wait') await this.redis.client.connect();
      const [hits, remaining] = (await this.redis.client.eval(HIT, 1, this.redis.key('throttle', throttlerName, key), String(ttl))) as [number, number];
      const seconds = Math.max(1, Math.ceil(remaining / 1000));
      const blocked = hits > limit;
      return { totalHits: hits, timeToExpire: seconds, isBlocked: blocked, timeToBlockExpire: blocked ? seconds : 0 };
    } catch (error) {
      if (Date.now() - this.lastWarning > 60_000) {
        this.lastWarning = Date.now();
        this.logger.warn(`rate limiting is off while Redis is unreachable: ${(error as Error).message}`);
      }
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
  }
}
