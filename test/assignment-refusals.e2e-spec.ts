import { randomUUID } from 'node:crypto';
import { assignDirectly, makePartner, policyCast } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/*
 * "assign / unassign users | SUPERVISOR of the agency whose users are assigned". Assigning or
 * unassigning another agency's user is a refusal of the policy (FORBIDDEN, audited as ACCESS_DENIED);
 * a user that does not exist or cannot be assigned stays bad input.
 */

const ASSIGN = `mutation($c: ID!, $u: ID!) { assignUser(caseId: $c, userId: $u) { id } }`;
const UNASSIGN = `mutation($c: ID!, $u: ID!) { unassignUser(caseId: $c, userId: $u) { id } }`;

describe("assigning and unassigning another agency's users", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const denials = async (actorId: string, caseId: string) =>
    t.db.query(`SELECT details->>'attempted' AS attempted, reason FROM audit_event WHERE actor_user_id = $1 AND action = 'ACCESS_DENIED' AND case_id = $2`, [actorId, caseId]);

  it("a supervisor's attempt to assign another agency's user is refused as a policy refusal and audited", async () => {
    const { K, people } = await policyCast(t);
    const response = await t.gql.query(ASSIGN, { c: K.id, u: people.pd1.id }, people.cwSup.token);
    expect(response.errors[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await denials(people.cwSup.id, K.id)).toEqual([{ attempted: 'CASE_ASSIGN', reason: "only a supervisor of the user's agency assigns them" }]);
    expect(await t.world.count('assignment', 'case_id = $1 AND user_id = $2', [K.id, people.pd1.id])).toBe(0);
  });

  it("a supervisor's attempt to unassign another agency's user is refused as a policy refusal and audited", async () => {
    const { K, agencies, people } = await policyCast(t);
    await makePartner(t, K.id, agencies.SH.id, ['SUMMARY'], false);
    await assignDirectly(t, K.id, people.sh1);
    const response = await t.gql.query(UNASSIGN, { c: K.id, u: people.sh1.id }, people.cwSup.token);
    expect(response.errors[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await denials(people.cwSup.id, K.id)).toEqual([{ attempted: 'CASE_UNASSIGN', reason: "only a supervisor of the user's agency unassigns them" }]);
    expect(await t.world.count('assignment', 'case_id = $1 AND user_id = $2 AND active', [K.id, people.sh1.id])).toBe(1);
  });

  it('a user that does not exist, or is not assigned, stays bad input', async () => {
    const { K, people } = await policyCast(t);
    expect(await t.gql.code(ASSIGN, { c: K.id, u: randomUUID() }, people.cwSup.token)).toBe('BAD_USER_INPUT');
    expect(await t.gql.code(UNASSIGN, { c: K.id, u: randomUUID() }, people.cwSup.token)).toBe('BAD_USER_INPUT');
    expect(await t.gql.code(UNASSIGN, { c: K.id, u: people.cw2.id }, people.cwSup.token)).toBe('BAD_USER_INPUT');
    expect(await denials(people.cwSup.id, K.id)).toEqual([]);
  });
});
