import { ADD_NOTE, BREAK_GLASS, CASE, policyCast, RECORD_CONSENT, REVOKE_CONSENT } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/*
 * docs/access-policy.md, "Who sees a case", rule 5: a break-glass grant is read only. It never lets its holder change the case, add
 * notes, set flags or record consent, nor do anything else the case's own members do.
 */

const UPDATE = `mutation($id: ID!, $v: Int!, $input: UpdateCaseInput!) { updateCase(id: $id, expectedVersion: $v, input: $input) { id version } }`;
const SET_FLAG = `mutation($caseId: ID!, $flag: CaseFlag!) { setCaseFlag(caseId: $caseId, flag: $flag) { id flags } }`;
const EPISODE = `mutation($input: RecordMissingEpisodeInput!) { recordMissingEpisode(input: $input) { id } }`;
const REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`;

describe('break glass is read only (docs/access-policy.md, "Who sees a case", rule 5)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('the holder reads the case but every change is FORBIDDEN and changes nothing', async () => {
    const { K, agencies, people } = await policyCast(t);
    const { cw1, cw2, pd1 } = people;
    const consent = await t.gql.ok(RECORD_CONSENT, { input: { caseId: K.id, grantedBy: 'GUARDIAN', purpose: 'Shelter', scopes: ['IDENTITY'], agencyIds: [agencies.SH.id] } }, cw1.token);
    // An unassigned worker of the lead agency, and a police officer, break glass.
    for (const holder of [cw2, pd1]) {
      expect(await t.gql.code(CASE, { id: K.id }, holder.token)).toBe('NOT_FOUND');
      await t.gql.ok(BREAK_GLASS, { caseId: K.id, j: 'Child at the hospital now, identity needed urgently' }, holder.token);
      expect((await t.gql.ok(CASE, { id: K.id }, holder.token)).case.child.legalName).toBe('Jordan Avery Example');
    }
    const before = await t.db.query(`SELECT version, flags, risk_level FROM case_file WHERE id = $1`, [K.id]);
    const counts = async () => ({
      notes: await t.world.count('note', 'case_id = $1', [K.id]),
      consents: await t.world.count('consent', 'case_id = $1 AND revoked_at IS NULL', [K.id]),
      episodes: await t.world.count('missing_episode', 'case_id = $1', [K.id]),
      referrals: await t.world.count('referral', 'case_id = $1', [K.id]),
    });
    const countsBefore = await counts();

    const now = t.clock.now();
    const attempts: [string, string, Record<string, unknown>, typeof cw2][] = [
      ['updateCase', UPDATE, { id: K.id, v: 1, input: { riskLevel: 'LOW' } }, cw2],
      ['addNote', ADD_NOTE, { input: { caseId: K.id, category: 'GENERAL', body: 'written under break glass' } }, cw2],
      ['addNote', ADD_NOTE, { input: { caseId: K.id, category: 'GENERAL', body: 'written under break glass' } }, pd1],
      ['setCaseFlag', SET_FLAG, { caseId: K.id, flag: 'TRAFFICKING_VICTIM' }, cw2],
      ['recordConsent', RECORD_CONSENT, { input: { caseId: K.id, grantedBy: 'YOUTH', purpose: 'Police interview', scopes: ['LOCATION'], agencyIds: [agencies.PD.id] } }, cw2],
      ['revokeConsent', REVOKE_CONSENT, { id: consent.recordConsent.id }, cw2],
      ['recordMissingEpisode', EPISODE, { input: { caseId: K.id, missingSince: now, learnedAt: now } }, cw2],
      ['createReferral', REFERRAL, { input: { caseId: K.id, toAgencyId: agencies.PD.id, serviceType: 'INVESTIGATION', urgency: 'URGENT', scopes: ['IDENTITY'], reason: 'report' } }, cw2],
    ];
    const answers: string[] = [];
    for (const [name, query, variables, holder] of attempts) {
      const response = await t.gql.query(query, variables, holder.token);
      const error = response.errors[0];
      answers.push(`${name}: ${error?.extensions?.code ?? 'OK'}${error?.message.includes('read only') ? ' (read only)' : ''}`);
    }
    expect(answers).toEqual(attempts.map(([name]) => `${name}: FORBIDDEN (read only)`));
    expect(await t.db.query(`SELECT version, flags, risk_level FROM case_file WHERE id = $1`, [K.id])).toEqual(before);
    expect(await counts()).toEqual(countsBefore);
    // Each refusal is audited.
    const denied = await t.world.count('audit_event', `case_id = $1 AND outcome = 'DENIED' AND reason = 'a break-glass grant is read only'`, [K.id]);
    expect(denied).toBe(attempts.length);
  });
});
