import { AgencyType, Role } from '@tandem/authz';
import { PasswordHasher } from '@tandem/identity';
import { createTestApp, TestApp } from './support/test-app';

// A right password checked while other sign-ins lock the account signs in, but does not lift the lock
// they set: the lock bounds the guesses of whoever else is trying.

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`;

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a right password and a lock set while it was being checked', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  it('signs the right password in and leaves the account locked by the wrong guesses that reached the limit meanwhile', async () => {
    const max = t.config.values.LOGIN_MAX_FAILURES;
    const agency = await t.world.agency(AgencyType.CHILD_WELFARE);
    const user = await t.world.user(Role.STAFF, agency.id);
    // Two checks left before the lock: the owner's sign-in takes one, a guess the last.
    await t.db.query(`UPDATE app_user SET failed_login_count = $2 WHERE id = $1`, [user.id, max - 2]);

    const hasher = t.app.get(PasswordHasher);
    const verify = hasher.verify.bind(hasher);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let ownerChecking = false;
    jest.spyOn(hasher, 'verify').mockImplementation(async (hash, password) => {
      if (password === user.password) {
        ownerChecking = true;
        await gate;
      }
      return verify(hash, password);
    });

    const owner = t.gql.query(LOGIN, { email: user.email, password: user.password });
    await until('the owner\'s password to be under check', () => ownerChecking);
    expect(await t.gql.code(LOGIN, { email: user.email, password: 'a-wrong-guess-1' })).toBe('UNAUTHENTICATED');
    const [locked] = await t.db.query(`SELECT locked_until > now() AS locked FROM app_user WHERE id = $1`, [user.id]);
    expect(locked.locked).toBe(true);
    release();
    const signedIn = await owner;
    expect(signedIn.errors).toEqual([]);

    const [after] = await t.db.query(`SELECT locked_until > now() AS locked FROM app_user WHERE id = $1`, [user.id]);
    expect(after.locked).toBe(true);
    expect(await t.gql.code(LOGIN, { email: user.email, password: 'a-wrong-guess-2' })).toBe('UNAUTHENTICATED');
    expect(await t.world.count('audit_event', `action = 'LOGIN_FAILURE' AND actor_user_id = $1 AND reason = 'account locked'`, [user.id])).toBe(1);
  });
});
