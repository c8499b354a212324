import { defineEventTopics } from '@tandem/platform';

/** The outbox topics of the notifications lib. */
export const NotificationTopic = defineEventTopics('notifications', {
  /** Notifications were stored: push them to subscribers, email them, and post agency webhooks. */
  CREATED: 'notification.created',
});
export type NotificationTopic = (typeof NotificationTopic)[keyof typeof NotificationTopic];
