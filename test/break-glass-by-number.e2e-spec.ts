import { BREAK_GLASS, policyCast } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/*
 * docs/access-policy.md, "break glass": an officer names the case by the number the lead agency
 * gives over the phone, and reads when the access ends.
 */

const BY_NUMBER = `mutation($n: String!, $j: String!) { breakGlass(caseNumber: $n, justification: $j) { id caseNumber viewerScopes breakGlassEndsAt } }`;
const BOTH = `mutation($id: ID!, $n: String!, $j: String!) { breakGlass(caseId: $id, caseNumber: $n, justification: $j) { id } }`;
const NEITHER = `mutation($j: String!) { breakGlass(justification: $j) { id } }`;
const ENDS = `query($id: ID!) { case(id: $id) { id breakGlassEndsAt } }`;
const WHY = 'Child seen with an adult at a motel tonight; need the placement to check';

describe('break glass by case number, and when the access ends', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('grants the access on the case of that number, as on its id, and tells when it ends', async () => {
    const { K, people } = await policyCast(t);
    const { pd1, cw1, pd2 } = people;
    const grants = () => t.world.count('access_grant', 'case_id = $1', [K.id]);

    const granted = (await t.gql.ok(BY_NUMBER, { n: ` ${K.caseNumber.toLowerCase()} `, j: WHY }, pd1.token)).breakGlass;
    expect(granted).toMatchObject({ id: K.id, caseNumber: K.caseNumber, viewerScopes: ['SUMMARY', 'IDENTITY', 'LOCATION'] });
    const [grant] = await t.db.query(`SELECT user_id, justification, expires_at FROM access_grant WHERE case_id = $1`, [K.id]);
    expect(grant).toMatchObject({ user_id: pd1.id, justification: WHY });
    expect(new Date(granted.breakGlassEndsAt).getTime()).toBe(grant.expires_at.getTime());
    expect(grant.expires_at.getTime() - t.clock.now().getTime()).toBe(4 * 3600_000);
    const [audit] = await t.db.query(`SELECT subject_id FROM audit_event WHERE action = 'BREAK_GLASS' AND case_id = $1 AND actor_user_id = $2`, [K.id, pd1.id]);
    expect(audit).toBeTruthy();

    // The lead agency's caseworker holds no grant; a grant that has ended is no longer told.
    expect((await t.gql.ok(ENDS, { id: K.id }, cw1.token)).case.breakGlassEndsAt).toBeNull();
    t.clock.advance(4 * 3600_000 + 1000);
    const later = await t.signIn(pd1);
    expect(await t.gql.code(ENDS, { id: K.id }, later)).toBe('NOT_FOUND');
    await t.gql.ok(BREAK_GLASS, { caseId: K.id, j: WHY }, later);
    expect(new Date((await t.gql.ok(ENDS, { id: K.id }, later)).case.breakGlassEndsAt).getTime()).toBe(t.clock.now().getTime() + 4 * 3600_000);
    expect(await grants()).toBe(2);

    // Another jurisdiction's officer, a number of no case: NOT_FOUND alike; nothing granted.
    expect(await t.gql.code(BY_NUMBER, { n: K.caseNumber, j: WHY }, await t.signIn(pd2))).toBe('NOT_FOUND');
    expect(await t.gql.code(BY_NUMBER, { n: K.caseNumber.replace(/\d{6}$/, '999999'), j: WHY }, later)).toBe('NOT_FOUND');
    expect(await grants()).toBe(2);
  });

  it('refuses a malformed number, both ways of naming the case, or neither, with the argument named', async () => {
    const { K, people } = await policyCast(t);
    const fieldOf = async (query: string, variables: Record<string, unknown>) => {
      const response = await t.gql.query(query, variables, people.pd1.token);
      return { code: response.errors[0]?.extensions?.code, paths: (response.errors[0]?.extensions?.fields as { path: string }[] | undefined)?.map((f) => f.path) };
    };
    expect(await fieldOf(BY_NUMBER, { n: 'K-1', j: WHY })).toEqual({ code: 'BAD_USER_INPUT', paths: ['caseNumber'] });
    expect(await fieldOf(BOTH, { id: K.id, n: K.caseNumber, j: WHY })).toEqual({ code: 'BAD_USER_INPUT', paths: ['caseNumber'] });
    expect(await fieldOf(NEITHER, { j: WHY })).toEqual({ code: 'BAD_USER_INPUT', paths: ['caseId'] });
    expect(await fieldOf(BY_NUMBER, { n: K.caseNumber, j: 'too short' })).toEqual({ code: 'BAD_USER_INPUT', paths: ['justification'] });
    expect(await t.world.count('access_grant', 'case_id = $1', [K.id])).toBe(0);
  });
});
