import { randomBytes } from 'node:crypto';
import { Role } from '@tandem/authz';
import { CASE_SEALED_TEXT } from '@tandem/cases';
import { PiiCipher, PiiDecryptionError } from '@tandem/crypto';
import { AppConfig, createDataSource, MIGRATIONS, runMigrations } from '@tandem/platform';
import { REFERRAL_SEALED_TEXT } from '@tandem/referrals';
import { rotateKeys, SEALED_TEXT } from '@apps/cli/keys';
import { Client } from 'pg';
import { createTestApp, TestApp } from './support/test-app';
import { ADD_NOTE, assignDirectly, makePartner, NOTES, policyCast } from './support/case-fixtures';
import { isolatedDatabase } from './support/test-database';

const CREATE_REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`;
const ACCEPT = `mutation($id: ID!) { acceptReferral(id: $id) { id } }`;
const COMPLETE = `mutation($id: ID!, $outcome: String!) { completeReferral(id: $id, outcome: $outcome) { id status outcome } }`;
const DECLINE = `mutation($id: ID!, $note: String) { declineReferral(id: $id, reason: OTHER, note: $note) { id status } }`;
const REQUEST_HANDOFF = `mutation($input: RequestHandoffInput!) { requestHandoff(input: $input) { id reason } }`;
const DECLINE_HANDOFF = `mutation($id: ID!, $reason: String!) { declineHandoff(id: $id, reason: $reason) { id status statusNote } }`;
const RECORD_EPISODE = `mutation($input: RecordMissingEpisodeInput!) { recordMissingEpisode(input: $input) { id } }`;
const RECORD_REPORT = `mutation($input: RecordMissingReportInput!) { recordMissingReport(input: $input) { id reportNumber } }`;
const SET_FLAG = `mutation($caseId: ID!) { setCaseFlag(caseId: $caseId, flag: TRAFFICKING_VICTIM, on: true) { id } }`;
const VICTIM_REPORT = `mutation($input: RecordVictimReportInput!) { recordVictimReport(input: $input) { id reportNumber } }`;
const READ_BACK = `query($id: ID!) { case(id: $id) {
  notes(first: 50) { edges { node { category body } } }
  referrals { id reason statusNote outcome }
  missingEpisodes { reports { reportedTo reportNumber } } } }`;
const HANDOFFS = `query { handoffs(direction: OUTGOING, first: 10) { edges { node { id reason statusNote } } } }`;

/** The free text of a case: what each engineer of an agency may write about a child. */
const SECRET = {
  investigation: 'Suspect Marcus Vell drives a red van',
  general: 'Youth disclosed the address of the trap house',
  clinical: 'PTSD symptoms, nightmares about Vell',
  referralReason: 'Needs protection from Marcus Vell tonight',
  justification: 'Vell knows the foster address; no guardian reachable',
  declineNote: 'Vell is a relative of our staff member',
  outcome: 'Youth placed out of county away from Vell',
  handoffReason: 'Family moved away from Vell to the next county',
  handoffDecline: 'Conflict of interest with Vell',
  ncmec: 'NCMEC-7741902',
  victim: 'PD-VICTIM-55120',
};

const TABLES = ['note', 'referral', 'handoff', 'missing_report', 'victim_report'];

/** Every column name of the tables that hold case free text, sealed or not. */
async function columnsOf(t: TestApp): Promise<string[]> {
  const rows: { name: string }[] = await t.db.query(
    `SELECT table_name || '.' || column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ANY($1::text[]) ORDER BY 1`,
    [TABLES],
  );
  return rows.map((row) => row.name);
}

/** Writes every kind of case free text through the API, as each agency would. */
async function writeCaseText(t: TestApp) {
  const cast = await policyCast(t);
  const { K, agencies, people } = cast;
  const now = t.clock.now();
  await t.gql.ok(ADD_NOTE, { input: { caseId: K.id, category: 'INVESTIGATION', body: SECRET.investigation } }, people.cw1.token);
  await t.gql.ok(ADD_NOTE, { input: { caseId: K.id, category: 'GENERAL', body: SECRET.general } }, people.cw1.token);
  await makePartner(t, K.id, agencies.CO.id, ['SUMMARY', 'SERVICES'], false);
  await assignDirectly(t, K.id, people.co1);
  await t.gql.ok(ADD_NOTE, { input: { caseId: K.id, category: 'CLINICAL', body: SECRET.clinical } }, people.co1.token);

  const toPolice = await t.gql.ok(CREATE_REFERRAL, { input: { caseId: K.id, toAgencyId: agencies.PD.id, serviceType: 'INVESTIGATION', urgency: 'URGENT', scopes: ['IDENTITY'], reason: SECRET.referralReason } }, people.cw1.token);
  await t.gql.ok(ACCEPT, { id: toPolice.createReferral.id }, people.pd1.token);
  await t.gql.ok(COMPLETE, { id: toPolice.createReferral.id, outcome: SECRET.outcome }, people.pd1.token);
  const toShelter = await t.gql.ok(CREATE_REFERRAL, {
    input: { caseId: K.id, toAgencyId: agencies.SH.id, serviceType: 'EMERGENCY_SHELTER', urgency: 'EMERGENCY', scopes: ['LOCATION'], reason: SECRET.referralReason, emergencyJustification: SECRET.justification },
  }, people.cw1.token);
  await t.gql.ok(DECLINE, { id: toShelter.createReferral.id, note: SECRET.declineNote }, people.shSup.token);

  const other = await t.world.agency('CHILD_WELFARE' as never, agencies.CW.jurisdictionId);
  const otherSup = await t.world.user(Role.SUPERVISOR, other.id);
  const handoff = await t.gql.ok(REQUEST_HANDOFF, { input: { caseId: K.id, toAgencyId: other.id, reason: SECRET.handoffReason } }, people.cw1.token);
  await t.gql.ok(DECLINE_HANDOFF, { id: handoff.requestHandoff.id, reason: SECRET.handoffDecline }, await t.signIn(otherSup));

  const episode = await t.gql.ok(RECORD_EPISODE, { input: { caseId: K.id, missingSince: now, learnedAt: now } }, people.cw1.token);
  await t.gql.ok(RECORD_REPORT, { input: { episodeId: episode.recordMissingEpisode.id, reportedTo: 'NCMEC', reportedAt: now, reportNumber: SECRET.ncmec } }, people.cw1.token);
  await t.gql.ok(SET_FLAG, { caseId: K.id }, people.cw1.token);
  await t.gql.ok(VICTIM_REPORT, { input: { caseId: K.id, reportedAt: now, reportNumber: SECRET.victim } }, people.cw1.token);
  return cast;
}

/** Each row of the case-text tables of case `caseId`, as PostgreSQL prints it. */
async function rawRows(t: TestApp, caseId: string): Promise<string[]> {
  const rows: { table: string; raw: string }[] = await t.db.query(
    `SELECT 'note' AS table, x::text AS raw FROM note x WHERE case_id = $1
     UNION ALL SELECT 'referral', x::text FROM referral x WHERE case_id = $1
     UNION ALL SELECT 'handoff', x::text FROM handoff x WHERE case_id = $1
     UNION ALL SELECT 'missing_report', x::text FROM missing_report x JOIN missing_episode e ON e.id = x.episode_id WHERE e.case_id = $1
     UNION ALL SELECT 'victim_report', x::text FROM victim_report x WHERE case_id = $1`,
    [caseId],
  );
  return rows.map((row) => `${row.table} ${row.raw}`);
}

function expectNoSecrets(texts: string[]): void {
  // The name is looked for with the space beside it in every secret: four letters alone turn up in
  // base64 ciphertext now and then, a space never does.
  for (const text of texts) {
    expect(text).not.toMatch(/\sVell|Vell\s|trap house|NCMEC-7741902|PD-VICTIM-55120/);
  }
}

describe('case free text is sealed at rest', () => {
  let t: TestApp;
  // The schema's owner, who alone may rewrite a note's sealed text (the application role may not).
  let owner: Client;
  beforeAll(async () => {
    t = await createTestApp();
    owner = new Client({ connectionString: t.config.values.DATABASE_URL });
    await owner.connect();
  });
  afterAll(async () => {
    await owner.end();
    await t.close();
  });

  it('stores note bodies, report numbers and referral and handoff text sealed: PostgreSQL holds no plaintext, the API reads them back', async () => {
    const { K, people } = await writeCaseText(t);
    const raw = await rawRows(t, K.id);
    expect(raw.filter((row) => row.startsWith('note '))).toHaveLength(3);
    expect(raw.filter((row) => row.startsWith('referral '))).toHaveLength(2);
    expect(raw.some((row) => row.startsWith('missing_report ')) && raw.some((row) => row.startsWith('victim_report '))).toBe(true);
    expectNoSecrets(raw);
    // No plaintext column is left beside the sealed ones.
    const columns = await columnsOf(t);
    for (const plain of ['note.body', 'referral.reason', 'referral.emergency_justification', 'referral.status_note', 'referral.outcome', 'handoff.reason', 'handoff.status_note', 'missing_report.report_number', 'victim_report.report_number']) {
      expect(columns).not.toContain(plain);
      expect(columns).toContain(`${plain}_sealed`);
    }

    const lead = await t.gql.ok(READ_BACK, { id: K.id }, people.cw1.token);
    expect(lead.case.notes.edges.map((e: { node: { body: string } }) => e.node.body).sort()).toEqual([SECRET.general, SECRET.investigation].sort());
    expect(lead.case.referrals.map((r: { reason: string }) => r.reason)).toEqual([SECRET.referralReason, SECRET.referralReason]);
    expect(lead.case.referrals.map((r: { statusNote: string | null }) => r.statusNote).sort()).toEqual([SECRET.declineNote, null].sort());
    expect(lead.case.referrals.map((r: { outcome: string | null }) => r.outcome)).toContain(SECRET.outcome);
    expect(lead.case.missingEpisodes[0].reports).toEqual([{ reportedTo: 'NCMEC', reportNumber: SECRET.ncmec }]);
    const clinical = await t.gql.ok(NOTES, { id: K.id }, people.co1.token);
    expect(clinical.case.notes.edges.map((e: { node: { body: string } }) => e.node.body)).toContain(SECRET.clinical);
    const handoffs = await t.gql.ok(HANDOFFS, {}, people.cw1.token);
    expect(handoffs.handoffs.edges[0].node).toMatchObject({ reason: SECRET.handoffReason, statusNote: SECRET.handoffDecline });
  });

  it('binds each sealed value to its row and field: a value moved to another row or field does not open', async () => {
    const { K, people } = await writeCaseText(t);
    const cipher = t.app.get(PiiCipher);
    const notes: { id: string; body_sealed: string }[] = await t.db.query(`SELECT id, body_sealed FROM note WHERE case_id = $1 ORDER BY created_at`, [K.id]);
    const [first, second] = notes as [(typeof notes)[0], (typeof notes)[0]];
    const body = CASE_SEALED_TEXT.find((table) => table.table === 'note')!.columns.body_sealed!;
    expect(cipher.decrypt(first.body_sealed, body(first.id))).toBe(SECRET.investigation);
    expect(() => cipher.decrypt(first.body_sealed, body(second.id))).toThrow(PiiDecryptionError);

    const referrals = REFERRAL_SEALED_TEXT.find((table) => table.table === 'referral')!.columns;
    const [completed]: { id: string; reason_sealed: string; outcome_sealed: string }[] = await t.db.query(`SELECT id, reason_sealed, outcome_sealed FROM referral WHERE case_id = $1 AND status = 'COMPLETED'`, [K.id]);
    expect(cipher.decrypt(completed!.outcome_sealed, referrals.outcome_sealed!(completed!.id))).toBe(SECRET.outcome);
    expect(() => cipher.decrypt(completed!.reason_sealed, referrals.outcome_sealed!(completed!.id))).toThrow(PiiDecryptionError);

    // Moved in the database (by someone with write access but no key), the value is refused, never shown elsewhere.
    await owner.query(`UPDATE note SET body_sealed = $2 WHERE id = $1`, [second.id, first.body_sealed]);
    const moved = await t.gql.query(NOTES, { id: K.id }, people.cw1.token);
    expect(moved.errors[0]?.extensions?.code).toBe('INTERNAL');
    expect(JSON.stringify(moved)).not.toContain('Vell');
    await t.db.query(`UPDATE referral SET reason_sealed = outcome_sealed WHERE id = $1`, [completed!.id]);
    const swapped = await t.gql.query(READ_BACK, { id: K.id }, people.cw1.token);
    expect(swapped.errors[0]?.extensions?.code).toBe('INTERNAL');
    expect(JSON.stringify(swapped)).not.toContain('away from Vell');
  });

  it('keeps notes append-only: only their sealed text may be rewritten (by key rotation), nothing else', async () => {
    const { K } = await writeCaseText(t);
    const [investigation] = await t.db.query(`SELECT id FROM note WHERE case_id = $1 AND category = 'INVESTIGATION'`, [K.id]);
    await expect(owner.query(`UPDATE note SET body_sealed = body_sealed WHERE id = $1`, [investigation.id])).resolves.toBeDefined();
    await expect(owner.query(`UPDATE note SET category = 'GENERAL', body_sealed = body_sealed WHERE id = $1`, [investigation.id])).rejects.toThrow(/append-only/);
    await expect(owner.query(`UPDATE note SET category = 'GENERAL' WHERE id = $1`, [investigation.id])).rejects.toThrow(/append-only/);
    await expect(owner.query(`DELETE FROM note WHERE id = $1`, [investigation.id])).rejects.toThrow(/append-only/);
    // The application role may not even re-seal.
    await expect(t.db.query(`UPDATE note SET body_sealed = body_sealed WHERE id = $1`, [investigation.id])).rejects.toThrow(/permission denied/);
    await expect(t.db.query(`DELETE FROM note WHERE id = $1`, [investigation.id])).rejects.toThrow(/permission denied/);
  });

  it('keys:rotate re-seals notes, report numbers and referral and handoff text with the new key; they read with it alone', async () => {
    const oldKey = `old${randomBytes(2).toString('hex')}:${randomBytes(32).toString('base64')}`;
    const newKey = `new${randomBytes(2).toString('hex')}:${randomBytes(32).toString('base64')}`;
    const oldId = oldKey.split(':')[0]!;
    const newId = newKey.split(':')[0]!;
    const keyIds = async (app: TestApp, caseId: string) =>
      new Set((await rawRows(app, caseId)).flatMap((row) => [...row.matchAll(/v1\.([A-Za-z0-9_-]+)\./g)].map((match) => match[1])));

    const before = await createTestApp({ PII_ENCRYPTION_KEY: oldKey });
    let caseId: string;
    let token: string;
    try {
      const cast = await writeCaseText(before);
      caseId = cast.K.id;
      token = cast.people.cw1.token;
      expect(await keyIds(before, caseId)).toEqual(new Set([oldId]));
    } finally {
      await before.close();
    }

    const rotating = await createTestApp({ PII_ENCRYPTION_KEY: `${newKey},${oldKey}` });
    try {
      // Other suites share this database under the development key: rotate away from the old key only.
      const counts = await rotateKeys(rotating.app, [oldId]);
      for (const table of TABLES) expect(counts[table]).toBeGreaterThanOrEqual(1);
      expect(counts.child).toBeGreaterThanOrEqual(1);
      expect(await keyIds(rotating, caseId)).toEqual(new Set([newId]));
      expectNoSecrets(await rawRows(rotating, caseId));
      // Nothing is left to do: a second run re-seals nothing.
      expect(Object.values(await rotateKeys(rotating.app, [oldId])).every((n) => n === 0)).toBe(true);
    } finally {
      await rotating.close();
    }

    const after = await createTestApp({ PII_ENCRYPTION_KEY: newKey });
    try {
      const seen = await after.gql.ok(READ_BACK, { id: caseId }, token);
      expect(seen.case.notes.edges.map((e: { node: { body: string } }) => e.node.body)).toContain(SECRET.investigation);
      expect(seen.case.referrals.map((r: { outcome: string | null }) => r.outcome)).toContain(SECRET.outcome);
      expect(seen.case.missingEpisodes[0].reports[0].reportNumber).toBe(SECRET.ncmec);
    } finally {
      await after.close();
    }
  });

  it('opens the text of a read together: a case read with 2 notes and one with 23 take the same statements', async () => {
    const small = await writeCaseText(t);
    const large = await writeCaseText(t);
    for (let i = 0; i < 21; i += 1) await t.gql.ok(ADD_NOTE, { input: { caseId: large.K.id, category: 'GENERAL', body: `Visit ${i}: talked with Vell's neighbour` } }, large.people.cw1.token);
    const spy = jest.spyOn(Client.prototype, 'query');
    const statements = async (caseId: string, token: string, notes: number): Promise<number> => {
      spy.mockClear();
      const seen = await t.gql.ok(READ_BACK, { id: caseId }, token);
      expect(seen.case.notes.edges).toHaveLength(notes);
      expect(seen.case.referrals).toHaveLength(2);
      return spy.mock.calls.length;
    };
    try {
      // The app's background work (the outbox relay after the writes above) can land inside one read's
      // count and only ever adds to it: the fewest of a few reads is the read's own.
      let few = Infinity;
      let many = Infinity;
      for (let round = 0; round < 3; round += 1) {
        few = Math.min(few, await statements(small.K.id, small.people.cw1.token, 2));
        many = Math.min(many, await statements(large.K.id, large.people.cw1.token, 23));
      }
      console.log(`SQL statements: case with notes, referrals and reports = ${few} (2 notes) and ${many} (23 notes)`);
      expect(few).toBeGreaterThan(0);
      expect(many).toBe(few);
    } finally {
      spy.mockRestore();
    }
  });

  it('rotation covers every sealed column of the schema', async () => {
    const rows: { name: string }[] = await t.db.query(
      `SELECT table_name || '.' || column_name AS name FROM information_schema.columns
        WHERE table_schema = current_schema() AND column_name LIKE '%\\_sealed' ORDER BY 1`,
    );
    const covered = SEALED_TEXT.flatMap((table) => Object.keys(table.columns).map((column) => `${table.table}.${column}`));
    // The child is rotated with its key_id column by CasesService.
    const elsewhere = ['child.identity_sealed', 'child.location_sealed'];
    expect(rows.map((row) => row.name).sort()).toEqual([...covered, ...elsewhere].sort());
  });
});

