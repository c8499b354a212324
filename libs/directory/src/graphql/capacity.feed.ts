import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, redisOptions } from '@tandem/platform';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import IORedis, { Redis } from 'ioredis';
import { CAPACITY_CHANNEL } from '../capacity-topics';

/** A changed figure as the worker announces it: ids, names, counts; never an address or a position. */
export interface AnnouncedCapacity {
  serviceAtLocationId: string;
  serviceId: string;
  serviceName: string;
  locationName: string | null;
  city: string | null;
  jurisdictionId: string | null;
  agencyId: string | null;
  unitId: string;
  available: number;
  maximum: number | null;
  updated: string;
  version: number;
  reason: string;
}

const STRINGS = ['serviceAtLocationId', 'serviceId', 'serviceName', 'unitId', 'updated', 'reason'] as const;

/** An announcement read back, or null for anything else on the channel. */
export function announcedCapacity(message: unknown): AnnouncedCapacity | null {
  if (typeof message !== 'object' || message === null) return null;
  const value = message as Record<string, unknown>;
  if (STRINGS.some((key) => typeof value[key] !== 'string')) return null;
  if (typeof value.available !== 'number' || typeof value.version !== 'number') return null;
  if (Number.isNaN(new Date(value.updated as string).getTime())) return null;
  return value as unknown as AnnouncedCapacity;
}

/** Keeps the values of `source` that `pick` lets through; `return()` reaches the source at once, releasing its listener. */
function filterMap<T, U>(source: AsyncIterator<T>, pick: (value: T) => U | null): AsyncIterableIterator<U> {
  const done = (): IteratorResult<U> => ({ done: true, value: undefined });
  return {
    async next(): Promise<IteratorResult<U>> {
      for (;;) {
        const result = await source.next();
        if (result.done) return done();
        const picked = pick(result.value);
        if (picked !== null) return { done: false, value: picked };
      }
    },
    async return(): Promise<IteratorResult<U>> {
      await source.return?.();
      return done();
    },
    async throw(error: unknown): Promise<IteratorResult<U>> {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * The live feed behind `capacityChanged`: the worker publishes every changed figure on
 * `<QUEUE_PREFIX>:capacity`; each API process listens on connections of its own and hands each
 * socket only what its policy lets through. Nothing connects until the first subscriber asks.
 */
@Injectable()
export class CapacityFeed implements OnApplicationShutdown {
  private readonly logger = new Logger(CapacityFeed.name);
  readonly channel: string;
  private readonly connections: Redis[];
  private readonly pubsub: RedisPubSub;

  constructor(config: AppConfig) {
    this.channel = `${config.values.QUEUE_PREFIX}:${CAPACITY_CHANNEL}`;
    const options = { ...redisOptions(config.values.REDIS_URL), lazyConnect: true };
    // The publisher is required by RedisPubSub but never used: the worker publishes.
    const [publisher, subscriber] = [new IORedis(options), new IORedis(options)];
    this.connections = [publisher, subscriber];
    let reported = false;
    subscriber.on('error', (error: Error) => {
      if (!reported) this.logger.warn(`Redis for live capacity is unreachable (${error.message}); retrying`);
      reported = true;
    });
    subscriber.on('ready', () => (reported = false));
    publisher.on('error', () => undefined);
    this.pubsub = new RedisPubSub({ publisher, subscriber });
  }

  /** Changed figures that `allowed` lets through, from now on. */
  changes(allowed: (change: AnnouncedCapacity) => boolean): AsyncIterableIterator<AnnouncedCapacity> {
    const source = this.pubsub.asyncIterableIterator<unknown>(this.channel) as AsyncIterator<unknown>;
    return filterMap(source, (message) => {
      const change = announcedCapacity(message);
      return change && allowed(change) ? change : null;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      this.connections.map(async (connection) => {
        if (connection.status !== 'ready') return connection.disconnect();
        await connection.quit().catch(() => connection.disconnect());
      }),
    );
  }
}
