import { Client } from 'pg';
import { createTestApp, TestApp } from './support/test-app';
import { ADD_NOTE, BREAK_GLASS, CASE, policyCast, RECORD_CONSENT, REVOKE_CONSENT } from './support/case-fixtures';

const CREATE = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`;
const ACCEPT = `mutation($id: ID!) { acceptReferral(id: $id) { id } }`;
const INCOMING = `{ referrals(direction: INCOMING, first: 50) { edges { node { id caseId reason } } } }`;
const OUTGOING = `{ referrals(direction: OUTGOING, first: 50) { edges { node { id caseId reason } } } }`;

describe('access regressions found in review', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('referral lists hold only referrals of cases the viewer sees, and reasons need SERVICES', async () => {
    const { K, agencies, people } = await policyCast(t);
    const sent = await t.gql.ok(CREATE, { input: { caseId: K.id, toAgencyId: agencies.PD.id, serviceType: 'INVESTIGATION', urgency: 'URGENT', scopes: ['IDENTITY'], reason: 'sensitive reason' } }, people.cw1.token);
    await t.gql.ok(ACCEPT, { id: sent.createReferral.id }, people.pd1.token);
    const ids = async (query: string, token: string) => (await t.gql.ok(query, {}, token)).referrals.edges.map((e: { node: { id: string } }) => e.node.id);
    // cw2 (CW staff, not assigned) and an unassigned PD colleague do not see K: nor its referrals.
    expect(await ids(OUTGOING, people.cw2.token)).not.toContain(sent.createReferral.id);
    const pdColleague = await t.world.user('STAFF' as never, agencies.PD.id);
    expect(await ids(INCOMING, await t.signIn(pdColleague))).not.toContain(sent.createReferral.id);
    expect(await t.gql.code(`query($id: ID!) { referral(id: $id) { id } }`, { id: sent.createReferral.id }, people.cw2.token)).toBe('NOT_FOUND');
    // The sender (lead, SERVICES) reads the reason; the police partner (no SERVICES) does not.
    const senderView = (await t.gql.ok(OUTGOING, {}, people.cw1.token)).referrals.edges.find((e: { node: { id: string } }) => e.node.id === sent.createReferral.id);
    expect(senderView.node.reason).toBe('sensitive reason');
    const partnerView = (await t.gql.ok(INCOMING, {}, people.pd1.token)).referrals.edges.find((e: { node: { id: string } }) => e.node.id === sent.createReferral.id);
    expect(partnerView.node.reason).toBeNull();
  });

  it('a consent-based referral accepted after an emergency one keeps its scopes consent-based', async () => {
    const { K, agencies, people } = await policyCast(t);
    const emergency = await t.gql.ok(CREATE, {
      input: { caseId: K.id, toAgencyId: agencies.SH.id, serviceType: 'EMERGENCY_SHELTER', urgency: 'EMERGENCY', scopes: ['LOCATION'], reason: 'bed', emergencyJustification: 'Child alone at night, guardian unreachable' },
    }, people.cw1.token);
    await t.gql.ok(ACCEPT, { id: emergency.createReferral.id }, people.sh1.token);
    const consent = await t.gql.ok(RECORD_CONSENT, { input: { caseId: K.id, grantedBy: 'GUARDIAN', scopes: ['IDENTITY'], agencyIds: [agencies.SH.id], purpose: 'housing' } }, people.cw1.token);
    const housing = await t.gql.ok(CREATE, { input: { caseId: K.id, toAgencyId: agencies.SH.id, serviceType: 'HOUSING', urgency: 'ROUTINE', scopes: ['IDENTITY'], reason: 'housing' } }, people.cw1.token);
    await t.gql.ok(ACCEPT, { id: housing.createReferral.id }, people.sh1.token);
    await t.gql.ok(REVOKE_CONSENT, { id: consent.recordConsent.id }, people.cw1.token);
    const after = await t.gql.query(CASE, { id: K.id }, people.sh1.token);
    expect(after.data!.case.child.legalName).toBeNull();
    expect(after.extensions.redacted).toContain('case.child.legalName');
  });

  it('a break-glass or inbox viewer cannot write notes; an agency administrator cannot break glass', async () => {
    const { K, people } = await policyCast(t);
    await t.gql.ok(BREAK_GLASS, { caseId: K.id, j: 'Officer with the child at a traffic stop' }, people.pd1.token);
    expect(await t.gql.code(ADD_NOTE, { input: { caseId: K.id, category: 'INVESTIGATION', body: 'x' } }, people.pd1.token)).toBe('FORBIDDEN');
    expect(await t.world.count('note', 'case_id = $1', [K.id])).toBe(0);
    const pdAdmin = await t.world.user('AGENCY_ADMIN' as never, people.pd1.agencyId);
    expect(await t.gql.code(BREAK_GLASS, { caseId: K.id, j: 'Officer with the child at a traffic stop' }, await t.signIn(pdAdmin))).toBe('NOT_FOUND');
    expect(await t.world.count('access_grant', 'case_id = $1 AND user_id = $2', [K.id, pdAdmin.id])).toBe(0);
  });

  it('consents are read by the lead agency only', async () => {
    const { K, agencies, people } = await policyCast(t);
    await t.gql.ok(RECORD_CONSENT, { input: { caseId: K.id, grantedBy: 'COURT', scopes: ['SERVICES'], agencyTypes: ['SHELTER'], purpose: 'court order 12' } }, people.cw1.token);
    await t.db.query(`INSERT INTO membership (case_id, agency_id, role, scopes, granted_via, consent_scopes) VALUES ($1, $2, 'PARTNER', '{}', 'SHARE', '{}')`, [K.id, agencies.SH.id]);
    const CONSENTS = `query($id: ID!) { case(id: $id) { consents { purpose } } }`;
    expect((await t.gql.ok(CONSENTS, { id: K.id }, people.cw1.token)).case.consents).toEqual([{ purpose: 'court order 12' }]);
    const partner = await t.gql.query(CONSENTS, { id: K.id }, people.shSup.token);
    expect(partner.data!.case.consents).toEqual([]);
    expect(partner.extensions.redacted).toEqual(['case.consents']);
  });
  it('a change that waits for the case lock is judged on the facts after the lock: a lead moved meanwhile is not still the lead', async () => {
    const { K, agencies, people } = await policyCast(t);
    // Another session moves the lead to the shelter (as an accepted handoff does) and holds the case row.
    const other = t.db.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    try {
      await other.query(`UPDATE case_file SET lead_agency_id = $2, version = version + 1 WHERE id = $1`, [K.id, agencies.SH.id]);
      await other.query(`UPDATE membership SET role = 'PARTNER', scopes = '{SERVICES}', consent_scopes = '{}' WHERE case_id = $1 AND agency_id = $2 AND active`, [K.id, agencies.CW.id]);
      await other.query(
        `INSERT INTO membership (case_id, agency_id, role, scopes, granted_via, consent_scopes) VALUES ($1, $2, 'LEAD', '{SUMMARY,IDENTITY,LOCATION,SERVICES,INVESTIGATION}', 'HANDOFF', '{}')
         ON CONFLICT (case_id, agency_id) WHERE active DO UPDATE SET role = 'LEAD', scopes = EXCLUDED.scopes, consent_scopes = '{}'`,
        [K.id, agencies.SH.id],
      );
      // The former lead's caseworker shares the child's identity with the police while the move is under way.
      const pending = t.gql.query(CREATE, { input: { caseId: K.id, toAgencyId: agencies.PD.id, serviceType: 'INVESTIGATION', urgency: 'URGENT', scopes: ['IDENTITY'], reason: 'report' } }, people.cw1.token);
      // Sessions' waits are visible to the database owner, not to the application's role.
      const owner = new Client({ connectionString: process.env.DATABASE_URL });
      await owner.connect();
      const started = Date.now();
      for (;;) {
        const { rows: [{ waiting }] } = await owner.query(`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
        if (waiting > 0) break;
        if (Date.now() - started > 10_000) throw new Error('createReferral never waited for the case lock');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await owner.end();
      await other.commitTransaction();
      const answer = await pending;
      // Child welfare is now a partner holding SERVICES only: it cannot share IDENTITY.
      expect(answer.errors.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      const [{ sent }] = await t.db.query(`SELECT count(*)::int AS sent FROM referral WHERE case_id = $1 AND to_agency_id = $2`, [K.id, agencies.PD.id]);
      expect(sent).toBe(0);
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
    }
  });
});
