import { Injectable } from '@nestjs/common';
import { execute, firstRow, rows, Tx } from '@tandem/platform';
import { CreatedAtRow, WebhookBody } from './notification.types';

export interface WebhookDeliveryRecord {
  id: string;
  agencyId: string;
  event: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  deadAt: Date | null;
}

/** A delivery with the webhook it goes to (null columns when the agency has none). */
export interface DeliveryTargetRow {
  id: string;
  agencyId: string;
  body: WebhookBody;
  status: string;
  url: string | null;
  secretSealed: string | null;
  active: boolean | null;
}

const DELIVERY_COLUMNS = `id, agency_id AS "agencyId", body->>'event' AS event, status, attempts, last_error AS "lastError",
  created_at AS "createdAt", delivered_at AS "deliveredAt", dead_at AS "deadAt"`;

/** Agency webhooks (one per agency, its secret sealed by the caller) and their deliveries, one per agency and alert. */
@Injectable()
export class WebhookRepository {
  /** Whether the agency has a webhook row, active or not (null when it has none). */
  async findActive(tx: Tx, agencyId: string): Promise<{ active: boolean } | null> {
    const row = await firstRow<{ active: boolean }>(tx, `SELECT active FROM agency_webhook WHERE agency_id = $1`, [agencyId]);
    return row ?? null;
  }

  /** Sets the agency's webhook, active, replacing its URL and sealed secret. */
  async upsert(tx: Tx, agencyId: string, url: string, secretSealed: string, now: Date): Promise<void> {
    await execute(
      tx,
      `INSERT INTO agency_webhook (agency_id, url, secret_sealed, active, updated_at) VALUES ($1, $2, $3, true, $4)
       ON CONFLICT (agency_id) DO UPDATE SET url = EXCLUDED.url, secret_sealed = EXCLUDED.secret_sealed, active = true, updated_at = EXCLUDED.updated_at`,
      [agencyId, url, secretSealed, now],
    );
  }

  /** Answers whether an active webhook was disabled. */
  async disable(tx: Tx, agencyId: string, now: Date): Promise<boolean> {
    const changed = await execute(tx, `UPDATE agency_webhook SET active = false, updated_at = $2 WHERE agency_id = $1 AND active`, [agencyId, now]);
    return changed > 0;
  }

  /**
   * One delivery of the body per agency with an active webhook, keyed `<ledger key>:agency:<agency id>`
   * so an alert is sent once per agency however often it is raised; answers the ids created.
   */
  async insertDeliveries(tx: Tx, ledgerKey: string, agencyIds: readonly string[], body: WebhookBody): Promise<string[]> {
    const created = await rows<{ id: string }>(
      tx,
      `INSERT INTO webhook_delivery (agency_id, ledger_key, body)
       SELECT w.agency_id, $1 || ':agency:' || w.agency_id, $3::jsonb FROM agency_webhook w
        WHERE w.agency_id = ANY($2::uuid[]) AND w.active
       ON CONFLICT (ledger_key) DO NOTHING RETURNING id`,
      [ledgerKey, agencyIds, JSON.stringify(body)],
    );
    return created.map((row) => row.id);
  }

  /** The agency's DEAD deliveries, most recently given up first. */
  async pageDead(tx: Tx, agencyId: string, after: [string, string] | null, limit: number): Promise<WebhookDeliveryRecord[]> {
    return rows<WebhookDeliveryRecord>(
      tx,
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_delivery
        WHERE agency_id = $1 AND status = 'DEAD'
          AND ($2::timestamptz IS NULL OR (dead_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY dead_at DESC, id DESC LIMIT $4`,
      [agencyId, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }

  async lockDelivery(tx: Tx, id: string): Promise<{ agencyId: string; status: string } | null> {
    const row = await firstRow<{ agencyId: string; status: string }>(tx, `SELECT agency_id AS "agencyId", status FROM webhook_delivery WHERE id = $1 FOR UPDATE`, [id]);
    return row ?? null;
  }

  /** A DEAD delivery made PENDING with its attempts again; null when it is not DEAD. */
  async revive(tx: Tx, id: string): Promise<WebhookDeliveryRecord | null> {
    const row = await firstRow<WebhookDeliveryRecord>(
      tx,
      `UPDATE webhook_delivery SET status = 'PENDING', attempts = 0, last_error = NULL, dead_at = NULL
        WHERE id = $1 AND status = 'DEAD' RETURNING ${DELIVERY_COLUMNS}`,
      [id],
    );
    return row ?? null;
  }

  async findWithTarget(tx: Tx, id: string): Promise<DeliveryTargetRow | null> {
    const row = await firstRow<DeliveryTargetRow>(
      tx,
      `SELECT d.id, d.agency_id AS "agencyId", d.body, d.status, w.url, w.secret_sealed AS "secretSealed", w.active
         FROM webhook_delivery d LEFT JOIN agency_webhook w ON w.agency_id = d.agency_id WHERE d.id = $1`,
      [id],
    );
    return row ?? null;
  }

  async markDelivered(tx: Tx, id: string, now: Date): Promise<void> {
    await execute(
      tx,
      `UPDATE webhook_delivery SET status = 'DELIVERED', delivered_at = $2, attempts = attempts + 1, last_error = NULL
        WHERE id = $1 AND status = 'PENDING'`,
      [id, now],
    );
  }

  /** Records a failed (or, when not attempted, skipped) try of a PENDING delivery; `dead` gives it up. */
  async markFailed(tx: Tx, id: string, error: string, dead: boolean, now: Date, attempted: boolean): Promise<void> {
    await execute(
      tx,
      `UPDATE webhook_delivery SET attempts = attempts + $5, last_error = $2,
              status = CASE WHEN $3 THEN 'DEAD' ELSE status END, dead_at = CASE WHEN $3 THEN $4::timestamptz ELSE dead_at END
        WHERE id = $1 AND status = 'PENDING'`,
      [id, error, dead, now, attempted ? 1 : 0],
    );
  }

  /**
   * A batch of PENDING deliveries older than a minute by the database's clock (younger ones are still
   * on their way through the outbox), after the keyset position, oldest first.
   */
  async pageStalePending(tx: Tx, after: CreatedAtRow | null, limit: number): Promise<CreatedAtRow[]> {
    return rows<CreatedAtRow>(
      tx,
      `SELECT id, created_at AS "createdAt" FROM webhook_delivery
        WHERE status = 'PENDING' AND created_at < now() - $1::interval
          AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::uuid))
        ORDER BY created_at, id LIMIT $4`,
      ['1 minute', after?.createdAt ?? null, after?.id ?? null, limit],
    );
  }
}
