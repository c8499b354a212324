import { randomBytes } from 'node:crypto';
import { AuthService } from '@tandem/auth';
import { AgencyType, Role } from '@tandem/authz';
import { WorldUser } from '@tandem/testing';
import { createTestApp, TestApp } from './support/test-app';

// Changing one's own password, and the temporary password an administrator sets (docs/access-policy.md,
// "manage user accounts" and "change your own password or sign out").

const LOGIN = `mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken refreshToken passwordChangeRequired user { id } }
}`;
const REFRESH = `mutation($token: String!) { refreshToken(token: $token) { accessToken refreshToken passwordChangeRequired } }`;
const CHANGE = `mutation($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) }`;
const ME = `{ me { id passwordChangeRequired } }`;
const CASES = `{ cases(first: 1) { edges { node { id } } } }`;
const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id passwordChangeRequired } }`;

const TEMPORARY = 'Temporary-Pass-From-Admin-1';
const CHOSEN = 'My-Own-Secret-Phrase-42';

interface Session {
  accessToken: string;
  refreshToken: string;
  passwordChangeRequired: boolean;
}

describe('changing passwords; temporary passwords set by an administrator', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function login(email: string, password: string): Promise<Session> {
    return (await t.gql.ok<{ login: Session }>(LOGIN, { email, password })).login;
  }

  /** A staff account created by its agency's administrator through the API, with a temporary password. */
  async function createdByAdmin(role = Role.STAFF): Promise<{ id: string; email: string; adminId: string }> {
    const agency = await t.world.agency(AgencyType.CHILD_WELFARE);
    const admin = await t.world.user(Role.AGENCY_ADMIN, agency.id);
    const email = `new-${randomBytes(5).toString('hex')}@tandem.test`;
    const created = await t.gql.ok<{ createUser: { id: string; passwordChangeRequired: boolean } }>(
      CREATE_USER,
      { input: { email, displayName: 'New Person', role, agencyId: agency.id, password: TEMPORARY } },
      await t.signIn(admin),
    );
    expect(created.createUser.passwordChangeRequired).toBe(true);
    return { id: created.createUser.id, email, adminId: admin.id };
  }

  async function ownAccount(): Promise<WorldUser> {
    const agency = await t.world.agency(AgencyType.SHELTER);
    return t.world.user(Role.STAFF, agency.id);
  }

  it('a password set by an administrator must be changed before anything else works', async () => {
    const user = await createdByAdmin(Role.SUPERVISOR);
    const session = await login(user.email, TEMPORARY);
    expect(session.passwordChangeRequired).toBe(true);

    const refused = await t.gql.query(CASES, {}, session.accessToken);
    expect(refused.data).toBeNull();
    expect(refused.errors[0]?.extensions?.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(refused.errors[0]?.message).toMatch(/change your password/i);
    // Refreshing does not get round it.
    const refreshed = (await t.gql.ok<{ refreshToken: Session }>(REFRESH, { token: session.refreshToken })).refreshToken;
    expect(refreshed.passwordChangeRequired).toBe(true);
    expect(await t.gql.code(CASES, {}, refreshed.accessToken)).toBe('PASSWORD_CHANGE_REQUIRED');
    // What stays open: who am I, change the password, sign out.
    expect((await t.gql.ok(ME, {}, refreshed.accessToken)).me).toEqual({ id: user.id, passwordChangeRequired: true });

    expect((await t.gql.ok(CHANGE, { current: TEMPORARY, next: CHOSEN }, refreshed.accessToken)).changePassword).toBe(true);
    // A supervisor then enrols a second factor, the next thing before anything else.
    expect(await t.gql.code(CASES, {}, refreshed.accessToken)).toBe('MFA_ENROLLMENT_REQUIRED');
    await t.enrolMfa(refreshed.accessToken, user.email);
    expect((await t.gql.ok(CASES, {}, refreshed.accessToken)).cases.edges).toEqual([]);
    expect((await t.gql.ok(ME, {}, refreshed.accessToken)).me.passwordChangeRequired).toBe(false);

    expect(await t.gql.code(LOGIN, { email: user.email, password: TEMPORARY })).toBe('UNAUTHENTICATED');
    expect((await t.login(user.email, CHOSEN, 'passwordChangeRequired')).passwordChangeRequired).toBe(false);
    expect(
      await t.world.count('audit_event', `action = 'PASSWORD_CHANGE' AND outcome = 'ALLOWED' AND actor_user_id = $1 AND details->>'wasTemporary' = 'true'`, [user.id]),
    ).toBe(1);
    // The administrator never sees the new password, and the temporary one is gone.
    expect(await t.gql.code(LOGIN, { email: user.email, password: TEMPORARY })).toBe('UNAUTHENTICATED');
  });

  it('sockets and other routes that authenticate a token refuse a temporary password outright', async () => {
    const user = await createdByAdmin();
    const session = await login(user.email, TEMPORARY);
    const auth = t.app.get(AuthService);
    await expect(auth.authenticate(session.accessToken)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/change your password/i) });
    await t.gql.ok(CHANGE, { current: TEMPORARY, next: CHOSEN }, session.accessToken);
    expect((await auth.authenticate(session.accessToken)).userId).toBe(user.id);
  });

  it('a temporary password can be used to sign out', async () => {
    const user = await createdByAdmin();
    const session = await login(user.email, TEMPORARY);
    expect(await t.gql.ok(`mutation { logout }`, {}, session.accessToken)).toEqual({ logout: true });
    expect(await t.gql.code(ME, {}, session.accessToken)).toBe('UNAUTHENTICATED');
  });

  it('changing the password ends the other sessions and keeps this one', async () => {
    const user = await ownAccount();
    const here = await login(user.email, user.password);
    const elsewhere = await login(user.email, user.password);
    expect(here.passwordChangeRequired).toBe(false);

    expect((await t.gql.ok(CHANGE, { current: user.password, next: CHOSEN }, here.accessToken)).changePassword).toBe(true);
    expect(await t.gql.code(ME, {}, elsewhere.accessToken)).toBe('UNAUTHENTICATED');
    expect(await t.gql.code(REFRESH, { token: elsewhere.refreshToken })).toBe('UNAUTHENTICATED');
    expect((await t.gql.ok(ME, {}, here.accessToken)).me.id).toBe(user.id);
    const next = (await t.gql.ok<{ refreshToken: Session }>(REFRESH, { token: here.refreshToken })).refreshToken;
    expect((await t.gql.ok(ME, {}, next.accessToken)).me.id).toBe(user.id);
    expect(await t.world.count('auth_session', `user_id = $1 AND revoked_at IS NULL`, [user.id])).toBe(1);
    expect(await t.world.count('auth_session', `user_id = $1 AND revoked_reason = 'PASSWORD_CHANGED'`, [user.id])).toBe(1);
  });

  it('refuses a wrong current password, a new password that breaks the rules or repeats the current one, and changes nothing', async () => {
    const user = await ownAccount();
    const session = await login(user.email, user.password);
    const other = await login(user.email, user.password);
    const [before] = await t.db.query(`SELECT password_hash AS hash FROM app_user WHERE id = $1`, [user.id]);
    const cases: [Record<string, string>, string][] = [
      [{ current: 'not-my-password-1', next: CHOSEN }, 'currentPassword'],
      [{ current: user.password, next: 'short' }, 'newPassword'],
      [{ current: user.password, next: 'x'.repeat(201) }, 'newPassword'],
      [{ current: user.password, next: user.password }, 'newPassword'],
      [{ current: user.password, next: `${CHOSEN}\u0007` }, 'newPassword'],
    ];
    for (const [variables, path] of cases) {
      const response = await t.gql.query(CHANGE, variables, session.accessToken);
      expect(response.data).toBeNull();
      expect(response.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect((response.errors[0]?.extensions?.fields as { path: string }[])[0]?.path).toBe(path);
    }
    const [after] = await t.db.query(`SELECT password_hash AS hash FROM app_user WHERE id = $1`, [user.id]);
    expect(after.hash).toBe(before.hash);
    expect((await t.gql.ok(ME, {}, other.accessToken)).me.id).toBe(user.id);
    expect(await t.world.count('audit_event', `action = 'PASSWORD_CHANGE' AND outcome = 'ALLOWED' AND actor_user_id = $1`, [user.id])).toBe(0);
    expect(await t.world.count('audit_event', `action = 'PASSWORD_CHANGE' AND outcome = 'DENIED' AND actor_user_id = $1`, [user.id])).toBe(1);
  });

  it('guessing the current password through changePassword counts toward the lockout', async () => {
    const user = await ownAccount();
    const session = await login(user.email, user.password);
    const max = t.config.values.LOGIN_MAX_FAILURES;
    for (let i = 0; i < max; i += 1) {
      expect(await t.gql.code(CHANGE, { current: `guess-number-${i}`, next: CHOSEN }, session.accessToken)).toBe('BAD_USER_INPUT');
    }
    // Locked: even the right current password is not checked now.
    expect(await t.gql.code(CHANGE, { current: user.password, next: CHOSEN }, session.accessToken)).toBe('RATE_LIMITED');
    expect(await t.gql.code(LOGIN, { email: user.email, password: user.password })).toBe('UNAUTHENTICATED');
  });

  it('two changes at once: one wins, the other changes nothing', async () => {
    const user = await ownAccount();
    const session = await login(user.email, user.password);
    const answers = await Promise.all(
      ['First-New-Password-1', 'Second-New-Password-2'].map((next) => t.gql.query(CHANGE, { current: user.password, next }, session.accessToken)),
    );
    const won = answers.filter((answer) => answer.data?.changePassword === true);
    expect(won).toHaveLength(1);
    const lost = answers.find((answer) => answer !== won[0])!;
    expect(['CONFLICT', 'BAD_USER_INPUT']).toContain(lost.errors[0]?.extensions?.code);
    expect(await t.world.count('audit_event', `action = 'PASSWORD_CHANGE' AND outcome = 'ALLOWED' AND actor_user_id = $1`, [user.id])).toBe(1);
  });

  it('an anonymous caller cannot change a password', async () => {
    expect(await t.gql.code(CHANGE, { current: 'anything-at-all', next: CHOSEN })).toBe('UNAUTHENTICATED');
  });
});
