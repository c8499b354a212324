import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { CliModule } from '@apps/cli/cli.module';
import { DemoSeedService } from '@apps/cli/demo/demo-seed.service';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '@apps/cli/demo/demo-identity';
import { AppConfig } from '@tandem/platform';
import { createTestApp, TestApp } from './support/test-app';
import { isolatedDatabase } from './support/test-database';

// Count only the demo data set's rows (the database holds the bootstrap administrator too).
const DEMO_CASES = `case_id IN (SELECT c.id FROM case_file c JOIN app_user u ON u.id = c.created_by WHERE u.email LIKE '%.tandem.demo')`;
const DEMO_ROWS: Record<string, string> = {
  jurisdiction: `code IN ('STL','ATL','DET','MIA')`,
  agency: `jurisdiction_id IN (SELECT id FROM jurisdiction WHERE code IN ('STL','ATL','DET','MIA'))`,
  app_user: `email LIKE '%.tandem.demo'`,
  case_file: `created_by IN (SELECT id FROM app_user WHERE email LIKE '%.tandem.demo')`,
  membership: DEMO_CASES,
  assignment: DEMO_CASES,
  note: DEMO_CASES,
  consent: DEMO_CASES,
  referral: DEMO_CASES,
  handoff: DEMO_CASES,
  screening: DEMO_CASES,
  screening_instrument: 'true',
  tip: `jurisdiction_id IN (SELECT id FROM jurisdiction WHERE code IN ('STL','ATL','DET','MIA'))`,
};
// The demo directory, in this suite's own database.
const DIRECTORY_TABLES = ['organization', 'service', 'location', 'service_at_location', 'service_capacity', 'capacity_history'];
// The warning-signs education, in this suite's own database.
const EDUCATION_TABLES = ['item', 'item_text'];

