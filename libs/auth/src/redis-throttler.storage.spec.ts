import { randomBytes } from 'node:crypto';
import { RedisService } from '@tandem/platform';
import IORedis from 'ioredis';
import { RedisThrottlerStorage } from './redis-throttler.storage';

const WINDOW = 60_000;

describe('RedisThrottlerStorage', () => {
  const prefix = `${process.env.QUEUE_PREFIX ?? 'tandem-test'}-throttle-${randomBytes(3).toString('hex')}`;
  const client = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  const redis = { client, key: (...parts: string[]) => [prefix, ...parts].join(':') } as unknown as RedisService;
  const counter = async (key: string) => Number(await client.get(redis.key('throttle', 'test', key)));
  const hit = (storage: RedisThrottlerStorage, key: string, limit: number) => storage.increment(key, WINDOW, limit, 0, 'test');

  afterAll(async () => {
    const keys = await client.keys(`${prefix}:*`);
    if (keys.length > 0) await client.del(...keys);
    client.disconnect();
  });

  it('refuses from the first hit over the limit, as a count in Redis per hit would', async () => {
    const storage = new RedisThrottlerStorage(redis);
    const verdicts: boolean[] = [];
    for (let i = 0; i < 15; i += 1) verdicts.push((await hit(storage, 'exact', 10)).isBlocked);
    expect(verdicts).toEqual([...Array(10).fill(false), ...Array(5).fill(true)]);
    await storage.sync();
    expect(await counter('exact')).toBe(15);
  });

  it('counts the hits far from the limit in the process and adds them to Redis at the next sync', async () => {
    const storage = new RedisThrottlerStorage(redis);
    const sent = jest.spyOn(client as unknown as { tandemThrottleHit: (...args: string[]) => Promise<unknown> }, 'tandemThrottleHit');
    try {
      const records = [];
      for (let i = 0; i < 20; i += 1) records.push(await hit(storage, 'far', 100));
      expect(records.map((record) => record.totalHits)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(records.every((record) => !record.isBlocked && record.timeToExpire >= 1)).toBe(true);
      // The window's first hit waited for Redis; the others did not.
      expect(sent).toHaveBeenCalledTimes(1);
      expect(await counter('far')).toBe(1);
      await storage.sync();
      expect(sent).toHaveBeenCalledTimes(2);
      expect(await counter('far')).toBe(20);
    } finally {
      sent.mockRestore();
    }
  });

  it('waits for Redis past half the limit, so processes together exceed it by at most what one had not yet sent', async () => {
    const one = new RedisThrottlerStorage(redis);
    const other = new RedisThrottlerStorage(redis);
    for (let i = 0; i < 4; i += 1) await hit(one, 'shared', 10);
    for (let i = 0; i < 6; i += 1) await hit(other, 'shared', 10);
    await other.sync();
    // One knows of 4 hits (1 sent, 3 not): the fifth is still within its half of the limit.
    expect(await hit(one, 'shared', 10)).toMatchObject({ totalHits: 5, isBlocked: false });
    // Past half, it asks Redis, which holds the other's 6 beside its own 5 and this one.
    const next = await hit(one, 'shared', 10);
    expect(next).toMatchObject({ totalHits: 12, isBlocked: true });
    expect(next.timeToBlockExpire).toBeGreaterThanOrEqual(1);
    await one.sync();
    expect(await counter('shared')).toBe(12);
  });

  it('starts again when the counter is removed from Redis', async () => {
    const storage = new RedisThrottlerStorage(redis);
    for (let i = 0; i < 3; i += 1) await hit(storage, 'reset', 3);
    expect((await hit(storage, 'reset', 3)).isBlocked).toBe(true);
    await client.del(redis.key('throttle', 'test', 'reset'));
    const again = await hit(storage, 'reset', 3);
    expect(again).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('lets requests through when Redis cannot be reached', async () => {
    const down = new IORedis({ port: 1, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    down.on('error', () => undefined);
    const storage = new RedisThrottlerStorage({ client: down, key: redis.key } as unknown as RedisService);
    try {
      expect(await hit(storage, 'down', 1)).toMatchObject({ isBlocked: false });
      expect(await hit(storage, 'down', 1)).toMatchObject({ isBlocked: false });
    } finally {
      down.disconnect();
    }
  });
});
