import { Injectable } from '@nestjs/common';
import { Tx } from '../database/transactions';
import { OutboxRepository } from './outbox.repository';
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
  constructor(private readonly outbox: OutboxRepository) {}

  async publish(tx: Tx, ...messages: OutboxMessage[]): Promise<string[]> {
    if (messages.length === 0) return [];
    const ids = await this.outbox.insert(tx, messages);
    await this.outbox.notify(tx);
    return ids;
  }
}
