import { AppConfig, Tx } from '@tandem/platform';
import { AuditEventRecord, fromStoredEvent, StoredAuditEvent } from './audit-chain';
import { AuditRepository } from './audit.repository';

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

const stored = (chainSeq: string | null) => ({ id: 'e1', chainKey: 'k', chainSeq }) as unknown as StoredAuditEvent;

describe('audit events read back', () => {
  it('reads the bigint chain place as a number, and keeps a missing one missing', () => {
    expect(fromStoredEvent(stored('9007199254740')).chainSeq).toBe(9007199254740);
    expect(fromStoredEvent(stored(null)).chainSeq).toBeNull();
    expect(fromStoredEvent(stored('3'))).toMatchObject({ id: 'e1', chainKey: 'k' });
  });

  it('answers a chain head made at its genesis when the chain is new: read, insert, read again', async () => {
    const at = new Date(0);
    const { tx, statements } = recordingTx([{ records: [] }, { records: [], affected: 1 }, { records: [{ seq: '0', hash: Buffer.alloc(32), at }] }]);
    const repository = new AuditRepository(AppConfig.fromEnv({}));
    expect(await repository.readHead(tx, 'agency:a')).toEqual({ seq: 0, hash: Buffer.alloc(32), at });
    expect(statements.map((statement) => statement.text.split(' ').slice(0, 3).join(' '))).toEqual(['SELECT seq, hash,', 'INSERT INTO audit_chain', 'SELECT seq, hash,']);
  });

  it('gives the events of a chain with numbered places', async () => {
    const { tx } = recordingTx([{ records: [stored('4'), stored('5')] }]);
    const events: AuditEventRecord[] = await new AuditRepository(AppConfig.fromEnv({})).chainEventsAfter(tx, 'k', 3, 10);
    expect(events.map((event) => event.chainSeq)).toEqual([4, 5]);
  });
});
