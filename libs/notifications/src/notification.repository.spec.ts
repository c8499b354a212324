import { Tx } from '@tandem/platform';
import { NotificationRepository } from './notification.repository';
import { WebhookRepository } from './webhook.repository';

/** Answers as TypeORM's PostgreSQL runner does with structured results: an UPDATE's RETURNING rows and the rows it touched. */
function answering(answer: { records?: unknown[]; affected?: number }): Tx {
  return { queryRunner: { query: () => Promise.resolve(answer), release: () => Promise.resolve() } } as unknown as Tx;
}

describe('notification and webhook updates', () => {
  const notifications = new NotificationRepository();
  const webhooks = new WebhookRepository();
  const now = new Date('2026-01-01T00:00:00Z');

  it('answers the notification marked read, or null when it is not the reader’s', async () => {
    expect(await notifications.markRead(answering({ records: [{ id: 'n1' }], affected: 1 }), 'u', 'n1', now)).toEqual({ id: 'n1' });
    expect(await notifications.markRead(answering({ records: [], affected: 0 }), 'u', 'n1', now)).toBeNull();
  });

  it('answers how many notifications were unread when all are marked read', async () => {
    expect(await notifications.markAllRead(answering({ records: [], affected: 3 }), 'u', now)).toBe(3);
    expect(await notifications.markAllRead(answering({ records: [], affected: 0 }), 'u', now)).toBe(0);
  });

  it('answers whether an active webhook was disabled', async () => {
    expect(await webhooks.disable(answering({ records: [], affected: 1 }), 'a', now)).toBe(true);
    expect(await webhooks.disable(answering({ records: [], affected: 0 }), 'a', now)).toBe(false);
  });

  it('answers the revived delivery, or null when it was not DEAD', async () => {
    expect(await webhooks.revive(answering({ records: [{ id: 'd1', status: 'PENDING' }], affected: 1 }), 'd1')).toEqual({ id: 'd1', status: 'PENDING' });
    expect(await webhooks.revive(answering({ records: [], affected: 0 }), 'd1')).toBeNull();
  });
});
