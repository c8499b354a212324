import { Logger } from '@nestjs/common';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import IORedis, { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config';
import { redisOptions } from './redis';

/**
 * Keeps the values of `source` that `pick` maps to something. Unlike an async generator, `return()`
 * reaches the source at once, so a client that unsubscribes while nothing is arriving releases
 * its Redis listener immediately instead of at the next message.
 */
export function filterMap<T, U>(source: AsyncIterator<T>, pick: (value: T) => U | null): AsyncIterableIterator<U> {
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
 * One live feed from the worker to the API's subscribers: the worker publishes on
 * `<QUEUE_PREFIX>:<name>` with plain PUBLISH; each API process listens on connections of its own (a
 * subscribed Redis connection can do nothing else) and hands each socket only what `pick` lets
 * through for it. Nothing connects until the first subscriber asks. A feed's owner (a lib's
 * injectable) makes one and closes it at shutdown.
 */
export class ChannelFeed {
  readonly channel: string;
  private readonly connections: Redis[];
  private readonly pubsub: RedisPubSub;

  /** `what` names the feed in the one warning logged while Redis is unreachable. */
  constructor(config: AppConfig, name: string, what: string) {
    this.channel = `${config.values.QUEUE_PREFIX}:${name}`;
    const logger = new Logger(`ChannelFeed:${name}`);
    const options = { ...redisOptions(config.values.REDIS_URL), lazyConnect: true };
    // The publisher is required by RedisPubSub but never used: the worker publishes.
    const [publisher, subscriber] = [new IORedis(options), new IORedis(options)];
    this.connections = [publisher, subscriber];
    let reported = false;
    subscriber.on('error', (error: Error) => {
      if (!reported) logger.warn(`Redis for ${what} is unreachable (${error.message}); retrying`);
      reported = true;
    });
    subscriber.on('ready', () => (reported = false));
    publisher.on('error', () => undefined);
    this.pubsub = new RedisPubSub({ publisher, subscriber });
  }

  /** The messages from now on that `pick` maps to something (anything else on the channel is dropped). */
  messages<T>(pick: (message: unknown) => T | null): AsyncIterableIterator<T> {
    return filterMap(this.pubsub.asyncIterableIterator<unknown>(this.channel) as AsyncIterator<unknown>, pick);
  }

  async close(): Promise<void> {
    await Promise.all(
      this.connections.map(async (connection) => {
        // QUIT would wait in the offline queue for a Redis that is not there; only a live connection gets one.
        if (connection.status !== 'ready') return connection.disconnect();
        await connection.quit().catch(() => connection.disconnect());
      }),
    );
  }
}
