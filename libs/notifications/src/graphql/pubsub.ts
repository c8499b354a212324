import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, ChannelFeed } from '@tandem/platform';
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
 * The live feed behind `notificationAdded`. The worker publishes every new notification on
 * `<QUEUE_PREFIX>:notifications`; each API process hands every socket only its user's notifications.
 */
@Injectable()
export class NotificationPubSub implements OnApplicationShutdown {
  private readonly feed: ChannelFeed;

  constructor(config: AppConfig) {
    this.feed = new ChannelFeed(config, NOTIFICATION_CHANNEL, 'live notifications');
  }

  get channel(): string {
    return this.feed.channel;
  }

  /** New notifications for one user, from now on. */
  forRecipient(userId: string): AsyncIterableIterator<NotificationRecord> {
    return this.feed.messages((message) => {
      const notification = announcedNotification(message);
      return notification?.recipientId === userId ? notification : null;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.feed.close();
  }
}
