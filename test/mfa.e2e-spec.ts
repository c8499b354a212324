import { AgencyType, Role } from '@tandem/authz';
import { hashParameters } from '@tandem/identity';
import { totpCode } from '@tandem/mfa';
import { WorldUser } from '@tandem/testing';
import { createTestApp, TestApp } from './support/test-app';

const LOGIN = `mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken refreshToken mfaEnrollmentRequired user { id } }
}`;
const VERIFY = `mutation($challenge: String!, $code: String!) { verifyMfa(challenge: $challenge, code: $code) { accessToken mfaEnrollmentRequired user { id } } }`;
const START = `mutation { startMfaEnrollment { otpauthUri secret } }`;
const CONFIRM = `mutation($code: String!) { confirmMfaEnrollment(code: $code) { recoveryCodes } }`;
const MY_MFA = `{ myMfa { enrolled required recoveryCodesLeft } }`;
const ME = `{ me { id } }`;
const CASES = `{ cases(first: 5) { edges { node { id } } } }`;
const RESET = `mutation($userId: ID!) { resetUserMfa(userId: $userId) }`;
const AGENCY_RULE = `mutation($agencyId: ID!, $required: Boolean!) { setAgencyMfaRequired(agencyId: $agencyId, required: $required) }`;
const CHANGE = `mutation($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) }`;
const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`;
const AUDIT = `query($filter: AuditEventFilter) { auditEvents(first: 100, filter: $filter) { edges { node { action outcome actorUserId reason } } } }`;

describe('multi-factor sign-in', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const audits = (action: string, userId: string, extra = 'true', params: unknown[] = []) =>
    t.world.count('audit_event', `action = $1 AND actor_user_id = $2 AND ${extra}`, [action, userId, ...params]);
  const lockState = async (userId: string) => (await t.db.query(`SELECT failed_login_count AS n, locked_until AS until FROM app_user WHERE id = $1`, [userId]))[0];

  /** `login` for an account with a second factor: its MFA_REQUIRED error's challenge. */
  async function challengeFor(user: Pick<WorldUser, 'email' | 'password'>): Promise<string> {
    const answer = await t.gql.query(LOGIN, { email: user.email, password: user.password });
    expect(answer.data).toBeNull();
    expect(answer.errors[0]?.extensions).toMatchObject({ code: 'MFA_REQUIRED', challenge: expect.any(String), challengeExpiresAt: expect.any(String) });
    return answer.errors[0]!.extensions!.challenge as string;
  }

  /** A child-welfare caseworker (no second factor required), signed in. */
  async function caseworker(): Promise<WorldUser & { token: string }> {
    const agency = await t.world.agency(AgencyType.CHILD_WELFARE);
    const user = await t.world.user(Role.STAFF, agency.id);
    return { ...user, token: await t.signIn(user) };
  }

  /** A police officer enrolled by the world (law enforcement requires a second factor). */
  async function officer(): Promise<WorldUser> {
    const agency = await t.world.agency(AgencyType.LAW_ENFORCEMENT);
    const user = await t.world.user(Role.STAFF, agency.id);
    expect(user.totpSecret).toBeDefined();
    return user;
  }

  describe('enrolment', () => {
    it('issues an otpauth URI, keeps the secret sealed, and confirms with a first code; the ten recovery codes are shown once and kept hashed', async () => {
      const user = await caseworker();
      expect((await t.gql.ok(MY_MFA, {}, user.token)).myMfa).toEqual({ enrolled: false, required: false, recoveryCodesLeft: 0 });

      const started = (await t.gql.ok(START, {}, user.token)).startMfaEnrollment;
      expect(started.otpauthUri).toMatch(/^otpauth:\/\/totp\/Tandem:[^?]+\?/);
      expect(started.otpauthUri).toContain(`secret=${started.secret}`);
      const [stored] = await t.db.query(`SELECT secret_sealed AS sealed, confirmed_at AS confirmed FROM user_mfa WHERE user_id = $1`, [user.id]);
      expect(stored.sealed).toMatch(/^v1\./);
      expect(stored.sealed).not.toContain(started.secret);
      expect(stored.confirmed).toBeNull();

      const wrong = await t.gql.query(CONFIRM, { code: totpCode(started.secret, new Date(t.clock.now().getTime() - 10 * 60_000)) }, user.token);
      expect(wrong.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'code' }] });
      expect(await audits('MFA_ENROLL', user.id, `outcome = 'DENIED'`)).toBe(1);

      const codes: string[] = (await t.gql.ok(CONFIRM, { code: totpCode(started.secret, t.clock.now()) }, user.token)).confirmMfaEnrollment.recoveryCodes;
      expect(codes).toHaveLength(10);
      expect(new Set(codes).size).toBe(10);
      const hashes = await t.db.query(`SELECT encode(code_hash, 'escape') AS hash FROM mfa_recovery_code WHERE user_id = $1`, [user.id]);
      expect(hashes).toHaveLength(10);
      for (const code of codes) expect(hashes.map((row: { hash: string }) => row.hash).join()).not.toContain(code.replace('-', ''));
      expect((await t.gql.ok(MY_MFA, {}, user.token)).myMfa).toEqual({ enrolled: true, required: false, recoveryCodesLeft: 10 });
      expect(await audits('MFA_ENROLL_START', user.id)).toBe(1);
      expect(await audits('MFA_ENROLL', user.id, `outcome = 'ALLOWED'`)).toBe(1);

      // A confirmed factor is not replaced by starting again: an administrator resets a lost one.
      expect(await t.gql.code(START, {}, user.token)).toBe('CONFLICT');
      expect(await t.gql.code(CONFIRM, { code: '123456' }, user.token)).toBe('CONFLICT');
    });
  });

  describe('signing in with a second factor', () => {
    it('answers MFA_REQUIRED with a challenge and no session, then the tokens for the challenge and a right code', async () => {
      const user = await officer();
      const sessionsBefore = await t.world.count('auth_session', 'user_id = $1', [user.id]);
      const challenge = await challengeFor(user);
      expect(await t.world.count('auth_session', 'user_id = $1', [user.id])).toBe(sessionsBefore);
      expect(await t.gql.code(VERIFY, { challenge, code: '' })).toBe('BAD_USER_INPUT');

      const verified = (await t.gql.ok(VERIFY, { challenge, code: t.totpCode(user.email) })).verifyMfa;
      expect(verified).toMatchObject({ mfaEnrollmentRequired: false, user: { id: user.id } });
      expect((await t.gql.ok(ME, {}, verified.accessToken)).me.id).toBe(user.id);
      expect(await audits('MFA_CHALLENGE', user.id)).toBe(1);
      expect(await audits('MFA_SUCCESS', user.id, `details->>'method' = 'TOTP'`)).toBe(1);
      expect(await audits('LOGIN_SUCCESS', user.id, `details->>'secondFactor' = 'TOTP'`)).toBe(1);
      // The challenge is single-use.
      expect((await t.gql.query(VERIFY, { challenge, code: t.totpCode(user.email) })).errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    });

    it('refuses a wrong code, audited, and still takes a right one on the same challenge', async () => {
      const user = await officer();
      const challenge = await challengeFor(user);
      const wrong = await t.gql.query(VERIFY, { challenge, code: totpCode(user.totpSecret!, new Date(t.clock.now().getTime() + 5 * 60_000)) });
      expect(wrong.errors[0]).toMatchObject({ message: 'The code is not valid', extensions: { code: 'UNAUTHENTICATED' } });
      expect(await audits('MFA_FAILURE', user.id, `reason = 'wrong code'`)).toBe(1);
      expect((await t.gql.ok(VERIFY, { challenge, code: t.totpCode(user.email) })).verifyMfa.user.id).toBe(user.id);
    });

    it('refuses a code already used, even with a new challenge', async () => {
      const user = await officer();
      const code = t.totpCode(user.email);
      await t.gql.ok(VERIFY, { challenge: await challengeFor(user), code });
      const replay = await t.gql.query(VERIFY, { challenge: await challengeFor(user), code });
      expect(replay.errors[0]).toMatchObject({ message: 'The code is not valid', extensions: { code: 'UNAUTHENTICATED' } });
      expect(await audits('MFA_FAILURE', user.id, `reason = 'code already used'`)).toBe(1);
      // The code of the next time step is a new one.
      t.clock.advance(30_000);
      expect((await t.gql.ok(VERIFY, { challenge: await challengeFor(user), code: t.totpCode(user.email) })).verifyMfa.user.id).toBe(user.id);
    });

    it('refuses an expired challenge and an unknown one', async () => {
      const user = await officer();
      const challenge = await challengeFor(user);
      t.clock.advance((t.config.values.MFA_CHALLENGE_SECONDS + 1) * 1000);
      const expired = await t.gql.query(VERIFY, { challenge, code: t.totpCode(user.email) });
      expect(expired.errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      expect(expired.errors[0]?.message).toMatch(/expired/);
      expect(await audits('MFA_FAILURE', user.id, `reason = 'challenge expired'`)).toBe(1);
      expect(await t.gql.code(VERIFY, { challenge: 'not-a-challenge-anyone-was-given', code: '123456' })).toBe('UNAUTHENTICATED');
    });

    it('takes each recovery code once', async () => {
      const user = await caseworker();
      const codes = await t.enrolMfa(user.token, user.email);
      const first = (await t.gql.ok(VERIFY, { challenge: await challengeFor(user), code: codes[0]!.toLowerCase() })).verifyMfa;
      expect(first.user.id).toBe(user.id);
      expect(await audits('MFA_RECOVERY_CODE_USED', user.id, `details->>'left' = '9'`)).toBe(1);
      expect(await audits('MFA_SUCCESS', user.id, `details->>'method' = 'RECOVERY_CODE'`)).toBe(1);

      const again = await t.gql.query(VERIFY, { challenge: await challengeFor(user), code: codes[0]! });
      expect(again.errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      expect(await audits('MFA_FAILURE', user.id, `reason = 'code already used'`)).toBe(1);
      expect((await t.gql.ok(VERIFY, { challenge: await challengeFor(user), code: codes[1]! })).verifyMfa.user.id).toBe(user.id);
      expect((await t.gql.ok(MY_MFA, {}, first.accessToken)).myMfa.recoveryCodesLeft).toBe(8);
    });

    it('locks the account after five wrong codes, as after five wrong passwords, and a right password buys no more guesses', async () => {
      const user = await officer();
      const stale = () => totpCode(user.totpSecret!, new Date(t.clock.now().getTime() - 10 * 60_000));
      // Four wrong codes, then the right password again: the count goes on.
      let challenge = await challengeFor(user);
      for (let i = 0; i < 4; i += 1) expect(await t.gql.code(VERIFY, { challenge, code: stale() })).toBe('UNAUTHENTICATED');
      challenge = await challengeFor(user);
      expect((await lockState(user.id)).n).toBe(4);
      expect(await t.gql.code(VERIFY, { challenge, code: stale() })).toBe('UNAUTHENTICATED');
      expect((await lockState(user.id)).until).not.toBeNull();
      expect(await audits('MFA_FAILURE', user.id, `reason = 'wrong code; account locked'`)).toBe(1);

      // Locked: the right code is refused, and so is the right password.
      expect(await t.gql.code(VERIFY, { challenge, code: t.totpCode(user.email) })).toBe('UNAUTHENTICATED');
      expect(await audits('MFA_FAILURE', user.id, `reason = 'account locked'`)).toBe(1);
      expect(await t.gql.code(LOGIN, { email: user.email, password: user.password })).toBe('UNAUTHENTICATED');

      t.clock.advance(t.config.values.LOGIN_LOCK_SECONDS * 1000 + 1000);
      await t.world.allowCodeAgain(user.email);
      expect((await t.gql.ok(VERIFY, { challenge: await challengeFor(user), code: t.totpCode(user.email) })).verifyMfa.user.id).toBe(user.id);
      expect((await lockState(user.id)).n).toBe(0);
    });
  });

  describe('a second factor required', () => {
    it('lets an account that must enrol do nothing but enrol, then requires its code at the next sign-in', async () => {
      const agency = await t.world.agency(AgencyType.CHILD_WELFARE);
      const user = await t.world.user(Role.SUPERVISOR, agency.id, { mfa: false });
      const session = (await t.gql.ok(LOGIN, { email: user.email, password: user.password })).login;
      expect(session.mfaEnrollmentRequired).toBe(true);
      const refused = await t.gql.query(CASES, {}, session.accessToken);
      expect(refused.data).toBeNull();
      expect(refused.errors[0]).toMatchObject({ extensions: { code: 'MFA_ENROLLMENT_REQUIRED' } });
      expect(refused.errors[0]?.message).toMatch(/second factor/);
      expect(await t.gql.code(AUDIT, {}, session.accessToken)).toBe('MFA_ENROLLMENT_REQUIRED');
      expect((await t.gql.ok(ME, {}, session.accessToken)).me.id).toBe(user.id);
      expect((await t.gql.ok(MY_MFA, {}, session.accessToken)).myMfa).toEqual({ enrolled: false, required: true, recoveryCodesLeft: 0 });

      await t.enrolMfa(session.accessToken, user.email);
      expect((await t.gql.ok(CASES, {}, session.accessToken)).cases.edges).toEqual([]);
      t.clock.advance(30_000);
      const next = await t.login(user.email, user.password, 'accessToken mfaEnrollmentRequired');
      expect(next.mfaEnrollmentRequired).toBe(false);
    });

    it('requires it of every role of a law-enforcement or prosecution agency, and of every user of an agency whose rule says so', async () => {
      for (const type of [AgencyType.LAW_ENFORCEMENT, AgencyType.PROSECUTION]) {
        const agency = await t.world.agency(type);
        const user = await t.world.user(Role.STAFF, agency.id, { mfa: false });
        expect((await t.gql.ok(LOGIN, { email: user.email, password: user.password })).login.mfaEnrollmentRequired).toBe(true);
      }
      const shelter = await t.world.agency(AgencyType.SHELTER);
      const staff = await t.world.user(Role.STAFF, shelter.id);
      expect(staff.totpSecret).toBeUndefined();
      expect((await t.gql.ok(LOGIN, { email: staff.email, password: staff.password })).login.mfaEnrollmentRequired).toBe(false);

      const admin = await t.world.user(Role.AGENCY_ADMIN, shelter.id);
      expect((await t.gql.ok(AGENCY_RULE, { agencyId: shelter.id, required: true }, await t.signIn(admin))).setAgencyMfaRequired).toBe(true);
      expect(await t.world.count('audit_event', `action = 'AGENCY_MFA_POLICY' AND subject_id = $1`, [shelter.id])).toBe(1);
      const colleague = await t.world.user(Role.STAFF, shelter.id, { mfa: false });
      expect((await t.gql.ok(LOGIN, { email: colleague.email, password: colleague.password })).login.mfaEnrollmentRequired).toBe(true);

      // Another agency's admin may not set this one's rule.
      const elsewhere = await t.world.user(Role.AGENCY_ADMIN, (await t.world.agency(AgencyType.SHELTER)).id);
      expect(await t.gql.code(AGENCY_RULE, { agencyId: shelter.id, required: false }, await t.signIn(elsewhere))).toBe('FORBIDDEN');
    });
  });

  describe("an administrator's reset", () => {
    it('removes the second factor and ends the sessions; the user enrols again; audited for the agency', async () => {
      const agency = await t.world.agency(AgencyType.LAW_ENFORCEMENT);
      const user = await t.world.user(Role.STAFF, agency.id);
      const admin = await t.world.user(Role.AGENCY_ADMIN, agency.id);
      const supervisor = await t.world.user(Role.SUPERVISOR, agency.id);
      const userToken = await t.signIn(user);
      const adminToken = await t.signIn(admin);

      expect(await t.gql.code(RESET, { userId: user.id }, userToken)).toBe('FORBIDDEN');
      const otherAdmin = await t.world.user(Role.AGENCY_ADMIN, (await t.world.agency(AgencyType.LAW_ENFORCEMENT)).id);
      expect(await t.gql.code(RESET, { userId: user.id }, await t.signIn(otherAdmin))).toBe('NOT_FOUND');

      expect((await t.gql.ok(RESET, { userId: user.id }, adminToken)).resetUserMfa).toBe(true);
      expect(await t.world.count('user_mfa', 'user_id = $1', [user.id])).toBe(0);
      expect(await t.gql.code(ME, {}, userToken)).toBe('UNAUTHENTICATED');
      const again = (await t.gql.ok(LOGIN, { email: user.email, password: user.password })).login;
      expect(again.mfaEnrollmentRequired).toBe(true);
      expect(await t.gql.code(CASES, {}, again.accessToken)).toBe('MFA_ENROLLMENT_REQUIRED');

      // The user's supervisor reads the reset and the user's second-factor events with their agency's.
      const seen = (await t.gql.ok(AUDIT, { filter: { actorAgencyId: agency.id } }, await t.signIn(supervisor))).auditEvents.edges.map(
        (edge: { node: { action: string; actorUserId: string } }) => edge.node,
      );
      expect(seen).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'MFA_RESET', actorUserId: admin.id })]));
      expect(seen).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'MFA_SUCCESS', actorUserId: user.id })]));
    });
  });

  describe('passwords', () => {
    it('refuses a common or short new password, in changePassword and createUser alike', async () => {
      const user = await caseworker();
      const common = await t.gql.query(CHANGE, { current: user.password, next: 'Passwordpassword1' }, user.token);
      expect(common.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'newPassword', message: expect.stringMatching(/common/) }] });
      const short = await t.gql.query(CHANGE, { current: user.password, next: 'Short-pass1' }, user.token);
      expect(short.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'newPassword', message: 'must be 12 to 200 characters' }] });
      expect(await t.world.count('audit_event', `action = 'PASSWORD_CHANGE' AND actor_user_id = $1`, [user.id])).toBe(0);

      const agency = await t.world.agency(AgencyType.CHILD_WELFARE);
      const admin = await t.world.user(Role.AGENCY_ADMIN, agency.id);
      const created = await t.gql.query(
        CREATE_USER,
        { input: { email: `common-${user.id.slice(0, 8)}@tandem.test`, displayName: 'Common', role: 'STAFF', agencyId: agency.id, password: 'iloveyou2026' } },
        await t.signIn(admin),
      );
      expect(created.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.password' }] });
    });
  });
});

describe('password rules and hashing from the configuration', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ PASSWORD_MIN_LENGTH: '16', PASSWORD_HASH_MEMORY_KIB: '8192', PASSWORD_HASH_TIME_COST: '3' });
  });
  afterAll(() => t.close());

  it('hashes a password again with the configured parameters at its next right sign-in', async () => {
    const agency = await t.world.agency(AgencyType.SHELTER);
    const user = await t.world.user(Role.STAFF, agency.id);
    const hashOf = async () => (await t.db.query(`SELECT password_hash AS hash FROM app_user WHERE id = $1`, [user.id]))[0].hash as string;
    expect(hashParameters(await hashOf())).toMatchObject({ memoryCost: 4096, timeCost: 2 });
    // A wrong password changes nothing.
    expect(await t.gql.code(LOGIN, { email: user.email, password: 'not-the-password-1' })).toBe('UNAUTHENTICATED');
    expect(hashParameters(await hashOf())).toMatchObject({ memoryCost: 4096, timeCost: 2 });

    const token = await t.signIn(user);
    expect(hashParameters(await hashOf())).toEqual({ memoryCost: 8192, timeCost: 3, parallelism: 1 });
    expect(await t.world.count('audit_event', `action = 'LOGIN_SUCCESS' AND actor_user_id = $1 AND details->>'passwordRehashed' = 'true'`, [user.id])).toBe(1);
    // The same password goes on working, and is not hashed again.
    await t.signIn(user);
    expect(await t.world.count('audit_event', `action = 'LOGIN_SUCCESS' AND actor_user_id = $1 AND details->>'passwordRehashed' = 'true'`, [user.id])).toBe(1);

    const short = await t.gql.query(CHANGE, { current: user.password, next: 'Fifteen-chars-1' }, token);
    expect(short.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'newPassword', message: 'must be 16 to 200 characters' }] });
  });
});
