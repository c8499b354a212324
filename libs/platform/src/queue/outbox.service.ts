import { Injectable } from '@nestjs/common';
import { Tx } from '../database/transactions';
import { EventTopicName, eventTopics } from './event-topics';
import { OutboxRepository } from './outbox.repository';

export interface OutboxMessage {
  topic: EventTopicName;
  payload: Record<string, unknown>;
}

/**
 * Writes events into the outbox inside the caller's transaction: the event exists exactly
 * when the change that caused it commits. Payloads carry ids, never a child's personal data.
 * A topic that no domain declared is refused before anything is written.
 */
@Injectable()
export class OutboxService {
  constructor(private readonly outbox: OutboxRepository) {}

  async publish(tx: Tx, ...messages: OutboxMessage[]): Promise<string[]> {
    if (messages.length === 0) return [];
    for (const message of messages) eventTopics.assertDeclared(message.topic);
    const ids = await this.outbox.insert(tx, messages);
    await this.outbox.notify(tx);
    return ids;
  }
}
