import { Injectable } from '@nestjs/common';
import { NotFoundError, OutboxService, Transactions, Tx } from '@tandem/platform';
import { NotificationRepository } from './notification.repository';
import { NotificationTopic } from './notification-topics';
import { Alert, NotificationRecord, WebhookBody } from './notification.types';
import { WebhookRepository } from './webhook.repository';

/**
 * Stores alerts as notifications, once per recipient and ledger key, in the caller's transaction.
 * Delivery beyond the database (live subscriptions, email, agency webhooks) follows through the
 * outbox, so an alert raised while Redis is down is delivered when it returns.
 */
@Injectable()
export class NotificationService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly transactions: Transactions,
    private readonly notifications: NotificationRepository,
    private readonly webhooks: WebhookRepository,
  ) {}

  /** Returns the ids of the notifications this call created (none for recipients already told). */
  async notify(tx: Tx, alert: Alert): Promise<string[]> {
    const recipients = [...new Set(alert.recipientIds)];
    if (recipients.length === 0) return [];
    const rows = await this.notifications.insertForRecipients(tx, alert, recipients);
    if (rows.length === 0) return [];
    const agencies = [...new Set(rows.map((row) => row.agencyId).filter((id): id is string => id !== null))];
    const body: WebhookBody = {
      event: alert.kind,
      caseId: alert.caseId,
      caseNumber: alert.caseNumber,
      deadlineId: alert.deadlineId ?? null,
      text: alert.text,
      occurredAt: alert.createdAt.toISOString(),
    };
    // One webhook call per agency and alert, however many of its people were told.
    const deliveryIds = agencies.length ? await this.webhooks.insertDeliveries(tx, alert.ledgerKey, agencies, body) : [];
    await this.outbox.publish(tx, {
      topic: NotificationTopic.CREATED,
      payload: { notificationIds: rows.map((row) => row.id), webhookDeliveryIds: deliveryIds },
    });
    return rows.map((row) => row.id);
  }

  async page(userId: string, unreadOnly: boolean, after: [string, string] | null, limit: number): Promise<NotificationRecord[]> {
    return this.transactions.run((tx) => this.notifications.page(tx, userId, unreadOnly, after, limit));
  }

  async unreadCount(userId: string): Promise<number> {
    return this.transactions.run((tx) => this.notifications.unreadCount(tx, userId));
  }

  /** Marks one of the user's notifications read; another user's is NOT_FOUND. Reading twice keeps the first time. */
  async markRead(userId: string, id: string, now: Date): Promise<NotificationRecord> {
    const row = await this.transactions.run((tx) => this.notifications.markRead(tx, userId, id, now));
    if (!row) throw new NotFoundError('Notification');
    return row;
  }

  async markAllRead(userId: string, now: Date): Promise<number> {
    return this.transactions.run((tx) => this.notifications.markAllRead(tx, userId, now));
  }

  async byIds(tx: Tx, ids: string[]): Promise<NotificationRecord[]> {
    return this.notifications.findByIds(tx, ids);
  }
}
