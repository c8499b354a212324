import { randomUUID } from 'node:crypto';
import { BREAK_GLASS, policyCast } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { isolatedDatabase } from './support/test-database';

/*
 * A referral or handoff is seen by its two agencies only; to anyone else it does not exist, even to
 * someone who sees the case through a break-glass grant: every operation on it answers as an unknown
 * id does (NOT_FOUND, the same message), never FORBIDDEN or CONFLICT.
 */

const REFERRAL = `query($id: ID!) { referral(id: $id) { id } }`;
const CASE_REFERRALS = `query($id: ID!) { case(id: $id) { referrals { id } } }`;
const CREATE_REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`;
const REQUEST_HANDOFF = `mutation($input: RequestHandoffInput!) { requestHandoff(input: $input) { id } }`;

const REFERRAL_OPERATIONS: [string, string][] = [
  ['referral', REFERRAL],
  ['acceptReferral', `mutation($id: ID!) { acceptReferral(id: $id) { id } }`],
  ['declineReferral', `mutation($id: ID!) { declineReferral(id: $id, reason: NO_CAPACITY) { id } }`],
  ['withdrawReferral', `mutation($id: ID!) { withdrawReferral(id: $id, reason: "not needed") { id } }`],
  ['startReferral', `mutation($id: ID!) { startReferral(id: $id) { id } }`],
  ['completeReferral', `mutation($id: ID!) { completeReferral(id: $id, outcome: "done") { id } }`],
  ['failReferral', `mutation($id: ID!) { failReferral(id: $id, reason: "no show") { id } }`],
];
const HANDOFF_OPERATIONS: [string, string][] = [
  ['acceptHandoff', `mutation($id: ID!) { acceptHandoff(id: $id) { id } }`],
  ['declineHandoff', `mutation($id: ID!) { declineHandoff(id: $id, reason: "no") { id } }`],
  ['cancelHandoff', `mutation($id: ID!) { cancelHandoff(id: $id) { id } }`],
];

describe('a referral or handoff of other agencies does not exist for a break-glass holder', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(await isolatedDatabase('outsider'));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers every operation on it exactly as on an unknown id', async () => {
    const { K, agencies, people } = await policyCast(t);
    const { cw1, pd1 } = people;
    const referral = (
      await t.gql.ok(CREATE_REFERRAL, { input: { caseId: K.id, toAgencyId: agencies.SH.id, serviceType: 'EMERGENCY_SHELTER', urgency: 'URGENT', scopes: [], reason: 'A bed tonight' } }, cw1.token)
    ).createReferral.id;
    const handoff = (await t.gql.ok(REQUEST_HANDOFF, { input: { caseId: K.id, toAgencyId: agencies.CO.id, reason: 'The counselor leads now' } }, cw1.token)).requestHandoff.id;
    // A police officer of the case's jurisdiction breaks glass: they read the case and its referrals' statuses.
    await t.gql.ok(BREAK_GLASS, { caseId: K.id, j: 'Child found alone at night, identity needed now' }, pd1.token);
    expect((await t.gql.ok(CASE_REFERRALS, { id: K.id }, pd1.token)).case.referrals).toEqual([{ id: referral }]);

    const answer = async (query: string, id: string) => {
      const response = await t.gql.query(query, { id }, pd1.token);
      const error = response.errors[0];
      return { code: error?.extensions?.code ?? 'OK', message: error?.message };
    };
    const answers: Record<string, unknown> = {};
    const unknown: Record<string, unknown> = {};
    for (const [name, query] of REFERRAL_OPERATIONS) {
      answers[name] = await answer(query, referral);
      unknown[name] = await answer(query, randomUUID());
    }
    for (const [name, query] of HANDOFF_OPERATIONS) {
      answers[name] = await answer(query, handoff);
      unknown[name] = await answer(query, randomUUID());
    }
    expect(answers).toEqual(unknown);
    expect(Object.values(answers).every((a) => (a as { code: string }).code === 'NOT_FOUND')).toBe(true);
    // Nothing moved.
    const [row] = await t.db.query(`SELECT status FROM referral WHERE id = $1`, [referral]);
    expect(row.status).toBe('REQUESTED');
  });
});
