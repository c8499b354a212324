import { randomBytes, randomUUID } from 'node:crypto';
import { AgencyType, Role } from '@tandem/authz';
import { WorldUser } from '@tandem/testing';
import { createTestApp, TestApp } from './support/test-app';

// Administration end to end (docs/access-policy.md, "manage user accounts" and "manage agencies and jurisdictions").

const LOGIN = `mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken refreshToken passwordChangeRequired user { id email role agencyId } }
}`;
const CHANGE_PASSWORD = `mutation($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) }`;
const REFRESH = `mutation($token: String!) { refreshToken(token: $token) { accessToken refreshToken } }`;
const ME = `{ me { id role active agencyId } }`;
const CREATE_JURISDICTION = `mutation($input: CreateJurisdictionInput!) { createJurisdiction(input: $input) { id code name } }`;
const CREATE_AGENCY = `mutation($input: CreateAgencyInput!) {
  createAgency(input: $input) { id name type jurisdictionId contactEmail contactPhone active jurisdiction { id code } }
}`;
const CREATE_USER = `mutation($input: CreateUserInput!) {
  createUser(input: $input) { id email displayName role active agencyId agency { id } }
}`;
const DISABLE_USER = `mutation($id: ID!) { disableUser(id: $id) { id active } }`;
const ENABLE_USER = `mutation($id: ID!) { enableUser(id: $id) { id active } }`;
const USERS = `query($agencyId: ID, $first: Int, $after: String) {
  users(agencyId: $agencyId, first: $first, after: $after) {
    edges { cursor node { id displayName role agencyId active } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const NEW_PASSWORD = 'Fresh-Account-Pass-77';

interface UserData {
  id: string;
  email: string;
  displayName: string;
  role: string;
  active: boolean;
  agencyId: string | null;
  agency: { id: string } | null;
}
interface UsersPage {
  users: {
    edges: { cursor: string; node: { id: string; displayName: string; role: string; agencyId: string | null; active: boolean } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

function uniqueCode(): string {
  return Array.from(randomBytes(5), (byte) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[byte % 26]).join('');
}

function uniqueEmail(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}@tandem.test`;
}

