import { assignDirectly, CASE, makePartner, policyCast } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/*
 * "assign / unassign users | SUPERVISOR of the agency whose users are assigned"; rule 1: the lead's
 * staff see a case when assigned to it. A referral to the agency that already leads the case would let
 * any of its staff assign themselves by accepting it, so none is sent, and none is accepted into a lead.
 */

const CREATE_REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`;
const ACCEPT_REFERRAL = `mutation($id: ID!) { acceptReferral(id: $id) { id status } }`;

describe("a referral to the case's own lead agency", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('does not let an unassigned lead-agency worker put themselves on the case', async () => {
    const { K, agencies, people } = await policyCast(t);
    await makePartner(t, K.id, agencies.SH.id, ['SUMMARY', 'SERVICES'], false);
    await assignDirectly(t, K.id, people.sh1);
    expect(await t.gql.code(CASE, { id: K.id }, people.cw2.token)).toBe('NOT_FOUND');
    const sent = await t.gql.query(
      CREATE_REFERRAL,
      { input: { caseId: K.id, toAgencyId: agencies.CW.id, serviceType: 'INVESTIGATION', urgency: 'EMERGENCY', emergencyJustification: 'Needs a caseworker tonight, placement broke down', scopes: ['SERVICES'], reason: 'please look' } },
      people.sh1.token,
    );
    expect(sent.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(sent.errors?.[0]?.message).toContain('already leads the case');
    if (sent.data?.createReferral) await t.gql.query(ACCEPT_REFERRAL, { id: sent.data.createReferral.id }, people.cw2.token);
    const after = await t.gql.query(CASE, { id: K.id }, people.cw2.token);
    expect(after.data?.case?.viewerScopes ?? null).toBeNull();
    expect(await t.world.count('referral', 'case_id = $1', [K.id])).toBe(0);
  });

  it('is not accepted by an agency that came to lead the case while the referral was pending', async () => {
    const { K, agencies, people } = await policyCast(t);
    const sent = await t.gql.ok(CREATE_REFERRAL, { input: { caseId: K.id, toAgencyId: agencies.PD.id, serviceType: 'INVESTIGATION', urgency: 'ROUTINE', scopes: [], reason: 'report of abuse' } }, people.cw1.token);
    const handoff = await t.gql.ok(`mutation($input: RequestHandoffInput!) { requestHandoff(input: $input) { id } }`, { input: { caseId: K.id, toAgencyId: agencies.PD.id, reason: 'criminal case leads now' } }, people.cwSup.token);
    await t.gql.ok(`mutation($id: ID!) { acceptHandoff(id: $id) { id } }`, { id: handoff.requestHandoff.id }, people.pdSup.token);
    const accepted = await t.gql.query(ACCEPT_REFERRAL, { id: sent.createReferral.id }, people.pd1.token);
    expect(accepted.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await t.world.count('assignment', 'case_id = $1 AND user_id = $2 AND active', [K.id, people.pd1.id])).toBe(0);
  });
});
