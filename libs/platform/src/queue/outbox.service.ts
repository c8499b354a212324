import { Injectable } from '@nestjs/common';
import { Tx } from '../database/transactions';
import { EventTopic } from './queues';

export interface OutboxMessage {
  topic: EventTopic;
  payload: Record<string, unknown>;
}

/**
 * Writes events into the outbox inside the caller's transaction: the event exists exactly
 * when the change that caused it commits. Payloads carry ids, never a child's personal data.
 */
@Injectable()
export class OutboxService {
  async publish(tx: Tx, ...messages: OutboxMessage[]): Promise<string[]> {
    if (messages.length === 0) return [];
    const values: string[] = [];
    const params: unknown[] = [];
    for (const message of messages) {
      params.push(message.topic, JSON.stringify(message.payload));
      values.push(`($${params.length - 1}, $${params.length}::jsonb)`);
    }
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO outbox (topic, payload) VALUES ${values.join(', ')} RETURNING id`,
      params,
    );
    await tx.query(`SELECT pg_notify('outbox', '')`);
    return rows.map((row) => row.id);
  }
}
