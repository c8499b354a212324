import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, redisOptions } from '@tandem/platform';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import IORedis, { Redis } from 'ioredis';
import { NOTIFICATION_CHANNEL, NotificationRecord } from '../notification.types';

const OPTIONAL_STRINGS = ['caseId', 'caseNumber', 'deadlineId'] as const;

function isoDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * A notification as the worker announces it (JSON, dates as ISO strings), back in the shape the
 * API serves. Anything else on the channel is dropped rather than half-delivered.
 */
export function announcedNotification(message: unknown): NotificationRecord | null {
  if (typeof message !== 'object' || message === null) return null;
  const value = message as Record<string, unknown>;
  if (typeof value.id !== 'string' || typeof value.recipientId !== 'string') return null;
  if (typeof value.kind !== 'string' || typeof value.text !== 'string') return null;
  if (OPTIONAL_STRINGS.some((key) => value[key] != null && typeof value[key] !== 'string')) return null;
  const createdAt = isoDate(value.createdAt);
  if (!createdAt) return null;
  return {
    id: value.id,
    recipientId: value.recipientId,
    kind: value.kind,
    caseId: (value.caseId as string | null | undefined) ?? null,
    caseNumber: (value.caseNumber as string | null | undefined) ?? null,
    deadlineId: (value.deadlineId as string | null | undefined) ?? null,
    text: value.text,
    createdAt,
    readAt: isoDate(value.readAt),
  };
}

/**
 * Keeps the values of `source` that `pick` maps to something. Unlike an async generator, `return()`
 * reaches the source at once, so a client that unsubscribes while nothing is arriving releases
 * its Redis listener immediately instead of at the next message.
 */
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
 * The live feed behind `notificationAdded`. The worker publishes every new notification on
 * `<QUEUE_PREFIX>:notifications`; each API process listens on connections of its own (a
 * subscribed Redis connection can do nothing else) and hands every socket only its user's
 * notifications. Nothing connects until the first subscriber asks.
 */
@Injectable()
export class NotificationPubSub implements OnApplicationShutdown {
  private readonly logger = new Logger(NotificationPubSub.name);
  readonly channel: string;
  private readonly connections: Redis[];
  private readonly pubsub: RedisPubSub;

  constructor(config: AppConfig) {
    this.channel = `${config.values.QUEUE_PREFIX}:${NOTIFICATION_CHANNEL}`;
    const options = { ...redisOptions(config.values.REDIS_URL), lazyConnect: true };
    // The publisher is required by RedisPubSub but never used: the worker publishes, with plain PUBLISH.
    const [publisher, subscriber] = [new IORedis(options), new IORedis(options)];
    this.connections = [publisher, subscriber];
    let reported = false;
    subscriber.on('error', (error: Error) => {
      if (!reported) this.logger.warn(`Redis for live notifications is unreachable (${error.message}); retrying`);
      reported = true;
    });
    subscriber.on('ready', () => (reported = false));
    publisher.on('error', () => undefined);
    this.pubsub = new RedisPubSub({ publisher, subscriber });
  }

  /** New notifications for one user, from now on. */
  forRecipient(userId: string): AsyncIterableIterator<NotificationRecord> {
    const source = this.pubsub.asyncIterableIterator<unknown>(this.channel) as AsyncIterator<unknown>;
    return filterMap(source, (message) => {
      const notification = announcedNotification(message);
      return notification?.recipientId === userId ? notification : null;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      this.connections.map(async (connection) => {
        // QUIT would wait in the offline queue for a Redis that is not there; only a live connection gets one.
        if (connection.status !== 'ready') return connection.disconnect();
        await connection.quit().catch(() => connection.disconnect());
      }),
    );
  }
}
