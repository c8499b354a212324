export interface NotificationRecord {
  id: string;
  recipientId: string;
  kind: string;
  caseId: string | null;
  caseNumber: string | null;
  deadlineId: string | null;
  text: string;
  createdAt: Date;
  readAt: Date | null;
}

export const NOTIFICATION_COLUMNS = `id, recipient_id AS "recipientId", kind, case_id AS "caseId", case_number AS "caseNumber",
  deadline_id AS "deadlineId", text, created_at AS "createdAt", read_at AS "readAt"`;

/** One row of a keyset walk in creation order (of notifications or webhook deliveries). */
export interface CreatedAtRow {
  id: string;
  createdAt: Date;
}

/**
 * One alert to a set of people. `ledgerKey` names the alert (a deadline's stage, an event): each
 * recipient is told once per key, however often the job that raises it runs.
 */
export interface Alert {
  ledgerKey: string;
  kind: string;
  caseId: string | null;
  caseNumber: string | null;
  deadlineId?: string | null;
  /** Names the case number and what is due; never a child's name or location. */
  text: string;
  recipientIds: string[];
  createdAt: Date;
}

/** What an agency's webhook receives: ids, codes and the alert text, never a child's personal data. */
export interface WebhookBody {
  event: string;
  caseId: string | null;
  caseNumber: string | null;
  deadlineId: string | null;
  text: string;
  occurredAt: string;
}

/** The Redis channel (under the queue prefix) on which the worker announces new notifications to API processes. */
export const NOTIFICATION_CHANNEL = 'notifications';
