import { Injectable } from '@nestjs/common';
import { EventTopic, NotFoundError, OutboxService, Transactions, Tx } from '@tandem/platform';
import { Alert, NOTIFICATION_COLUMNS, NotificationRecord, WebhookBody } from './notification.types';

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
  ) {}

  /** Returns the ids of the notifications this call created (none for recipients already told). */
  async notify(tx: Tx, alert: Alert): Promise<string[]> {
    const recipients = [...new Set(alert.recipientIds)];
    if (recipients.length === 0) return [];
    const rows: { id: string; agencyId: string | null }[] = await tx.query(
      `WITH created AS (
         INSERT INTO notification (recipient_id, kind, case_id, case_number, deadline_id, text, ledger_key, created_at)
         SELECT r, $2, $3, $4, $5, $6, $1 || ':' || r, $7 FROM unnest($8::uuid[]) r
         ON CONFLICT (ledger_key) DO NOTHING
         RETURNING id, recipient_id)
       SELECT c.id, u.agency_id AS "agencyId" FROM created c JOIN app_user u ON u.id = c.recipient_id`,
      [alert.ledgerKey, alert.kind, alert.caseId, alert.caseNumber, alert.deadlineId ?? null, alert.text, alert.createdAt, recipients],
    );
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
    const deliveries: { id: string }[] = agencies.length
      ? await tx.query(
          `INSERT INTO webhook_delivery (agency_id, ledger_key, body)
           SELECT w.agency_id, $1 || ':agency:' || w.agency_id, $3::jsonb FROM agency_webhook w
            WHERE w.agency_id = ANY($2::uuid[]) AND w.active
           ON CONFLICT (ledger_key) DO NOTHING RETURNING id`,
          [alert.ledgerKey, agencies, JSON.stringify(body)],
        )
      : [];
    await this.outbox.publish(tx, {
      topic: EventTopic.NOTIFICATION_CREATED,
      payload: { notificationIds: rows.map((row) => row.id), webhookDeliveryIds: deliveries.map((row) => row.id) },
    });
    return rows.map((row) => row.id);
  }

  async page(userId: string, unreadOnly: boolean, after: [string, string] | null, limit: number): Promise<NotificationRecord[]> {
    return this.transactions.run((tx) =>
      tx.query(
        `SELECT ${NOTIFICATION_COLUMNS} FROM notification
          WHERE recipient_id = $1 AND ($2::boolean IS FALSE OR read_at IS NULL)
            AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
          ORDER BY created_at DESC, id DESC LIMIT $5`,
        [userId, unreadOnly, after?.[0] ?? null, after?.[1] ?? null, limit],
      ),
    );
  }

  async unreadCount(userId: string): Promise<number> {
    return this.transactions.run(async (tx) => {
      const [row] = await tx.query(`SELECT count(*)::int AS n FROM notification WHERE recipient_id = $1 AND read_at IS NULL`, [userId]);
      return row.n as number;
    });
  }

  /** Marks one of the user's notifications read; another user's is NOT_FOUND. Reading twice keeps the first time. */
  async markRead(userId: string, id: string, now: Date): Promise<NotificationRecord> {
    const row = await this.transactions.run(async (tx) => {
      const [[updated]] = await tx.query(
        `UPDATE notification SET read_at = coalesce(read_at, $3) WHERE id = $1 AND recipient_id = $2 RETURNING ${NOTIFICATION_COLUMNS}`,
        [id, userId, now],
      );
      return updated as NotificationRecord | undefined;
    });
    if (!row) throw new NotFoundError('Notification');
    return row;
  }

  async markAllRead(userId: string, now: Date): Promise<number> {
    return this.transactions.run(async (tx) => {
      const [, count] = await tx.query(`UPDATE notification SET read_at = $2 WHERE recipient_id = $1 AND read_at IS NULL`, [userId, now]);
      return count as number;
    });
  }

  async byIds(tx: Tx, ids: string[]): Promise<NotificationRecord[]> {
    return tx.query(`SELECT ${NOTIFICATION_COLUMNS} FROM notification WHERE id = ANY($1::uuid[]) ORDER BY created_at, id`, [ids]);
  }
}
