import { Injectable } from '@nestjs/common';
import { Client } from 'pg';
import { execute, firstRow, rows } from '../database/sql';
import { Tx } from '../database/transactions';

/** An event as the outbox keeps it until the relay has moved it into its queue. */
export interface OutboxRow {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
}

/** An event to store: its topic and its payload (ids only, never a child's personal data). */
export interface OutboxEntry {
  topic: string;
  payload: Record<string, unknown>;
}

/**
 * The `outbox` table: events written in the transaction of the change that caused them, then
 * relayed to the queues (and marked sent) by the relay.
 */
@Injectable()
export class OutboxRepository {
  /** Stores the events in one statement, in the given order; answers their ids in that order. */
  async insert(tx: Tx, entries: readonly OutboxEntry[]): Promise<string[]> {
    const { text, values } = outboxInsert(entries);
    const inserted = await rows<{ id: string }>(tx, text, values);
    return inserted.map((row) => row.id);
  }

  /** Tells the relay, when the transaction commits, that there is something to move. */
  async notify(tx: Tx): Promise<void> {
    await execute(tx, `SELECT pg_notify('outbox', '')`);
  }

  /** Locks up to `limit` unsent events, oldest first; events another relay holds are skipped. */
  async lockUnsent(tx: Tx, limit: number): Promise<OutboxRow[]> {
    return rows<OutboxRow>(
      tx,
      `SELECT id, topic, payload FROM outbox WHERE sent_at IS NULL
          ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async markSent(tx: Tx, ids: readonly string[]): Promise<void> {
    await execute(tx, `UPDATE outbox SET sent_at = now(), attempts = attempts + 1 WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** How many events wait to be relayed. */
  async unsentCount(db: Tx): Promise<number> {
    const row = await firstRow<{ n: number }>(db, `SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL`);
    return row!.n;
  }

  /**
   * Opens a connection of its own that listens on the `outbox` channel (a commit that wrote to the
   * outbox notifies it, so the relay wakes at once) and calls `onNotify` on each
   * notification; the caller ends it. Errors on the connection are ignored: the relay still polls.
   */
  async listen(databaseUrl: string, applicationName: string, onNotify: () => void): Promise<Client> {
    const client = new Client({ connectionString: databaseUrl, application_name: applicationName });
    client.on('error', () => undefined);
    await client.connect();
    client.on('notification', onNotify);
    // eslint-disable-next-line no-restricted-syntax -- LISTEN holds a connection of its own, outside any transaction
    await client.query('LISTEN outbox');
    return client;
  }
}

/** The statement that stores the events: one `($n, $n+1::jsonb)` row of values an event. */
export function outboxInsert(entries: readonly OutboxEntry[]): { text: string; values: unknown[] } {
  const rowsText: string[] = [];
  const values: unknown[] = [];
  for (const entry of entries) {
    values.push(entry.topic, JSON.stringify(entry.payload));
    rowsText.push(`($${values.length - 1}, $${values.length}::jsonb)`);
  }
  return { text: `INSERT INTO outbox (topic, payload) VALUES ${rowsText.join(', ')} RETURNING id`, values };
}