describe('the migration that seals case free text', () => {
  it('seals rows written in plaintext before it, with the key of the migrate command, and drops the plaintext columns', async () => {
    const env = await isolatedDatabase('sealing');
    const config = AppConfig.fromEnv({ ...process.env, ...env });
    const cipher = new PiiCipher(config);
    const sealing = MIGRATIONS.find((migration) => migration.name === 'SealCaseText1764720000000')!;
    expect(sealing).toBeDefined();
    const dataSource = createDataSource(config, 'test', true);
    await dataSource.initialize();
    try {
      // Back to the schema before the migration, with a database that already holds case text.
      const runner = dataSource.createQueryRunner();
      runner.data = { sealer: cipher };
      await new sealing().down(runner);
      await runner.release();
      await dataSource.query(`DELETE FROM schema_migration WHERE name = 'SealCaseText1764720000000'`);
      const t = await createTestApp(env);
      let caseId: string;
      try {
        const [ids] = await t.db.query(`SELECT gen_random_uuid() AS note, gen_random_uuid() AS referral`);
        const { K, agencies, people } = await policyCast(t);
        caseId = K.id;
        await t.db.query(`INSERT INTO note (id, case_id, author_id, agency_id, category, body) VALUES ($1, $2, $3, $4, 'INVESTIGATION', $5)`, [ids.note, K.id, people.cw1.id, agencies.CW.id, SECRET.investigation]);
        await t.db.query(
          `INSERT INTO referral (id, case_id, from_agency_id, to_agency_id, sent_by, service_type, urgency, consent_required, reason, status, response_due_at, outcome)
           VALUES ($1, $2, $3, $4, $5, 'INVESTIGATION', 'URGENT', false, $6, 'COMPLETED', now(), $7)`,
          [ids.referral, K.id, agencies.CW.id, agencies.PD.id, people.cw1.id, SECRET.referralReason, SECRET.outcome],
        );
      } finally {
        await t.close();
      }

      // Without the key the migration refuses and changes nothing.
      await expect(runMigrations(config)).rejects.toThrow(/PII_ENCRYPTION_KEY/);
      const [plain] = await dataSource.query(`SELECT body FROM note WHERE case_id = $1`, [caseId]);
      expect(plain.body).toBe(SECRET.investigation);

      expect(await runMigrations(config, cipher)).toEqual(['SealCaseText1764720000000']);
      const [note] = await dataSource.query(`SELECT n.*, n::text AS raw FROM note n WHERE case_id = $1`, [caseId]);
      expect(note.body).toBeUndefined();
      expect(note.raw).not.toContain(' Vell');
      expect(cipher.decrypt(note.body_sealed, `note:${note.id}:body`)).toBe(SECRET.investigation);
      const [referral] = await dataSource.query(`SELECT r.*, r::text AS raw FROM referral r WHERE case_id = $1`, [caseId]);
      expect(referral.reason).toBeUndefined();
      expect(referral.raw).not.toContain(' Vell');
      expect(referral.status_note_sealed).toBeNull();

      const t2 = await createTestApp(env);
      try {
        const cw = await t2.world.user(Role.STAFF, referral.from_agency_id);
        await t2.db.query(`INSERT INTO assignment (case_id, user_id, agency_id, role) VALUES ($1, $2, $3, 'SECONDARY')`, [caseId, cw.id, cw.agencyId]);
        const seen = await t2.gql.ok(READ_BACK, { id: caseId }, await t2.signIn(cw));
        expect(seen.case.notes.edges[0].node.body).toBe(SECRET.investigation);
        expect(seen.case.referrals[0]).toMatchObject({ reason: SECRET.referralReason, outcome: SECRET.outcome, statusNote: null });
      } finally {
        await t2.close();
      }
    } finally {
      await dataSource.destroy();
    }
  }, 120_000);
});
