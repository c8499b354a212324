import { Injectable } from '@nestjs/common';
import { execute, firstRow, rows, Tx } from '@tandem/platform';
import { Alert, CreatedAtRow, NOTIFICATION_COLUMNS, NotificationRecord } from './notification.types';

/** A notification just stored, with its recipient's agency (to find the agency webhooks to call). */
export interface CreatedNotificationRow {
  id: string;
  agencyId: string | null;
}

/** What the email of one notification needs: its text and where (and whether) its recipient is reached. */
export interface NotificationEmailRow {
  id: string;
  kind: string;
  caseNumber: string | null;
  text: string;
  emailedAt: Date | null;
  email: string;
  active: boolean;
}

interface IdRow {
  id: string;
}

/**
 * The notification table: one row per recipient and ledger key. Statements that need the recipient's
 * account (their agency, address or whether they are still active) join app_user in the same statement,
 * so that storing or sending an alert stays one round trip.
 */
@Injectable()
export class NotificationRepository {
  /** Stores the alert for each recipient not yet told under its ledger key; answers the rows created. */
  async insertForRecipients(tx: Tx, alert: Alert, recipientIds: readonly string[]): Promise<CreatedNotificationRow[]> {
    return rows<CreatedNotificationRow>(
      tx,
      `WITH created AS (
         INSERT INTO notification (recipient_id, kind, case_id, case_number, deadline_id, text, ledger_key, created_at)
         SELECT r, $2, $3, $4, $5, $6, $1 || ':' || r, $7 FROM unnest($8::uuid[]) r
         ON CONFLICT (ledger_key) DO NOTHING
         RETURNING id, recipient_id)
       SELECT c.id, u.agency_id AS "agencyId" FROM created c JOIN app_user u ON u.id = c.recipient_id`,
      [alert.ledgerKey, alert.kind, alert.caseId, alert.caseNumber, alert.deadlineId ?? null, alert.text, alert.createdAt, recipientIds],
    );
  }

  async page(tx: Tx, userId: string, unreadOnly: boolean, after: [string, string] | null, limit: number): Promise<NotificationRecord[]> {
    return rows<NotificationRecord>(
      tx,
      `SELECT ${NOTIFICATION_COLUMNS} FROM notification
        WHERE recipient_id = $1 AND ($2::boolean IS FALSE OR read_at IS NULL)
          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $5`,
      [userId, unreadOnly, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }

  async unreadCount(tx: Tx, userId: string): Promise<number> {
    const row = await firstRow<{ n: number }>(tx, `SELECT count(*)::int AS n FROM notification WHERE recipient_id = $1 AND read_at IS NULL`, [userId]);
    return row!.n;
  }

  /** Marks one of the user's notifications read (keeping the first time); null when it is not theirs. */
  async markRead(tx: Tx, userId: string, id: string, now: Date): Promise<NotificationRecord | null> {
    const updated = await firstRow<NotificationRecord>(
      tx,
      `UPDATE notification SET read_at = coalesce(read_at, $3) WHERE id = $1 AND recipient_id = $2 RETURNING ${NOTIFICATION_COLUMNS}`,
      [id, userId, now],
    );
    return updated ?? null;
  }

  /** Answers how many were unread. */
  async markAllRead(tx: Tx, userId: string, now: Date): Promise<number> {
    return execute(tx, `UPDATE notification SET read_at = $2 WHERE recipient_id = $1 AND read_at IS NULL`, [userId, now]);
  }

  async findByIds(tx: Tx, ids: readonly string[]): Promise<NotificationRecord[]> {
    return rows<NotificationRecord>(tx, `SELECT ${NOTIFICATION_COLUMNS} FROM notification WHERE id = ANY($1::uuid[]) ORDER BY created_at, id`, [ids]);
  }

  async findForEmail(tx: Tx, id: string): Promise<NotificationEmailRow | null> {
    const row = await firstRow<NotificationEmailRow>(
      tx,
      `SELECT n.id, n.kind, n.case_number AS "caseNumber", n.text, n.emailed_at AS "emailedAt", u.email, u.active
         FROM notification n JOIN app_user u ON u.id = n.recipient_id WHERE n.id = $1`,
      [id],
    );
    return row ?? null;
  }

  async markEmailed(tx: Tx, id: string, now: Date): Promise<void> {
    await execute(tx, `UPDATE notification SET emailed_at = $2 WHERE id = $1 AND emailed_at IS NULL`, [id, now]);
  }

  /**
   * A batch of notifications not yet emailed to active recipients, created in [since, before), after
   * the keyset position, oldest first.
   */
  async pageUnemailed(tx: Tx, since: Date, before: Date, after: CreatedAtRow | null, limit: number): Promise<CreatedAtRow[]> {
    return rows<CreatedAtRow>(
      tx,
      `SELECT n.id, n.created_at AS "createdAt" FROM notification n JOIN app_user u ON u.id = n.recipient_id
        WHERE n.emailed_at IS NULL AND u.active AND n.created_at < $1 AND n.created_at >= $5
          AND ($2::timestamptz IS NULL OR (n.created_at, n.id) > ($2::timestamptz, $3::uuid))
        ORDER BY n.created_at, n.id LIMIT $4`,
      [before, after?.createdAt ?? null, after?.id ?? null, limit, since],
    );
  }

  /**
   * Active users of an agency already told under one of the ledger keys (a request announced), so
   * that what follows it (a withdrawal) reaches the same people and nobody who never heard of it.
   */
  async activeUsersToldOf(tx: Tx, ledgerKeys: readonly string[], agencyId: string): Promise<string[]> {
    const told = await rows<IdRow>(
      tx,
      `SELECT u.id FROM app_user u
        WHERE u.agency_id = $2 AND u.active
          AND EXISTS (SELECT 1 FROM unnest($1::text[]) k JOIN notification n ON n.ledger_key = k || ':' || u.id)
        ORDER BY u.id`,
      [ledgerKeys, agencyId],
    );
    return told.map((row) => row.id);
  }

  /*
   * The two reads below are of the cases lib's assignment table. The cases lib imports this one
   * (it raises alerts), so asking it would make a module cycle: the reads stay here, read only.
   */

  /** The case's active PRIMARY assignee, when their account is active. */
  async activePrimaryOf(tx: Tx, caseId: string): Promise<string[]> {
    const primary = await rows<IdRow>(
      tx,
      `SELECT u.id FROM assignment a JOIN app_user u ON u.id = a.user_id
        WHERE a.case_id = $1 AND a.role = 'PRIMARY' AND a.active AND u.active`,
      [caseId],
    );
    return primary.map((row) => row.id);
  }

  /** Active users of the agency actively assigned to the case. */
  async activeAssignedFrom(tx: Tx, caseId: string, agencyId: string): Promise<string[]> {
    const assigned = await rows<IdRow>(
      tx,
      `SELECT u.id FROM assignment a JOIN app_user u ON u.id = a.user_id
        WHERE a.case_id = $1 AND a.agency_id = $2 AND a.active AND u.active`,
      [caseId, agencyId],
    );
    return assigned.map((row) => row.id);
  }
}
