import { makePartner, policyCast } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/*
 * "list an agency's users | its AGENCY_ADMIN; its SUPERVISOR (active users, no admin fields)". An
 * account's administration (active, locked, temporary password) is read by its owner, its agency's
 * admin and the system administrator; a user reached through a case answers null for it, redacted.
 */

const ADMIN_FIELDS = 'id active lockedUntil passwordChangeRequired';

describe("a user's account administration fields", () => {
  let t: TestApp;
  let cast: Awaited<ReturnType<typeof policyCast>>;
  beforeAll(async () => {
    t = await createTestApp();
    cast = await policyCast(t);
    // cw1's account is locked after failed sign-ins and its password was set by an administrator.
    await t.db.query(`UPDATE app_user SET locked_until = now() + interval '1 hour', password_temporary = true WHERE id = $1`, [cast.people.cw1.id]);
  });
  afterAll(() => t.close());

  const assignedUser = (data: Record<string, any> | null, id: string) => (data!.case.assignments as { user: Record<string, unknown> }[]).map((a) => a.user).find((u) => u.id === id);

  it("are not read by a partner's supervisor through case.assignments.user", async () => {
    const { K, agencies, people } = cast;
    await makePartner(t, K.id, agencies.SH.id, ['SUMMARY'], false);
    const response = await t.gql.query(`query($id: ID!) { case(id: $id) { assignments { user { email ${ADMIN_FIELDS} } } } }`, { id: K.id }, people.shSup.token);
    expect(response.errors ?? []).toEqual([]);
    const cw1 = assignedUser(response.data, people.cw1.id);
    expect(cw1).toEqual({ id: people.cw1.id, email: people.cw1.email, active: null, lockedUntil: null, passwordChangeRequired: null });
    expect(response.extensions?.redacted).toEqual(expect.arrayContaining(['case.assignments.0.user.active', 'case.assignments.0.user.lockedUntil', 'case.assignments.0.user.passwordChangeRequired']));
  });

  it("are not read by a supervisor of the user's own agency either", async () => {
    const { K, people } = cast;
    const data = await t.gql.ok(`query($id: ID!) { case(id: $id) { assignments { user { ${ADMIN_FIELDS} } } } }`, { id: K.id }, people.cwSup.token);
    expect(assignedUser(data, people.cw1.id)).toEqual({ id: people.cw1.id, active: null, lockedUntil: null, passwordChangeRequired: null });
  });

  it("are read by the agency's admin and the system administrator in the user lists", async () => {
    const { agencies, people } = cast;
    const list = `query($a: ID) { users(agencyId: $a, first: 50) { edges { node { ${ADMIN_FIELDS} } } } }`;
    for (const admin of [people.cwAdmin, people.sysadmin]) {
      const response = await t.gql.query(list, { a: agencies.CW.id }, admin.token);
      const cw1 = response.data!.users.edges.map((e: { node: { id: string } }) => e.node).find((u: { id: string }) => u.id === people.cw1.id);
      expect(cw1).toMatchObject({ active: true, passwordChangeRequired: true });
      expect(cw1.lockedUntil).not.toBeNull();
      expect(response.extensions?.redacted).toBeUndefined();
    }
  });

  it('are read by the user themselves', async () => {
    const { people } = cast;
    const me = await t.gql.ok(`{ me { ${ADMIN_FIELDS} } }`, {}, people.cw2.token);
    expect(me.me).toEqual({ id: people.cw2.id, active: true, lockedUntil: null, passwordChangeRequired: false });
  });
});
