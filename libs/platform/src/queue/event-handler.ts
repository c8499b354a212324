import { SetMetadata } from '@nestjs/common';
import { EventTopicName } from './event-topics';

export const EVENT_HANDLER = 'tandem:event-handler';

/** What a handler receives: the outbox payload plus the outbox row id (`eventId`), the idempotency key. */
export type EventPayload = Record<string, unknown> & { eventId: string };

export interface EventHandler {
  handle(payload: EventPayload): Promise<void>;
}

/** Marks a provider as the one handler of an outbox topic (a name its domain declared). */
export const HandlesEvent = (topic: EventTopicName) => SetMetadata(EVENT_HANDLER, topic);