describe('administration: jurisdictions, agencies and user accounts', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** An agency with its administrator, signed in. */
  async function agencyWithAdmin(type = AgencyType.CHILD_WELFARE) {
    const agency = await t.world.agency(type);
    const admin = await t.world.user(Role.AGENCY_ADMIN, agency.id);
    return { agency, admin, token: await t.signIn(admin) };
  }

  async function systemAdmin() {
    const admin = await t.world.user(Role.SYSTEM_ADMIN, null);
    return { admin, token: await t.signIn(admin) };
  }

  function createUser(token: string, input: { email: string; role: Role; agencyId: string | null; displayName?: string; password?: string }) {
    return t.gql.query<{ createUser: UserData }>(
      CREATE_USER,
      { input: { displayName: 'New Account', password: NEW_PASSWORD, ...input } },
      token,
    );
  }

  const usersWithEmail = (email: string) => t.world.count('app_user', 'lower(email) = lower($1)', [email]);
  const audits = (action: string, actorId: string, extra = 'true', params: unknown[] = []) =>
    t.world.count('audit_event', `action = $1 AND actor_user_id = $2 AND ${extra}`, [action, actorId, ...params]);
  const denials = (actorId: string) =>
    t.world.count('audit_event', `action = 'ACCESS_DENIED' AND outcome = 'DENIED' AND actor_user_id = $1`, [actorId]);
  const isActive = async (userId: string) => {
    const [row] = await t.db.query(`SELECT active FROM app_user WHERE id = $1`, [userId]);
    return row.active as boolean;
  };

  describe('system administrator', () => {
    it('the bootstrap administrator signs in and creates a jurisdiction, an agency, an agency admin and an auditor', async () => {
      const { BOOTSTRAP_ADMIN_EMAIL: email, BOOTSTRAP_ADMIN_PASSWORD: password } = t.config.values;
      expect(email).toBeTruthy();
      const login = (await t.gql.ok(LOGIN, { email, password })).login;
      expect(login.user).toMatchObject({ email: email!.toLowerCase(), role: 'SYSTEM_ADMIN', agencyId: null });
      const token: string = login.accessToken;
      const bootstrapId: string = login.user.id;
      // The password came from the configuration: it is temporary, and must be changed first.
      expect(login.passwordChangeRequired).toBe(true);
      expect(await t.gql.code(CREATE_JURISDICTION, { input: { name: 'Too Early County', code: uniqueCode() } }, token)).toBe('PASSWORD_CHANGE_REQUIRED');
      await t.gql.ok(CHANGE_PASSWORD, { current: password, next: `${password}-own` }, token);
      // A system administrator signs in with a second factor: nothing else answers until it is enrolled.
      expect(await t.gql.code(CREATE_JURISDICTION, { input: { name: 'Too Early County', code: uniqueCode() } }, token)).toBe('MFA_ENROLLMENT_REQUIRED');
      expect(await t.enrolMfa(token, email!)).toHaveLength(10);

      const code = uniqueCode();
      const jurisdiction = (await t.gql.ok(CREATE_JURISDICTION, { input: { name: '  Saint Louis County  ', code } }, token))
        .createJurisdiction;
      expect(jurisdiction).toEqual({ id: expect.any(String), code, name: 'Saint Louis County' });
      expect(await t.world.count('jurisdiction', 'id = $1 AND code = $2', [jurisdiction.id, code])).toBe(1);

      const agencyName = `Children's Division ${randomBytes(3).toString('hex')}`;
      const agency = (
        await t.gql.ok(
          CREATE_AGENCY,
          {
            input: {
              name: agencyName,
              type: 'CHILD_WELFARE',
              jurisdictionId: jurisdiction.id,
              contactEmail: 'intake@cd.example.org',
              contactPhone: '+1 (314) 555-0100',
            },
          },
          token,
        )
      ).createAgency;
      expect(agency).toEqual({
        id: expect.any(String),
        name: agencyName,
        type: 'CHILD_WELFARE',
        jurisdictionId: jurisdiction.id,
        contactEmail: 'intake@cd.example.org',
        contactPhone: '+1 (314) 555-0100',
        active: true,
        jurisdiction: { id: jurisdiction.id, code },
      });
      expect(await t.world.count('agency', 'id = $1 AND jurisdiction_id = $2', [agency.id, jurisdiction.id])).toBe(1);

      const adminEmail = uniqueEmail('Agency-Admin');
      const created = await createUser(token, { email: adminEmail, role: Role.AGENCY_ADMIN, agencyId: agency.id, displayName: 'Ada Admin' });
      expect(created.errors).toEqual([]);
      expect(created.data!.createUser).toEqual({
        id: expect.any(String),
        email: adminEmail.toLowerCase(),
        displayName: 'Ada Admin',
        role: 'AGENCY_ADMIN',
        active: true,
        agencyId: agency.id,
        agency: { id: agency.id },
      });

      const auditorEmail = uniqueEmail('auditor');
      const auditor = await createUser(token, { email: auditorEmail, role: Role.AUDITOR, agencyId: null, displayName: 'Oversight Office' });
      expect(auditor.errors).toEqual([]);
      expect(auditor.data!.createUser).toMatchObject({ role: 'AUDITOR', agencyId: null, agency: null, active: true });

      // Both new accounts sign in with the password they were given, which they must then change.
      const adminLogin = (await t.gql.ok(LOGIN, { email: adminEmail, password: NEW_PASSWORD })).login;
      expect(adminLogin.user).toMatchObject({ id: created.data!.createUser.id, role: 'AGENCY_ADMIN', agencyId: agency.id });
      expect(adminLogin.passwordChangeRequired).toBe(true);
      const auditorLogin = (await t.gql.ok(LOGIN, { email: auditorEmail, password: NEW_PASSWORD })).login;
      expect(auditorLogin.passwordChangeRequired).toBe(true);
      expect((await t.gql.ok(ME, {}, auditorLogin.accessToken)).me).toMatchObject({ id: auditor.data!.createUser.id, role: 'AUDITOR' });

      // One audit event per action, naming the actor and the record.
      expect(await audits('JURISDICTION_CREATE', bootstrapId, 'subject_id = $3', [jurisdiction.id])).toBe(1);
      expect(await audits('AGENCY_CREATE', bootstrapId, 'subject_id = $3', [agency.id])).toBe(1);
      expect(await audits('USER_CREATE', bootstrapId, 'subject_id = $3', [created.data!.createUser.id])).toBe(1);
      expect(await audits('USER_CREATE', bootstrapId, 'subject_id = $3', [auditor.data!.createUser.id])).toBe(1);
    });

    it('may not create staff, supervisors or system administrators through the API', async () => {
      const { admin, token } = await systemAdmin();
      const agency = await t.world.agency(AgencyType.SHELTER);
      for (const role of [Role.STAFF, Role.SUPERVISOR]) {
        const email = uniqueEmail('not-created');
        const response = await createUser(token, { email, role, agencyId: agency.id });
        expect({ role, code: response.errors[0]?.extensions?.code }).toEqual({ role, code: 'FORBIDDEN' });
        expect(response.data).toBeNull();
        expect(await usersWithEmail(email)).toBe(0);
      }
      expect(await t.world.count('app_user', 'agency_id = $1', [agency.id])).toBe(0);
      expect(await audits('USER_CREATE', admin.id)).toBe(0);
      expect(await denials(admin.id)).toBe(2);
    });

    it('may not create another system administrator (an account of no agency): FORBIDDEN and audited', async () => {
      const { admin, token } = await systemAdmin();
      const email = uniqueEmail('second-root');
      const response = await createUser(token, { email, role: Role.SYSTEM_ADMIN, agencyId: null });
      expect(response.errors[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await usersWithEmail(email)).toBe(0);
      expect(await audits('USER_CREATE', admin.id)).toBe(0);
      expect(await audits('ACCESS_DENIED', admin.id, `outcome = 'DENIED' AND details->>'attempted' = 'USER_CREATE'`)).toBe(1);
    });

    it('disables and enables an agency administrator, but not the staff of an agency', async () => {
      const { admin, token } = await systemAdmin();
      const { agency, admin: agencyAdmin, token: agencyAdminToken } = await agencyWithAdmin();
      const staff = await t.world.user(Role.STAFF, agency.id);

      expect((await t.gql.ok(DISABLE_USER, { id: agencyAdmin.id }, token)).disableUser).toEqual({ id: agencyAdmin.id, active: false });
      expect(await t.gql.code(ME, {}, agencyAdminToken)).toBe('UNAUTHENTICATED');
      expect((await t.gql.ok(ENABLE_USER, { id: agencyAdmin.id }, token)).enableUser).toEqual({ id: agencyAdmin.id, active: true });
      expect((await t.gql.ok(ME, {}, await t.signIn(agencyAdmin))).me.id).toBe(agencyAdmin.id);

      expect(await t.gql.code(DISABLE_USER, { id: staff.id }, token)).toBe('FORBIDDEN');
      expect(await isActive(staff.id)).toBe(true);
      expect(await audits('USER_DISABLE', admin.id, 'subject_id = $3', [agencyAdmin.id])).toBe(1);
      expect(await audits('USER_ENABLE', admin.id, 'subject_id = $3', [agencyAdmin.id])).toBe(1);
      expect(await audits('USER_DISABLE', admin.id, 'subject_id = $3', [staff.id])).toBe(0);
      expect(await denials(admin.id)).toBe(1);
    });
  });

  describe('agency administrator', () => {
    it('creates staff and supervisors in their own agency, who can then sign in', async () => {
      const { agency, admin, token } = await agencyWithAdmin(AgencyType.LAW_ENFORCEMENT);
      for (const role of [Role.STAFF, Role.SUPERVISOR]) {
        const email = uniqueEmail(role.toLowerCase());
        const response = await createUser(token, { email, role, agencyId: agency.id, displayName: `  ${role} person ` });
        expect(response.errors).toEqual([]);
        const user = response.data!.createUser;
        expect(user).toEqual({
          id: expect.any(String),
          email,
          displayName: `${role} person`,
          role,
          active: true,
          agencyId: agency.id,
          agency: { id: agency.id },
        });
        expect(await t.world.count('app_user', 'id = $1 AND agency_id = $2 AND role = $3', [user.id, agency.id, role])).toBe(1);
        const login = (await t.gql.ok(LOGIN, { email, password: NEW_PASSWORD })).login;
        expect(login.user).toMatchObject({ id: user.id, role, agencyId: agency.id });
        expect(await audits('USER_CREATE', admin.id, 'subject_id = $3', [user.id])).toBe(1);
      }
      expect(await denials(admin.id)).toBe(0);
    });

    it('cannot create users in another agency: FORBIDDEN, no row, one denial audited', async () => {
      const { admin, token } = await agencyWithAdmin();
      const other = await t.world.agency(AgencyType.CHILD_WELFARE);
      for (const role of [Role.STAFF, Role.SUPERVISOR]) {
        const email = uniqueEmail('elsewhere');
        const response = await createUser(token, { email, role, agencyId: other.id });
        expect(response.errors[0]?.extensions?.code).toBe('FORBIDDEN');
        expect(response.data).toBeNull();
        expect(await usersWithEmail(email)).toBe(0);
      }
      expect(await t.world.count('app_user', 'agency_id = $1', [other.id])).toBe(0);
      expect(await audits('USER_CREATE', admin.id)).toBe(0);
      expect(await denials(admin.id)).toBe(2);
      expect(await audits('ACCESS_DENIED', admin.id, `details->>'attempted' = 'USER_CREATE' AND details->>'agencyId' = $3`, [other.id])).toBe(2);
    });

    it('cannot create agency administrators, system administrators or auditors, even in their own agency', async () => {
      const { agency, admin, token } = await agencyWithAdmin();
      const attempts: [Role, string | null][] = [
        [Role.AGENCY_ADMIN, agency.id],
        [Role.SYSTEM_ADMIN, agency.id],
        [Role.AUDITOR, agency.id],
        [Role.AUDITOR, null],
      ];
      for (const [role, agencyId] of attempts) {
        const email = uniqueEmail('escalation');
        const response = await createUser(token, { email, role, agencyId });
        expect({ role, agencyId, code: response.errors[0]?.extensions?.code }).toEqual({ role, agencyId, code: 'FORBIDDEN' });
        expect(await usersWithEmail(email)).toBe(0);
      }
      expect(await t.world.count('app_user', 'agency_id = $1', [agency.id])).toBe(1);
      expect(await audits('USER_CREATE', admin.id)).toBe(0);
      expect(await denials(admin.id)).toBe(attempts.length);
    });

    it('cannot create a system administrator of no agency: FORBIDDEN and audited', async () => {
      const { admin, token } = await agencyWithAdmin();
      const email = uniqueEmail('escalation');
      const response = await createUser(token, { email, role: Role.SYSTEM_ADMIN, agencyId: null });
      expect(response.errors[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await usersWithEmail(email)).toBe(0);
      expect(await audits('ACCESS_DENIED', admin.id, `outcome = 'DENIED' AND details->>'attempted' = 'USER_CREATE'`)).toBe(1);
    });

    it('cannot disable or enable themselves, another admin of the agency, or a system administrator', async () => {
      const { agency, admin, token } = await agencyWithAdmin();
      const colleague = await t.world.user(Role.AGENCY_ADMIN, agency.id);
      const disabledColleague = await t.world.user(Role.AGENCY_ADMIN, agency.id, { active: false });
      const { admin: sysAdmin } = await systemAdmin();

      expect(await t.gql.code(DISABLE_USER, { id: admin.id }, token)).toBe('FORBIDDEN');
      expect(await t.gql.code(DISABLE_USER, { id: colleague.id }, token)).toBe('FORBIDDEN');
      expect(await t.gql.code(ENABLE_USER, { id: disabledColleague.id }, token)).toBe('FORBIDDEN');
      // A system administrator belongs to no agency: outside the purview, as if it did not exist.
      expect(await t.gql.code(DISABLE_USER, { id: sysAdmin.id }, token)).toBe('NOT_FOUND');

      expect(await isActive(admin.id)).toBe(true);
      expect(await isActive(colleague.id)).toBe(true);
      expect(await isActive(disabledColleague.id)).toBe(false);
      expect(await isActive(sysAdmin.id)).toBe(true);
      // The admin's own session survived the attempt.
      expect((await t.gql.ok(ME, {}, token)).me.id).toBe(admin.id);
      expect(await audits('USER_DISABLE', admin.id)).toBe(0);
      expect(await audits('USER_ENABLE', admin.id)).toBe(0);
      expect(await denials(admin.id)).toBe(4);
    });

    it("gets NOT_FOUND for another agency's user, exactly as for an id that does not exist", async () => {
      const { admin, token } = await agencyWithAdmin();
      const other = await t.world.agency(AgencyType.CHILD_WELFARE);
      const outsider = await t.world.user(Role.STAFF, other.id);
      const disabledOutsider = await t.world.user(Role.STAFF, other.id, { active: false });
      const outsiderToken = await t.signIn(outsider);

      const disable = await t.gql.query(DISABLE_USER, { id: outsider.id }, token);
      const missing = await t.gql.query(DISABLE_USER, { id: randomUUID() }, token);
      expect(disable.errors[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
      expect(missing.errors[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
      expect(disable.errors[0]!.message).toBe(missing.errors[0]!.message);
      expect(await t.gql.code(ENABLE_USER, { id: disabledOutsider.id }, token)).toBe('NOT_FOUND');

      expect(await isActive(outsider.id)).toBe(true);
      expect(await isActive(disabledOutsider.id)).toBe(false);
      expect((await t.gql.ok(ME, {}, outsiderToken)).me.id).toBe(outsider.id);
      expect(await t.world.count('auth_session', 'user_id = $1 AND revoked_at IS NOT NULL', [outsider.id])).toBe(0);
      expect(await denials(admin.id)).toBe(3);
    });

    it('may not create jurisdictions or agencies', async () => {
      const { admin, token } = await agencyWithAdmin();
      const jurisdiction = await t.world.jurisdiction();
      const code = uniqueCode();
      const name = `Rogue agency ${randomBytes(3).toString('hex')}`;
      expect(await t.gql.code(CREATE_JURISDICTION, { input: { name: 'Rogue County', code } }, token)).toBe('FORBIDDEN');
      expect(
        await t.gql.code(CREATE_AGENCY, { input: { name, type: 'SHELTER', jurisdictionId: jurisdiction.id } }, token),
      ).toBe('FORBIDDEN');
      expect(await t.world.count('jurisdiction', 'code = $1', [code])).toBe(0);
      expect(await t.world.count('agency', 'name = $1', [name])).toBe(0);
      expect(await denials(admin.id)).toBe(2);
    });
  });

  describe('staff, supervisors and auditors', () => {
    it.each([Role.STAFF, Role.SUPERVISOR, Role.AUDITOR])('%s gets FORBIDDEN on every admin mutation and on users', async (role) => {
      const agency = await t.world.agency(AgencyType.COUNSELING);
      const jurisdiction = await t.world.jurisdiction();
      const caller = await t.world.user(role, role === Role.AUDITOR ? null : agency.id);
      const target = await t.world.user(Role.STAFF, agency.id);
      const disabledTarget = await t.world.user(Role.STAFF, agency.id, { active: false });
      const token = await t.signIn(caller);

      const code = uniqueCode();
      const agencyName = `Forbidden agency ${randomBytes(3).toString('hex')}`;
      const email = uniqueEmail('forbidden');
      const calls: [string, string, Record<string, unknown>][] = [
        ['createJurisdiction', CREATE_JURISDICTION, { input: { name: 'Forbidden County', code } }],
        ['createAgency', CREATE_AGENCY, { input: { name: agencyName, type: 'SHELTER', jurisdictionId: jurisdiction.id } }],
        ['createUser', CREATE_USER, { input: { email, displayName: 'Nobody', role: 'STAFF', agencyId: agency.id, password: NEW_PASSWORD } }],
        ['disableUser', DISABLE_USER, { id: target.id }],
        ['enableUser', ENABLE_USER, { id: disabledTarget.id }],
        ['users', USERS, { agencyId: agency.id }],
        ['users (no agency)', USERS, {}],
      ];
      for (const [name, operation, variables] of calls) {
        const response = await t.gql.query(operation, variables, token);
        expect({ name, code: response.errors[0]?.extensions?.code }).toEqual({ name, code: 'FORBIDDEN' });
        expect(response.data).toBeNull();
      }
      expect(await t.world.count('jurisdiction', 'code = $1', [code])).toBe(0);
      expect(await t.world.count('agency', 'name = $1', [agencyName])).toBe(0);
      expect(await usersWithEmail(email)).toBe(0);
      expect(await isActive(target.id)).toBe(true);
      expect(await isActive(disabledTarget.id)).toBe(false);
      expect(await denials(caller.id)).toBe(calls.length);
      expect(await t.world.count('audit_event', `actor_user_id = $1 AND outcome = 'ALLOWED' AND action NOT IN ('LOGIN_SUCCESS', 'MFA_CHALLENGE', 'MFA_SUCCESS')`, [caller.id])).toBe(0);
    });

    it('an anonymous caller is UNAUTHENTICATED on every admin operation', async () => {
      const agency = await t.world.agency(AgencyType.MEDICAL);
      const target = await t.world.user(Role.STAFF, agency.id);
      const email = uniqueEmail('anonymous');
      const code = uniqueCode();
      expect(await t.gql.code(CREATE_JURISDICTION, { input: { name: 'Anon County', code } })).toBe('UNAUTHENTICATED');
      expect(
        await t.gql.code(CREATE_AGENCY, { input: { name: 'Anon agency', type: 'SHELTER', jurisdictionId: agency.jurisdictionId } }),
      ).toBe('UNAUTHENTICATED');
      expect(
        await t.gql.code(CREATE_USER, { input: { email, displayName: 'Anon', role: 'STAFF', agencyId: agency.id, password: NEW_PASSWORD } }),
      ).toBe('UNAUTHENTICATED');
      expect(await t.gql.code(DISABLE_USER, { id: target.id })).toBe('UNAUTHENTICATED');
      expect(await t.gql.code(USERS, { agencyId: agency.id })).toBe('UNAUTHENTICATED');
      expect(await t.world.count('jurisdiction', 'code = $1', [code])).toBe(0);
      expect(await usersWithEmail(email)).toBe(0);
      expect(await isActive(target.id)).toBe(true);
    });
  });

  describe('conflicts', () => {
    it('a duplicate email gives CONFLICT, whatever its case, and creates nothing', async () => {
      const { agency, admin, token } = await agencyWithAdmin();
      const email = uniqueEmail('twice');
      expect((await createUser(token, { email, role: Role.STAFF, agencyId: agency.id })).errors).toEqual([]);
      const again = await createUser(token, { email: email.toUpperCase(), role: Role.SUPERVISOR, agencyId: agency.id });
      expect(again.errors[0]?.extensions?.code).toBe('CONFLICT');
      expect(again.data).toBeNull();
      expect(await usersWithEmail(email)).toBe(1);

      // An email already used in another agency is just as taken.
      const elsewhere = await t.world.user(Role.STAFF, (await t.world.agency(AgencyType.SHELTER)).id);
      expect(await t.gql.code(CREATE_USER, { input: { email: elsewhere.email, displayName: 'Copy', role: 'STAFF', agencyId: agency.id, password: NEW_PASSWORD } }, token)).toBe('CONFLICT');
      expect(await usersWithEmail(elsewhere.email)).toBe(1);
      expect(await t.world.count('app_user', 'agency_id = $1', [agency.id])).toBe(2);
      expect(await audits('USER_CREATE', admin.id)).toBe(1);
    });

    it('a duplicate jurisdiction code or agency name in the same jurisdiction gives CONFLICT', async () => {
      const { token } = await systemAdmin();
      const code = uniqueCode();
      await t.gql.ok(CREATE_JURISDICTION, { input: { name: 'First County', code } }, token);
      expect(await t.gql.code(CREATE_JURISDICTION, { input: { name: 'Second County', code } }, token)).toBe('CONFLICT');
      expect(await t.world.count('jurisdiction', 'code = $1', [code])).toBe(1);

      const jurisdiction = await t.world.jurisdiction();
      const name = `Safe House ${randomBytes(3).toString('hex')}`;
      await t.gql.ok(CREATE_AGENCY, { input: { name, type: 'SHELTER', jurisdictionId: jurisdiction.id } }, token);
      expect(
        await t.gql.code(CREATE_AGENCY, { input: { name: name.toUpperCase(), type: 'SHELTER', jurisdictionId: jurisdiction.id } }, token),
      ).toBe('CONFLICT');
      expect(await t.world.count('agency', 'jurisdiction_id = $1', [jurisdiction.id])).toBe(1);
    });
  });

  describe('disabling and enabling', () => {
    it("refuses the disabled user's existing token at once, and enabling restores sign-in", async () => {
      const { agency, admin, token: adminToken } = await agencyWithAdmin(AgencyType.SHELTER);
      const staff: WorldUser = await t.world.user(Role.STAFF, agency.id);
      const session = (await t.gql.ok(LOGIN, { email: staff.email, password: staff.password })).login;
      expect((await t.gql.ok(ME, {}, session.accessToken)).me).toMatchObject({ id: staff.id, active: true });

      expect((await t.gql.ok(DISABLE_USER, { id: staff.id }, adminToken)).disableUser).toEqual({ id: staff.id, active: false });
      const refused = await t.gql.query(ME, {}, session.accessToken);
      expect(refused.errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(refused.data).toBeNull();
      expect(await t.gql.code(REFRESH, { token: session.refreshToken })).toBe('UNAUTHENTICATED');
      expect(await t.gql.code(LOGIN, { email: staff.email, password: staff.password })).toBe('UNAUTHENTICATED');
      expect(await t.world.count('auth_session', `user_id = $1 AND revoked_at IS NULL`, [staff.id])).toBe(0);

      expect((await t.gql.ok(ENABLE_USER, { id: staff.id }, adminToken)).enableUser).toEqual({ id: staff.id, active: true });
      const again = (await t.gql.ok(LOGIN, { email: staff.email, password: staff.password })).login;
      expect((await t.gql.ok(ME, {}, again.accessToken)).me).toMatchObject({ id: staff.id, active: true });
      // Enabling the account does not revive the sessions that disabling ended.
      expect(await t.gql.code(ME, {}, session.accessToken)).toBe('UNAUTHENTICATED');

      expect(await audits('USER_DISABLE', admin.id, 'subject_id = $3', [staff.id])).toBe(1);
      expect(await audits('USER_ENABLE', admin.id, 'subject_id = $3', [staff.id])).toBe(1);
    });

    it('a disabled agency administrator can no longer administer', async () => {
      const { admin, token: sysToken } = await systemAdmin();
      const { agency, admin: agencyAdmin, token } = await agencyWithAdmin();
      await t.gql.ok(DISABLE_USER, { id: agencyAdmin.id }, sysToken);
      const email = uniqueEmail('after-disable');
      expect((await createUser(token, { email, role: Role.STAFF, agencyId: agency.id })).errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(await usersWithEmail(email)).toBe(0);
      expect(await audits('USER_DISABLE', admin.id, 'subject_id = $3', [agencyAdmin.id])).toBe(1);
    });
  });

  describe('audit trail', () => {
    it('writes one row per allowed admin action and one ACCESS_DENIED row per denied attempt', async () => {
      const { agency, admin, token } = await agencyWithAdmin();
      const other = await t.world.agency(AgencyType.CHILD_WELFARE);
      const outsider = await t.world.user(Role.STAFF, other.id);

      const created = await createUser(token, { email: uniqueEmail('audited'), role: Role.STAFF, agencyId: agency.id });
      const staffId = created.data!.createUser.id;
      await t.gql.ok(DISABLE_USER, { id: staffId }, token);
      await t.gql.ok(ENABLE_USER, { id: staffId }, token);
      expect(await createUser(token, { email: uniqueEmail('denied'), role: Role.STAFF, agencyId: other.id }).then((r) => r.errors[0]?.extensions?.code)).toBe('FORBIDDEN');
      expect(await t.gql.code(DISABLE_USER, { id: outsider.id }, token)).toBe('NOT_FOUND');
      expect(await t.gql.code(CREATE_JURISDICTION, { input: { name: 'Denied County', code: uniqueCode() } }, token)).toBe('FORBIDDEN');

      expect(await audits('USER_CREATE', admin.id, `outcome = 'ALLOWED' AND subject_id = $3`, [staffId])).toBe(1);
      expect(await audits('USER_CREATE', admin.id)).toBe(1);
      expect(await audits('USER_DISABLE', admin.id, `outcome = 'ALLOWED' AND subject_id = $3`, [staffId])).toBe(1);
      expect(await audits('USER_ENABLE', admin.id, `outcome = 'ALLOWED' AND subject_id = $3`, [staffId])).toBe(1);
      expect(await audits('USER_DISABLE', admin.id)).toBe(1);
      expect(await audits('ACCESS_DENIED', admin.id, `outcome = 'DENIED' AND details->>'attempted' = 'USER_CREATE'`)).toBe(1);
      expect(await audits('ACCESS_DENIED', admin.id, `outcome = 'DENIED' AND details->>'attempted' = 'USER_DISABLE'`)).toBe(1);
      expect(await audits('ACCESS_DENIED', admin.id, `outcome = 'DENIED' AND details->>'operation' = 'createJurisdiction'`)).toBe(1);
      expect(await denials(admin.id)).toBe(3);
      // Every row carries the acting agency and the request it came from.
      expect(
        await t.world.count('audit_event', `actor_user_id = $1 AND (actor_agency_id IS DISTINCT FROM $2 OR request_id IS NULL)`, [admin.id, agency.id]),
      ).toBe(0);
    });
  });

  describe('users()', () => {
    it('walking pages of two returns every user of the agency exactly once, and no one else', async () => {
      const { agency, admin, token } = await agencyWithAdmin();
      const other = await t.world.agency(AgencyType.CHILD_WELFARE);
      await t.world.user(Role.STAFF, other.id);
      await t.world.user(Role.AGENCY_ADMIN, other.id);
      for (let i = 0; i < 3; i += 1) await t.world.user(Role.STAFF, agency.id);
      for (let i = 0; i < 2; i += 1) await t.world.user(Role.SUPERVISOR, agency.id);
      await t.world.user(Role.STAFF, agency.id, { active: false });
      // Three accounts with the same display name: the page boundary must not lose or repeat one of them.
      for (let i = 0; i < 3; i += 1) {
        const response = await createUser(token, { email: uniqueEmail('same'), role: Role.STAFF, agencyId: agency.id, displayName: 'Sam Same' });
        expect(response.errors).toEqual([]);
      }
      const expected: string[] = (await t.db.query(`SELECT id FROM app_user WHERE agency_id = $1`, [agency.id])).map(
        (row: { id: string }) => row.id,
      );
      expect(expected).toHaveLength(10);
      expect(expected).toContain(admin.id);

      async function walk(viewerToken: string, agencyId?: string): Promise<string[]> {
        const seen: string[] = [];
        let after: string | null = null;
        for (let page = 0; page < 20; page += 1) {
          const data: UsersPage = await t.gql.ok<UsersPage>(USERS, { agencyId, first: 2, after }, viewerToken);
          const { edges, pageInfo } = data.users;
          expect(edges.length).toBeLessThanOrEqual(2);
          for (const edge of edges) {
            expect(edge.node.agencyId).toBe(agency.id);
            seen.push(edge.node.id);
          }
          if (!pageInfo.hasNextPage) return seen;
          expect(edges).toHaveLength(2);
          expect(pageInfo.endCursor).toBe(edges[1]!.cursor);
          after = pageInfo.endCursor;
        }
        throw new Error('users() never reached its last page');
      }

      const sorted = (ids: string[]) => [...ids].sort();
      for (const [who, viewerToken, agencyId] of [
        ['agency admin, own agency implied', token, undefined],
        ['agency admin, own agency named', token, agency.id],
        ['system admin', (await systemAdmin()).token, agency.id],
      ] as const) {
        const seen = await walk(viewerToken, agencyId);
        expect({ who, count: seen.length }).toEqual({ who, count: expected.length });
        expect(new Set(seen).size).toBe(seen.length);
        expect(sorted(seen)).toEqual(sorted(expected));
      }
    });

    it("refuses an agency admin another agency's list with FORBIDDEN, audited", async () => {
      const { admin, token } = await agencyWithAdmin();
      const other = await t.world.agency(AgencyType.CHILD_WELFARE);
      await t.world.user(Role.STAFF, other.id);
      const response = await t.gql.query(USERS, { agencyId: other.id, first: 10 }, token);
      expect(response.errors[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(response.data).toBeNull();
      expect(await audits('ACCESS_DENIED', admin.id, `outcome = 'DENIED' AND details->>'attempted' = 'USER_LIST'`)).toBe(1);
      expect(await audits('USER_LIST', admin.id)).toBe(0);
    });
  });
});
