import { AgencyType, Role } from '@tandem/authz';
import { WorldUser } from '@tandem/testing';
import { CREATE_CASE } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';

// A supervisor lists the active staff of their own agency, to assign them (docs/access-policy.md, "list an
// agency's users"), and sees none of the administrators' fields.

const STAFF = `query($first: Int, $after: String) {
  agencyStaff(first: $first, after: $after) {
    edges { cursor node { id displayName email role } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const USERS = `query($agencyId: ID) { users(agencyId: $agencyId) { edges { node { id } } } }`;
const ASSIGN = `mutation($caseId: ID!, $userId: ID!) { assignUser(caseId: $caseId, userId: $userId) { id } }`;

interface StaffPage {
  agencyStaff: {
    edges: { cursor: string; node: { id: string; displayName: string; email: string; role: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

describe("a supervisor's list of their agency's staff", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function walk(token: string): Promise<string[]> {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page += 1) {
      const data: StaffPage = await t.gql.ok<StaffPage>(STAFF, { first: 2, after }, token);
      seen.push(...data.agencyStaff.edges.map((edge) => edge.node.id));
      if (!data.agencyStaff.pageInfo.hasNextPage) return seen;
      after = data.agencyStaff.pageInfo.endCursor;
    }
    throw new Error('agencyStaff never reached its last page');
  }

  it('lists the active staff and supervisors of their own agency, page by page, and the ids work with assignUser', async () => {
    const agency = await t.world.agency(AgencyType.CHILD_WELFARE);
    const other = await t.world.agency(AgencyType.CHILD_WELFARE, agency.jurisdictionId);
    const supervisor = await t.world.user(Role.SUPERVISOR, agency.id);
    const staff: WorldUser[] = [];
    for (let i = 0; i < 3; i += 1) staff.push(await t.world.user(Role.STAFF, agency.id));
    const secondSupervisor = await t.world.user(Role.SUPERVISOR, agency.id);
    const disabled = await t.world.user(Role.STAFF, agency.id, { active: false });
    const admin = await t.world.user(Role.AGENCY_ADMIN, agency.id);
    const outsider = await t.world.user(Role.STAFF, other.id);
    const token = await t.signIn(supervisor);

    const seen = await walk(token);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([supervisor.id, secondSupervisor.id, ...staff.map((user) => user.id)].sort());
    expect(seen).not.toContain(disabled.id);
    expect(seen).not.toContain(admin.id);
    expect(seen).not.toContain(outsider.id);

    const first = (await t.gql.ok<StaffPage>(STAFF, { first: 50 }, token)).agencyStaff.edges.find((edge) => edge.node.id === staff[0]!.id)!;
    expect(first.node).toEqual({ id: staff[0]!.id, displayName: expect.any(String), email: staff[0]!.email, role: 'STAFF' });
    expect(
      await t.world.count('audit_event', `action = 'USER_LIST' AND outcome = 'ALLOWED' AND actor_user_id = $1 AND subject_id = $2`, [supervisor.id, agency.id]),
    ).toBeGreaterThanOrEqual(1);

    // What the list is for: the supervisor assigns one of them to a case of the agency.
    const creator = staff[1]!;
    const created = await t.gql.ok(CREATE_CASE, { input: { riskLevel: 'LOW', child: { legalName: 'Sam Listed Example', dateOfBirth: '2012-02-02' } } }, await t.signIn(creator));
    expect((await t.gql.ok(ASSIGN, { caseId: created.createCase.id, userId: first.node.id }, token)).assignUser.id).toBe(created.createCase.id);
  });

  it('offers none of the administrators’ fields', async () => {
    const agency = await t.world.agency(AgencyType.SHELTER);
    const token = await t.signIn(await t.world.user(Role.SUPERVISOR, agency.id));
    for (const field of ['active', 'lockedUntil', 'failedLoginCount', 'passwordChangeRequired', 'agency']) {
      const response = await t.gql.query(`{ agencyStaff { edges { node { id ${field} } } } }`, {}, token);
      expect({ field, code: response.errors[0]?.extensions?.code }).toEqual({ field, code: 'BAD_USER_INPUT' });
      expect(response.data).toBeNull();
    }
  });

  it('is refused to staff, agency administrators and auditors, and users stays closed to supervisors', async () => {
    const agency = await t.world.agency(AgencyType.COUNSELING);
    for (const role of [Role.STAFF, Role.AGENCY_ADMIN, Role.AUDITOR]) {
      const caller = await t.world.user(role, role === Role.AUDITOR ? null : agency.id);
      const response = await t.gql.query(STAFF, {}, await t.signIn(caller));
      expect({ role, code: response.errors[0]?.extensions?.code }).toEqual({ role, code: 'FORBIDDEN' });
    }
    const supervisor = await t.world.user(Role.SUPERVISOR, agency.id);
    expect(await t.gql.code(USERS, { agencyId: agency.id }, await t.signIn(supervisor))).toBe('FORBIDDEN');
    expect(await t.gql.code(STAFF, {})).toBe('UNAUTHENTICATED');
  });
});
