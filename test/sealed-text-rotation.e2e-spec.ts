import { randomBytes } from 'node:crypto';
import { AgencyType } from '@tandem/authz';
import { NOTE_TEXT } from '@tandem/cases';
import { PiiCipher } from '@tandem/crypto';
import { AppConfig } from '@tandem/platform';
import { rotateKeys } from '@apps/cli/keys';
import { Client } from 'pg';
import { createTestApp, TestApp } from './support/test-app';
import { ADD_NOTE, NOTES, policyCast } from './support/case-fixtures';

const CREATE_REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`;
const BODY = 'Suspect Marcus Vell drives a red van';

function newKeys() {
  const oldKey = `old${randomBytes(2).toString('hex')}:${randomBytes(32).toString('base64')}`;
  const newKey = `new${randomBytes(2).toString('hex')}:${randomBytes(32).toString('base64')}`;
  return { oldKey, newKey, oldId: oldKey.split(':')[0]!, newId: newKey.split(':')[0]! };
}

/** The key ids of everything sealed for the case: its child, notes and referrals. */
async function keyIdsOf(t: TestApp, caseId: string): Promise<Set<string>> {
  const rows: { raw: string }[] = await t.db.query(
    `SELECT x::text AS raw FROM child x WHERE case_id = $1
     UNION ALL SELECT x::text FROM note x WHERE case_id = $1
     UNION ALL SELECT x::text FROM referral x WHERE case_id = $1`,
    [caseId],
  );
  return new Set(rows.flatMap((row) => [...row.raw.matchAll(/v1\.([A-Za-z0-9_-]+)\./g)].map((match) => match[1]!)));
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('keys:rotate re-seals everything the old key sealed', () => {
  it('waits for rows another transaction holds instead of skipping them, so no value is left under the old key', async () => {
    const { oldKey, newKey, oldId, newId } = newKeys();
    const before = await createTestApp({ PII_ENCRYPTION_KEY: oldKey });
    let caseId: string;
    let referralId: string;
    try {
      const { K, agencies, people } = await policyCast(before);
      caseId = K.id;
      await before.gql.ok(ADD_NOTE, { input: { caseId, category: 'INVESTIGATION', body: BODY } }, people.cw1.token);
      const created = await before.gql.ok(CREATE_REFERRAL, { input: { caseId, toAgencyId: agencies.PD.id, serviceType: 'INVESTIGATION', urgency: 'URGENT', scopes: ['IDENTITY'], reason: BODY } }, people.cw1.token);
      referralId = created.createReferral.id;
      expect(await keyIdsOf(before, caseId)).toEqual(new Set([oldId]));
    } finally {
      await before.close();
    }

    const rotating = await createTestApp({ PII_ENCRYPTION_KEY: `${newKey},${oldKey}` });
    const holder = new Client({ connectionString: rotating.config.values.DATABASE_URL });
    const observer = new Client({ connectionString: rotating.config.values.DATABASE_URL });
    await Promise.all([holder.connect(), observer.connect()]);
    try {
      // A transaction in progress (a referral being answered, a child being updated) holds the rows.
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM child WHERE case_id = $1 FOR UPDATE`, [caseId]);
      await holder.query(`SELECT 1 FROM referral WHERE id = $1 FOR UPDATE`, [referralId]);
      let settled = false;
      const rotation = rotateKeys(rotating.app, [oldId]).finally(() => (settled = true));
      // Asked outside the holder's transaction (which keeps its first snapshot of the activity), as the login user (who sees its sessions' statements).
      const waiting = async () => {
        const { rows } = await observer.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%FOR UPDATE%'`,
        );
        return rows[0].n > 0;
      };
      await until(async () => settled || (await waiting()), 'the rotation to finish or wait for the locked rows');
      await holder.query('COMMIT');
      const counts = await rotation;
      expect(counts.child).toBeGreaterThanOrEqual(1);
      expect(counts.referral).toBeGreaterThanOrEqual(1);
      expect(await keyIdsOf(rotating, caseId)).toEqual(new Set([newId]));
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await Promise.all([holder.end(), observer.end()]);
      await rotating.close();
    }
  });

  it('re-seals agency webhook secrets too, so deliveries still sign once the old key is removed', async () => {
    const { oldKey, newKey, oldId, newId } = newKeys();
    const rotating = await createTestApp({ PII_ENCRYPTION_KEY: `${newKey},${oldKey}` });
    try {
      const agency = await rotating.world.agency(AgencyType.CHILD_WELFARE);
      const old = new PiiCipher(AppConfig.fromEnv({ ...process.env, PII_ENCRYPTION_KEY: oldKey }));
      await rotating.db.query(`INSERT INTO agency_webhook (agency_id, url, secret_sealed) VALUES ($1, 'https://hooks.example.org/tandem', $2)`, [
        agency.id,
        old.encrypt('the-shared-signing-secret', `webhook:${agency.id}`),
      ]);
      const counts = await rotateKeys(rotating.app, [oldId]);
      expect(counts.agency_webhook).toBe(1);
      const [row] = await rotating.db.query(`SELECT secret_sealed FROM agency_webhook WHERE agency_id = $1`, [agency.id]);
      const alone = new PiiCipher(AppConfig.fromEnv({ ...process.env, PII_ENCRYPTION_KEY: newKey }));
      expect(alone.keyIdOf(row.secret_sealed)).toBe(newId);
      expect(alone.decrypt(row.secret_sealed, `webhook:${agency.id}`)).toBe('the-shared-signing-secret');
    } finally {
      await rotating.close();
    }
  });
});

describe('notes stay append-only for the application', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses the application role a note body replaced by another validly sealed one', async () => {
    const { K, people } = await policyCast(t);
    await t.gql.ok(ADD_NOTE, { input: { caseId: K.id, category: 'INVESTIGATION', body: BODY } }, people.cw1.token);
    const [note] = await t.db.query(`SELECT id FROM note WHERE case_id = $1`, [K.id]);
    // Sealed for this very row and field: only the database's privileges can stop it.
    const forged = t.app.get(PiiCipher).encrypt('Nothing of note; no suspect', NOTE_TEXT.columns.body_sealed!(note.id));
    await expect(t.db.query(`UPDATE note SET body_sealed = $2 WHERE id = $1`, [note.id, forged])).rejects.toThrow(/permission denied/);
    const seen = await t.gql.ok(NOTES, { id: K.id }, people.cw1.token);
    expect(seen.case.notes.edges.map((edge: { node: { body: string } }) => edge.node.body)).toEqual([BODY]);
  });
});
