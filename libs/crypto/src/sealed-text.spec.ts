import { AppConfig, Transactions, Tx } from '@tandem/platform';
import { PiiCipher, PiiDecryptionError } from './pii-cipher';
import { resealTable, sealedText } from './sealed-text';

const ID_A = '6f1c1e2a-8a54-4c2a-9f0e-1d2b3c4d5e6f';
const ID_B = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('sealedText', () => {
  const referral = sealedText('referral', 'referral', ['reason', 'status_note']);

  it('names each column <field>_sealed with the context <kind>:<row id>:<field>', () => {
    expect(referral.table).toBe('referral');
    expect(Object.keys(referral.columns)).toEqual(['reason_sealed', 'status_note_sealed']);
    expect(referral.columns.reason_sealed!(ID_A)).toBe(`referral:${ID_A}:reason`);
    expect(referral.columns.status_note_sealed!(ID_A)).toBe(`referral:${ID_A}:status-note`);
    expect(referral.columns.status_note_sealed!(ID_B)).toBe(`referral:${ID_B}:status-note`);
  });

  it('gives contexts under which a value opens only in its own row and field', () => {
    const cipher = new PiiCipher(AppConfig.fromEnv({ PII_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 7).toString('base64')}` }));
    const sealed = cipher.encrypt('Suspect seen at the motel', referral.columns.reason_sealed!(ID_A));
    expect(cipher.decrypt(sealed, referral.columns.reason_sealed!(ID_A))).toBe('Suspect seen at the motel');
    expect(() => cipher.decrypt(sealed, referral.columns.reason_sealed!(ID_B))).toThrow(PiiDecryptionError);
    expect(() => cipher.decrypt(sealed, referral.columns.status_note_sealed!(ID_A))).toThrow(PiiDecryptionError);
    expect(() => cipher.decrypt(sealed, sealedText('handoff', 'handoff', ['reason']).columns.reason_sealed!(ID_A))).toThrow(PiiDecryptionError);
  });
});

/** A transaction whose connection records each statement and answers the next of `answers` (structured, as TypeORM's runner does). */
function recordingTx(answers: { records?: unknown[]; affected?: number }[]) {
  const statements: { text: string; values: unknown[] }[] = [];
  const runner = {
    query: (text: string, values: unknown[]) => {
      statements.push({ text, values });
      return Promise.resolve(answers.shift() ?? { records: [] });
    },
    release: () => Promise.resolve(),
  };
  return { tx: { queryRunner: runner } as unknown as Tx, statements };
}

describe('resealTable', () => {
  const key = (id: string, byte: number) => `${id}:${Buffer.alloc(32, byte).toString('base64')}`;
  const oldCipher = new PiiCipher(AppConfig.fromEnv({ PII_ENCRYPTION_KEY: key('k1', 1) }));
  const cipher = new PiiCipher(AppConfig.fromEnv({ PII_ENCRYPTION_KEY: `${key('k2', 2)},${key('k1', 1)}` }));
  const note = sealedText('note', 'note', ['body', 'status_note']);
  const transactions = (tx: Tx) => ({ run: <T>(work: (tx: Tx) => Promise<T>) => work(tx) }) as unknown as Transactions;

  it('re-seals each stale row under the current key in the context of its own row and field, batch after batch until none is left', async () => {
    const body = oldCipher.encrypt('Met the youth at school', note.columns.body_sealed!(ID_A));
    const { tx, statements } = recordingTx([{ records: [{ id: ID_A, body_sealed: body, status_note_sealed: null }] }, { records: [], affected: 1 }, { records: [] }]);
    expect(await resealTable(transactions(tx), cipher, note, null, 50)).toBe(1);

    expect(statements.map((statement) => statement.text)).toEqual([
      `SELECT id::text AS id, body_sealed, status_note_sealed FROM note WHERE (split_part(body_sealed, '.', 2) <> $1 AND ($2::text[] IS NULL OR split_part(body_sealed, '.', 2) = ANY($2::text[]))) OR (split_part(status_note_sealed, '.', 2) <> $1 AND ($2::text[] IS NULL OR split_part(status_note_sealed, '.', 2) = ANY($2::text[]))) ORDER BY id LIMIT $3 FOR UPDATE`,
      `UPDATE note x SET body_sealed = v.c0, status_note_sealed = v.c1 FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, c0, c1) WHERE x.id = v.id`,
      statements[0]!.text,
    ]);
    expect(statements[0]!.values).toEqual(['k2', null, 50]);
    const [ids, bodies, statusNotes] = statements[1]!.values as [string[], (string | null)[], (string | null)[]];
    expect(ids).toEqual([ID_A]);
    expect(statusNotes).toEqual([null]);
    expect(bodies[0]!.split('.')[1]).toBe('k2');
    expect(cipher.decrypt(bodies[0]!, note.columns.body_sealed!(ID_A))).toBe('Met the youth at school');
    expect(() => cipher.decrypt(bodies[0]!, note.columns.status_note_sealed!(ID_A))).toThrow(PiiDecryptionError);
  });

  it('reads a table by its declared key column and passes the keys to re-seal from', async () => {
    const webhook = { table: 'agency_webhook', key: 'agency_id', columns: { secret_sealed: (id: string) => `webhook:${id}` } };
    const { tx, statements } = recordingTx([{ records: [] }]);
    expect(await resealTable(transactions(tx), cipher, webhook, ['k1'])).toBe(0);
    expect(statements[0]!.text).toContain('SELECT agency_id::text AS id, secret_sealed FROM agency_webhook WHERE');
    expect(statements[0]!.text).toContain('ORDER BY agency_id LIMIT $3 FOR UPDATE');
    expect(statements[0]!.values).toEqual(['k2', ['k1'], 200]);
  });
});
