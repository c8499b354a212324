import { Tx } from '../database/transactions';
import { OutboxRepository, outboxInsert } from './outbox.repository';
import { OutboxService } from './outbox.service';
import { SystemTopic } from './queues';

/** A transaction whose connection records each statement and answers the next of `answers` (structured, as TypeORM's runner does). */
function recordingTx(answers: { records?: unknown[]; affected?: number }[]) {
  const statements: { text: string; values: unknown }[] = [];
  const runner = {
    query: (text: string, values: unknown) => {
      statements.push({ text, values });
      return Promise.resolve(answers.shift() ?? { records: [] });
    },
    release: () => Promise.resolve(),
  };
  return { tx: { queryRunner: runner } as unknown as Tx, statements };
}

describe('outbox statements', () => {
  it('stores events as one row of values each, numbering the parameters in order', () => {
    expect(outboxInsert([{ topic: 'a', payload: { id: 1 } }, { topic: 'b', payload: {} }])).toEqual({
      text: 'INSERT INTO outbox (topic, payload) VALUES ($1, $2::jsonb), ($3, $4::jsonb) RETURNING id',
      values: ['a', '{"id":1}', 'b', '{}'],
    });
  });

  it('publishes: inserts the events, then notifies the relay, and answers the ids in order', async () => {
    const { tx, statements } = recordingTx([{ records: [{ id: 'e1' }, { id: 'e2' }], affected: 2 }, { records: [{ pg_notify: '' }] }]);
    const service = new OutboxService(new OutboxRepository());
    const topic = SystemTopic.PING;
    expect(await service.publish(tx, { topic, payload: { caseId: 'c' } }, { topic, payload: { caseId: 'd' } })).toEqual(['e1', 'e2']);
    expect(statements.map((statement) => statement.text)).toEqual([
      'INSERT INTO outbox (topic, payload) VALUES ($1, $2::jsonb), ($3, $4::jsonb) RETURNING id',
      `SELECT pg_notify('outbox', '')`,
    ]);
  });

  it('publishes nothing, and runs no statement, for no events', async () => {
    const { tx, statements } = recordingTx([]);
    expect(await new OutboxService(new OutboxRepository()).publish(tx)).toEqual([]);
    expect(statements).toEqual([]);
  });

  it('reads the backlog as a number and marks relayed events sent by id', async () => {
    const { tx, statements } = recordingTx([{ records: [{ n: 7 }] }, { records: [], affected: 2 }]);
    const outbox = new OutboxRepository();
    expect(await outbox.unsentCount(tx)).toBe(7);
    await outbox.markSent(tx, ['e1', 'e2']);
    expect(statements[1]).toEqual({ text: 'UPDATE outbox SET sent_at = now(), attempts = attempts + 1 WHERE id = ANY($1::uuid[])', values: [['e1', 'e2']] });
  });
});