describe('the demo data set', () => {
  let t: TestApp;
  let env: Record<string, string>;
  beforeAll(async () => {
    // A database of its own: the overdue referrals of the demo are due, and a worker that another
    // suite runs on the shared database (outbox) would expire them with its sweep, at boot and
    // every minute, while this suite seeds or counts (one of two seen overdue, or none).
    env = await isolatedDatabase('demo');
    t = await createTestApp(env);
  }, 120_000);
  afterAll(() => t.close());

  const counts = async () => {
    const result: Record<string, number> = {};
    for (const [table, where] of Object.entries(DEMO_ROWS)) result[table] = await t.world.count(table, where);
    for (const table of DIRECTORY_TABLES) result[`directory.${table}`] = (await t.db.query(`SELECT count(*)::int AS n FROM directory.${table}`))[0].n;
    for (const table of EDUCATION_TABLES) result[`education.${table}`] = (await t.db.query(`SELECT count(*)::int AS n FROM education.${table}`))[0].n;
    return result;
  };

  it('loads four jurisdictions, every agency type and role, cases, referrals and handoffs in every state; a second run changes nothing', async () => {
    const cli = await NestFactory.createApplicationContext(CliModule.forRoot(AppConfig.fromEnv({ ...process.env, ...env })), { logger: false });
    try {
      const first = await cli.get(DemoSeedService).seed();
      expect(first.created).toBeGreaterThan(150);
      const after = await counts();
      const again = await cli.get(DemoSeedService).seed();
      expect(again.created).toBe(0);
      expect(await counts()).toEqual(after);
    } finally {
      await cli.close();
    }
    const [places] = await t.db.query(`SELECT count(*)::int AS n FROM jurisdiction WHERE code IN ('STL','ATL','DET','MIA')`);
    expect(places.n).toBe(4);
    const [types] = await t.db.query(`SELECT count(DISTINCT a.type)::int AS types, count(DISTINCT u.role)::int AS roles FROM agency a JOIN app_user u ON u.agency_id = a.id JOIN jurisdiction j ON j.id = a.jurisdiction_id WHERE j.code = 'STL'`);
    expect(types).toEqual({ types: 7, roles: 3 });
    // The police, prosecutors, supervisors, admins and auditors have the printed second factor; caseworkers do not.
    const enrolled = async (email: string) =>
      t.world.count('user_mfa', `confirmed_at IS NOT NULL AND user_id = (SELECT id FROM app_user WHERE email = $1)`, [email]);
    expect(await enrolled('pd.staff1@stl.tandem.demo')).toBe(1);
    expect(await enrolled('da.staff2@mia.tandem.demo')).toBe(1);
    expect(await enrolled('cw.supervisor@stl.tandem.demo')).toBe(1);
    expect(await enrolled('cw.staff1@stl.tandem.demo')).toBe(0);
    expect(await t.world.count('app_user', `email = 'auditor@stl.tandem.demo' AND role = 'AUDITOR'`)).toBe(1);
    const referralStates = (await t.db.query(`SELECT DISTINCT r.status FROM referral r JOIN app_user u ON u.id = r.sent_by WHERE u.email LIKE '%.tandem.demo' ORDER BY 1`)).map((row: { status: string }) => row.status);
    expect(referralStates).toEqual(['ACCEPTED', 'CANCELLED', 'COMPLETED', 'DECLINED', 'EXPIRED', 'FAILED', 'IN_PROGRESS', 'REQUESTED']);
    const handoffStates = (await t.db.query(`SELECT DISTINCT h.status FROM handoff h JOIN app_user u ON u.id = h.requested_by WHERE u.email LIKE '%.tandem.demo' ORDER BY 1`)).map((row: { status: string }) => row.status);
    expect(handoffStates).toEqual(['ACCEPTED', 'CANCELLED', 'DECLINED', 'EXPIRED', 'REQUESTED']);
    const categories = (await t.db.query(`SELECT DISTINCT n.category FROM note n JOIN app_user u ON u.id = n.author_id WHERE u.email LIKE '%.tandem.demo' ORDER BY 1`)).map((row: { category: string }) => row.category);
    expect(categories).toEqual(['CLINICAL', 'GENERAL', 'INVESTIGATION']);
    // The demo directory: every kind of service in each jurisdiction, linked to its agencies, some sites confidential, one shelter full.
    const directory = await t.db.query(
      `SELECT j.code, count(DISTINCT s.service_type)::int AS types, count(DISTINCT o.agency_id)::int AS agencies, bool_or(l.confidential) AS confidential
         FROM directory.service s JOIN directory.organization o ON o.id = s.organization_id JOIN jurisdiction j ON j.id = s.jurisdiction_id
         JOIN directory.service_at_location sl ON sl.service_id = s.id JOIN directory.location l ON l.id = sl.location_id
        GROUP BY j.code ORDER BY j.code`,
    );
    expect(directory).toEqual(['ATL', 'DET', 'MIA', 'STL'].map((code) => ({ code, types: 6, agencies: 4, confidential: true })));
    const full = await t.db.query(
      `SELECT s.id FROM directory.service_capacity c JOIN directory.service s ON s.id = c.service_id WHERE s.service_type = 'EMERGENCY_SHELTER' AND c.available = 0`,
    );
    expect(full).toEqual([{ id: 'det-shelter-girls' }]);
    // A published statistics release of the demo's quarter, readable without an account.
    const releases = await t.db.query(
      `SELECT r.kind, jsonb_array_length(r.body->'tables') AS tables FROM statistics.release r JOIN app_user u ON u.id = r.made_by WHERE u.email = 'cw.supervisor@stl.tandem.demo'`,
    );
    expect(releases).toEqual([{ kind: 'MANUAL', tables: 16 }]);
    const published = await t.gql.ok(`{ publishedStatistics(first: 1) { edges { node { kind tables { measure total { value suppressed } } } } } }`);
    expect(published.publishedStatistics.edges[0].node.tables.length).toBe(16);
    // Bed counts are as fresh as the first load, not as old as the package.
    const [fresh] = await t.db.query(`SELECT bool_and(updated > now() - interval '1 hour') AS fresh, count(*)::int AS n FROM directory.service_capacity`);
    expect(fresh).toEqual({ fresh: true, n: 16 });
    // A St. Louis caseworker looking for a bed tonight for a 15-year-old girl finds the open shelters with a bed, Detroit's full safe house not among them.
    const caseworker = await t.signIn({ email: 'cw.staff1@stl.tandem.demo', password: DEMO_PASSWORD, totpSecret: DEMO_TOTP_SECRET });
    const beds = await t.gql.ok(
      `{ resources(first: 50, filter: { serviceType: EMERGENCY_SHELTER, hasCapacity: true, openNow: true, age: 15, sex: FEMALE }) { edges { node { id capacity { available } } } } }`,
      {},
      caseworker,
    );
    expect(beds.resources.edges.map((edge: { node: { id: string } }) => edge.node.id).sort()).toEqual(
      ['atl-shelter-girls', 'atl-shelter-youth', 'det-shelter-youth', 'mia-shelter-girls', 'mia-shelter-youth', 'stl-shelter-girls', 'stl-shelter-youth'].map((id) => `${id}-at-site`),
    );
    // The README's own walk-through of it, as written there: the St. Louis shelters with a bed for her, near the city.
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const walkThrough = /### A caseworker finds a bed tonight[\s\S]*?```graphql\n([\s\S]*?)```/.exec(readme);
    expect(walkThrough).not.toBeNull();
    const near = await t.gql.ok(walkThrough![1]!, {}, caseworker);
    expect(near.resources.edges.map((edge: { node: { id: string } }) => edge.node.id).sort()).toEqual(['stl-shelter-girls-at-site', 'stl-shelter-youth-at-site']);
    expect(near.resources.edges.every((edge: { node: { capacity: { available: number }[] } }) => edge.node.capacity[0]!.available > 0)).toBe(true);
    // A missing child with clocks running, and an overdue referral for the first sweep to expire.
    const clocks = await t.db.query(
      `SELECT d.kind, d.status, d.due_at < now() AS overdue FROM deadline d JOIN case_file c ON c.id = d.case_id JOIN app_user u ON u.id = c.created_by
        WHERE u.email LIKE '%.tandem.demo' AND d.kind IN ('MISSING_REPORT_NCMEC', 'MISSING_REPORT_LE', 'NCIC_ENTRY', 'REFERRAL_RESPONSE') AND d.status = 'PENDING'`,
    );
    const pending = (kind: string) => clocks.filter((row: { kind: string }) => row.kind === kind);
    expect(pending('MISSING_REPORT_NCMEC')).toEqual([{ kind: 'MISSING_REPORT_NCMEC', status: 'PENDING', overdue: false }]);
    expect(pending('NCIC_ENTRY')).toEqual([{ kind: 'NCIC_ENTRY', status: 'PENDING', overdue: false }]);
    expect(pending('MISSING_REPORT_LE')).toEqual([]);
    expect(pending('REFERRAL_RESPONSE').filter((row: { overdue: boolean }) => row.overdue).length).toBe(2);
    // Screened cases in each jurisdiction: a positive one whose follow-up is due, one whose referral met it, a negative one.
    const screened = await t.db.query(
      `SELECT j.code, s.outcome, c.flags, d.status AS follow_up FROM screening s JOIN case_file c ON c.id = s.case_id JOIN jurisdiction j ON j.id = c.jurisdiction_id
         LEFT JOIN deadline d ON d.subject_id = s.id AND d.kind = 'SCREENING_FOLLOW_UP' WHERE s.instrument_id = 'practice-screen' ORDER BY j.code, s.outcome, d.status`,
    );
    for (const code of ['ATL', 'DET', 'MIA', 'STL']) {
      expect(screened.filter((row: { code: string }) => row.code === code).map((row: { outcome: string; follow_up: string | null }) => `${row.outcome} ${row.follow_up}`)).toEqual([
        'NEGATIVE null',
        'POSITIVE MET',
        'POSITIVE PENDING',
      ]);
    }
    // Tips in every state of their triage; a St. Louis liaison's queue starts with the child in danger now (shown beside its duplicate), then the oldest.
    const tipStates = (await t.db.query(`SELECT DISTINCT status FROM tip ORDER BY 1`)).map((row: { status: string }) => row.status);
    expect(tipStates).toEqual(['LINKED', 'NEW', 'NO_ACTION', 'REFERRED', 'UNDER_REVIEW']);
    const liaison = await t.signIn({ email: 'pd.staff1@stl.tandem.demo', password: DEMO_PASSWORD, totpSecret: DEMO_TOTP_SECRET });
    const queue = await t.gql.ok(`{ tips(first: 10) { edges { node { status childInDangerNow possibleDuplicates { reference } } } } }`, {}, liaison);
    expect(queue.tips.edges.map((edge: { node: { status: string; childInDangerNow: boolean; possibleDuplicates: unknown[] } }) => [edge.node.status, edge.node.childInDangerNow, edge.node.possibleDuplicates.length])).toEqual([
      ['NEW', true, 1],
      ['UNDER_REVIEW', false, 0],
      ['NEW', false, 1],
    ]);
    const atlanta = await t.signIn({ email: 'pd.staff1@atl.tandem.demo', password: DEMO_PASSWORD, totpSecret: DEMO_TOTP_SECRET });
    expect((await t.gql.ok(`{ tips(first: 10, filter: { status: [REFERRED] }) { edges { node { status } } } }`, {}, atlanta)).tips.edges).toHaveLength(1);
    // Warning signs, guides and steps for every audience in both languages, and each police department's local addition (St. Louis's earlier one retracted).
    const education = await t.db.query(
      `SELECT a.audience, count(DISTINCT i.kind)::int AS kinds, array_agg(DISTINCT x.language ORDER BY x.language) AS languages
         FROM education.item i CROSS JOIN LATERAL unnest(i.audiences) AS a(audience) JOIN education.item_text x ON x.item_id = i.id
        WHERE i.retracted_at IS NULL GROUP BY a.audience ORDER BY a.audience`,
    );
    expect(education).toEqual(['EDUCATORS', 'HEALTHCARE', 'HOSPITALITY', 'PARENTS', 'TRANSPORT', 'YOUTH'].map((audience) => ({ audience, kinds: 3, languages: ['en', 'es'] })));
    const local = await t.db.query(
      `SELECT j.code, count(*) FILTER (WHERE i.retracted_at IS NULL)::int AS live, count(*) FILTER (WHERE i.retracted_at IS NOT NULL)::int AS retracted
         FROM education.item i JOIN agency a ON a.id = i.agency_id JOIN jurisdiction j ON j.id = a.jurisdiction_id WHERE a.type = 'LAW_ENFORCEMENT' GROUP BY j.code ORDER BY j.code`,
    );
    expect(local).toEqual([
      { code: 'ATL', live: 1, retracted: 0 },
      { code: 'DET', live: 1, retracted: 0 },
      { code: 'MIA', live: 1, retracted: 0 },
      { code: 'STL', live: 1, retracted: 1 },
    ]);
    const steps = await t.gql.ok(`{ warningSigns(audience: HOSPITALITY, language: ES) { signs { id } whatToDo { title localAgency { name } } } }`);
    expect(steps.warningSigns.whatToDo.filter((step: { localAgency: unknown }) => step.localAgency).map((step: { title: string; localAgency: { name: string } }) => step.localAgency.name).sort()).toEqual(
      ['Atlanta Police Department', 'Detroit Police Department', 'Miami-Dade Police Department', 'St. Louis Police Department'],
    );
    // Seeding twice took 3 to 7 s on a 2-core machine shared with other work; the timeout is for a busy one.
  }, 240_000);

  it('shows each demo role a different slice', async () => {
    const seen: Record<string, string[]> = {};
    for (const email of ['cw.staff1@stl.tandem.demo', 'cw.staff2@stl.tandem.demo', 'cw.supervisor@stl.tandem.demo', 'pd.staff1@stl.tandem.demo', 'sh.staff1@stl.tandem.demo', 'co.staff1@stl.tandem.demo', 'cw.staff1@atl.tandem.demo', 'auditor@stl.tandem.demo', 'cw.admin@stl.tandem.demo']) {
      const token = await t.signIn({ email, password: DEMO_PASSWORD, totpSecret: DEMO_TOTP_SECRET });
      const data = await t.gql.ok(`{ cases(first: 100) { edges { node { caseNumber } } } }`, {}, token);
      seen[email] = data.cases.edges.map((edge: { node: { caseNumber: string } }) => edge.node.caseNumber).sort();
    }
    const slices = Object.entries(seen).filter(([email]) => !email.startsWith('auditor') && !email.includes('.admin@'));
    for (const [, cases] of slices) expect(cases.length).toBeGreaterThan(0);
    expect(new Set(slices.map(([, cases]) => cases.join(','))).size).toBe(slices.length);
    expect(seen['auditor@stl.tandem.demo']).toEqual([]);
    expect(seen['cw.admin@stl.tandem.demo']).toEqual([]);
  }, 120_000);
});
