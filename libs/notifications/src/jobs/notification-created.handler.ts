import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { AppConfig, EventHandler, EventPayload, HandlesEvent, QueueName, RedisService, Transactions } from '@tandem/platform';
import { Queue } from 'bullmq';
import { NotificationService } from '../notification.service';
import { NotificationTopic } from '../notification-topics';
import { NOTIFICATION_CHANNEL } from '../notification.types';

export const DeliveryJob = { EMAIL: 'email', WEBHOOK: 'webhook' } as const;
export const emailJobId = (notificationId: string) => `email-${notificationId}`;
export const webhookJobId = (deliveryId: string) => `webhook-${deliveryId}`;

/**
 * New notifications leave the database three ways: announced on Redis to every API process (the
 * `notificationAdded` subscription), emailed when SMTP is configured, and posted to agency
 * webhooks. Each email and webhook call is its own job with a deterministic id, retried alone.
 */
@HandlesEvent(NotificationTopic.CREATED)
@Injectable()
export class NotificationCreatedHandler implements EventHandler {
  constructor(
    private readonly notifications: NotificationService,
    private readonly transactions: Transactions,
    private readonly redis: RedisService,
    private readonly config: AppConfig,
    @InjectQueue(QueueName.DELIVERY) private readonly delivery: Queue,
  ) {}

  async handle(payload: EventPayload): Promise<void> {
    const ids = (payload.notificationIds as string[] | undefined) ?? [];
    const rows = ids.length ? await this.transactions.run((tx) => this.notifications.byIds(tx, ids)) : [];
    for (const row of rows) {
      await this.redis.client.publish(this.redis.key(NOTIFICATION_CHANNEL), JSON.stringify({ ...row, createdAt: row.createdAt.toISOString(), readAt: null }));
    }
    if (this.config.values.SMTP_URL && rows.length) {
      await this.delivery.addBulk(rows.map((row) => ({ name: DeliveryJob.EMAIL, data: { notificationId: row.id }, opts: { jobId: emailJobId(row.id) } })));
    }
    const deliveries = (payload.webhookDeliveryIds as string[] | undefined) ?? [];
    if (deliveries.length) {
      await this.delivery.addBulk(deliveries.map((id) => ({ name: DeliveryJob.WEBHOOK, data: { deliveryId: id }, opts: this.webhookJobOptions(id) })));
    }
  }

  webhookJobOptions(deliveryId: string) {
    return {
      jobId: webhookJobId(deliveryId),
      attempts: this.config.values.WEBHOOK_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.config.values.WEBHOOK_BACKOFF_MS },
    };
  }
}
