import { AgencyType, Role } from '@tandem/authz';
import { PasswordHasher } from '@tandem/identity';
import { WorldUser } from '@tandem/testing';
import { createTestApp, TestApp } from './support/test-app';

// Sign-in under attack: the lockout holds whatever the concurrency, and a disabled account answers
// a right and a wrong password alike.

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken user { id } } }`;

describe('sign-in lockout and account states', () => {
  let t: TestApp;
  let hasher: PasswordHasher;

  beforeAll(async () => {
    t = await createTestApp();
    hasher = t.app.get(PasswordHasher);
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  async function staff(options: { active?: boolean } = {}): Promise<WorldUser & { hash: string }> {
    const agency = await t.world.agency(AgencyType.CHILD_WELFARE);
    const user = await t.world.user(Role.STAFF, agency.id, options);
    const [row] = await t.db.query(`SELECT password_hash AS hash FROM app_user WHERE id = $1`, [user.id]);
    return { ...user, hash: row.hash };
  }

  /** Counts the verifications made against one account's real password hash. */
  function countChecks(hash: string): () => number {
    const verify = jest.spyOn(hasher, 'verify');
    return () => verify.mock.calls.filter(([checked]) => checked === hash).length;
  }

  const failures = (userId: string, reason: string) =>
    t.world.count('audit_event', `action = 'LOGIN_FAILURE' AND actor_user_id = $1 AND reason = $2`, [userId, reason]);

  it('checks at most LOGIN_MAX_FAILURES passwords when twelve wrong sign-ins arrive at once, and the account locks', async () => {
    const max = t.config.values.LOGIN_MAX_FAILURES;
    const user = await staff();
    const checks = countChecks(user.hash);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => t.gql.query(LOGIN, { email: user.email, password: `wrong-password-${i}` })),
    );
    for (const answer of answers) {
      expect(answer.errors[0]).toMatchObject({ message: 'Invalid email or password', extensions: { code: 'UNAUTHENTICATED' } });
    }
    expect(checks()).toBeLessThanOrEqual(max);
    // Every attempt is audited: the ones checked as wrong passwords, the rest as refused by the lock.
    const wrong = (await failures(user.id, 'wrong password')) + (await failures(user.id, 'wrong password; account locked'));
    expect(wrong).toBe(checks());
    expect(await failures(user.id, 'account locked')).toBe(12 - wrong);
    expect(await failures(user.id, 'wrong password; account locked')).toBe(1);
    // Locked: the right password is refused, and not even checked.
    const before = checks();
    expect(await t.gql.code(LOGIN, { email: user.email, password: user.password })).toBe('UNAUTHENTICATED');
    expect(checks()).toBe(before);
  });

  it('with eleven wrong passwords and the right one at once, checks at most LOGIN_MAX_FAILURES of them', async () => {
    const max = t.config.values.LOGIN_MAX_FAILURES;
    const user = await staff();
    const checks = countChecks(user.hash);
    const passwords = [...Array.from({ length: 11 }, (_, i) => `wrong-password-${i}`), user.password];
    const answers = await Promise.all(passwords.map((password) => t.gql.query(LOGIN, { email: user.email, password })));
    const accepted = answers.filter((answer) => answer.data?.login).length;
    expect(checks()).toBeLessThanOrEqual(max);
    expect(accepted).toBeLessThanOrEqual(1);
    expect(await t.world.count('audit_event', `action = 'LOGIN_SUCCESS' AND actor_user_id = $1`, [user.id])).toBe(accepted);
  });

  it('a lock that has run out gives a fresh set of attempts', async () => {
    const max = t.config.values.LOGIN_MAX_FAILURES;
    const user = await staff();
    for (let i = 0; i < max; i += 1) await t.gql.query(LOGIN, { email: user.email, password: `wrong-password-${i}` });
    expect(await t.gql.code(LOGIN, { email: user.email, password: user.password })).toBe('UNAUTHENTICATED');
    t.clock.advance(t.config.values.LOGIN_LOCK_SECONDS * 1000 + 1000);
    try {
      expect(await t.gql.code(LOGIN, { email: user.email, password: 'wrong-password-again' })).toBe('UNAUTHENTICATED');
      expect((await t.gql.ok(LOGIN, { email: user.email, password: user.password })).login.user.id).toBe(user.id);
      const [row] = await t.db.query(`SELECT failed_login_count AS n, locked_until AS "lockedUntil" FROM app_user WHERE id = $1`, [user.id]);
      expect(row).toEqual({ n: 0, lockedUntil: null });
    } finally {
      t.clock.set(new Date());
    }
  });

  it('a disabled account answers a right and a wrong password alike, audits both alike, and checks the password both times', async () => {
    const user = await staff({ active: false });
    const checks = countChecks(user.hash);
    const right = await t.gql.query(LOGIN, { email: user.email, password: user.password });
    const wrong = await t.gql.query(LOGIN, { email: user.email, password: 'not-the-password-1' });
    expect(right.data).toBeNull();
    expect(wrong.data).toBeNull();
    expect(right.errors.map(({ message, extensions }) => ({ message, extensions }))).toEqual(
      wrong.errors.map(({ message, extensions }) => ({ message, extensions })),
    );
    expect(right.errors[0]).toMatchObject({ message: 'Invalid email or password', extensions: { code: 'UNAUTHENTICATED' } });
    expect(checks()).toBe(2);
    const rows = await t.db.query(
      `SELECT action, outcome, reason, subject_type AS "subjectType", subject_id AS "subjectId", details
         FROM audit_event WHERE actor_user_id = $1 ORDER BY occurred_at, id`,
      [user.id],
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual(rows[1]);
    expect(rows[0]).toMatchObject({ action: 'LOGIN_FAILURE', outcome: 'DENIED', details: { accountState: 'DISABLED' } });
  });

  it('a user of a disabled agency answers a right and a wrong password alike', async () => {
    const user = await staff();
    await t.db.query(`UPDATE agency SET active = false WHERE id = $1`, [user.agencyId]);
    const right = await t.gql.query(LOGIN, { email: user.email, password: user.password });
    const wrong = await t.gql.query(LOGIN, { email: user.email, password: 'not-the-password-1' });
    expect(right.errors[0]?.message).toBe('Invalid email or password');
    expect(right.errors[0]?.message).toBe(wrong.errors[0]?.message);
    const reasons = await t.db.query(`SELECT reason FROM audit_event WHERE actor_user_id = $1 ORDER BY occurred_at, id`, [user.id]);
    expect(reasons).toHaveLength(2);
    expect(reasons[0]).toEqual(reasons[1]);
  });
});
