import { Role, AgencyType } from '@tandem/authz';
import { createTestApp, TestApp } from './support/test-app';

const LOGIN = `mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken refreshToken user { id email role } }
}`;
const REFRESH = `mutation($token: String!) { refreshToken(token: $token) { accessToken refreshToken } }`;
const ME = `{ me { id email role agency { id name } } }`;

describe('sign-in, sessions and tokens', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function staff() {
    const agency = await t.world.agency(AgencyType.CHILD_WELFARE);
    return t.world.user(Role.STAFF, agency.id);
  }

  it('signs in with the right password and answers me', async () => {
    const user = await staff();
    const data = await t.gql.ok(LOGIN, { email: user.email.toUpperCase(), password: user.password });
    expect(data.login.user).toMatchObject({ id: user.id, role: 'STAFF' });
    const me = await t.gql.ok(ME, {}, data.login.accessToken);
    expect(me.me).toMatchObject({ id: user.id, agency: { id: user.agencyId } });
    expect(await t.world.count('audit_event', `action = 'LOGIN_SUCCESS' AND actor_user_id = $1`, [user.id])).toBe(1);
  });

  it('answers a wrong password and an unknown email the same way, and audits both', async () => {
    const user = await staff();
    const wrong = await t.gql.query(LOGIN, { email: user.email, password: 'not-the-password-1' });
    const unknown = await t.gql.query(LOGIN, { email: `nobody-${user.id}@tandem.test`, password: 'not-the-password-1' });
    expect(wrong.errors[0]).toMatchObject({ message: 'Invalid email or password', extensions: { code: 'UNAUTHENTICATED' } });
    expect(unknown.errors[0]).toMatchObject({ message: 'Invalid email or password', extensions: { code: 'UNAUTHENTICATED' } });
    expect(await t.world.count('audit_event', `action = 'LOGIN_FAILURE' AND actor_user_id = $1`, [user.id])).toBe(1);
  });

  it('takes a similar time for an unknown email as for a wrong password, with a second factor or without', async () => {
    const user = await staff();
    const officer = await t.world.user(Role.STAFF, (await t.world.agency(AgencyType.LAW_ENFORCEMENT)).id);
    expect(officer.totpSecret).toBeDefined();
    const time = async (email: string) => {
      const started = process.hrtime.bigint();
      await t.gql.query(LOGIN, { email, password: 'not-the-password-1' });
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const samples = { wrong: [] as number[], unknown: [] as number[], wrongWithFactor: [] as number[] };
    for (let i = 0; i < 8; i += 1) {
      samples.unknown.push(await time(`ghost-${i}-${user.id}@tandem.test`));
      samples.wrong.push(await time(user.email));
      samples.wrongWithFactor.push(await time(officer.email));
      await t.db.query(`UPDATE app_user SET failed_login_count = 0, locked_until = NULL WHERE id = ANY($1::uuid[])`, [[user.id, officer.id]]);
    }
    // The fastest of each: other suites run beside this one, and a pause they cause lands on either side at
    // random; what a path costs on its own is its fastest run.
    const ratio = Math.min(...samples.unknown) / Math.min(...samples.wrong);
    // Both spend one argon2 verification; an unknown email must not answer in a fraction of the time.
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
    // A wrong password tells nothing of whether the account has a second factor.
    const factor = Math.min(...samples.wrongWithFactor) / Math.min(...samples.wrong);
    expect(factor).toBeGreaterThan(0.5);
    expect(factor).toBeLessThan(2);
  });

  it('locks the account after five failures for fifteen minutes, then lets the right password in', async () => {
    const user = await staff();
    for (let i = 0; i < 5; i += 1) await t.gql.query(LOGIN, { email: user.email, password: 'not-the-password-1' });
    const [row] = await t.db.query(`SELECT locked_until FROM app_user WHERE id = $1`, [user.id]);
    expect(row.locked_until).not.toBeNull();
    expect(await t.gql.code(LOGIN, { email: user.email, password: user.password })).toBe('UNAUTHENTICATED');
    t.clock.advance(14 * 60_000);
    expect(await t.gql.code(LOGIN, { email: user.email, password: user.password })).toBe('UNAUTHENTICATED');
    t.clock.advance(61_000);
    const data = await t.gql.ok(LOGIN, { email: user.email, password: user.password });
    expect(data.login.user.id).toBe(user.id);
    t.clock.set(new Date());
  });

  it('rotates refresh tokens and revokes the whole family when an old one is reused', async () => {
    const user = await staff();
    const first = (await t.gql.ok(LOGIN, { email: user.email, password: user.password })).login;
    const second = (await t.gql.ok(REFRESH, { token: first.refreshToken })).refreshToken;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await t.gql.ok(ME, {}, second.accessToken)).me.id).toBe(user.id);

    // The first token again: theft is assumed, the session ends.
    expect(await t.gql.code(REFRESH, { token: first.refreshToken })).toBe('UNAUTHENTICATED');
    expect(await t.gql.code(REFRESH, { token: second.refreshToken })).toBe('UNAUTHENTICATED');
    expect(await t.gql.code(ME, {}, second.accessToken)).toBe('UNAUTHENTICATED');
    expect(await t.world.count('audit_event', `action = 'TOKEN_REUSE' AND actor_user_id = $1`, [user.id])).toBe(1);
  });

  it('ends the session on logout', async () => {
    const user = await staff();
    const session = (await t.gql.ok(LOGIN, { email: user.email, password: user.password })).login;
    expect(await t.gql.ok(`mutation { logout }`, {}, session.accessToken)).toEqual({ logout: true });
    expect(await t.gql.code(ME, {}, session.accessToken)).toBe('UNAUTHENTICATED');
    expect(await t.gql.code(REFRESH, { token: session.refreshToken })).toBe('UNAUTHENTICATED');
    expect(await t.world.count('audit_event', `action = 'LOGOUT' AND actor_user_id = $1`, [user.id])).toBe(1);
  });

  it('refuses a disabled user at the next request, whatever token it carries', async () => {
    const user = await staff();
    const token = await t.signIn(user);
    expect((await t.gql.ok(ME, {}, token)).me.id).toBe(user.id);
    await t.db.query(`UPDATE app_user SET active = false WHERE id = $1`, [user.id]);
    const refused = await t.gql.query(ME, {}, token);
    expect(refused.errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(refused.data).toBeNull();
    expect(await t.gql.code(LOGIN, { email: user.email, password: user.password })).toBe('UNAUTHENTICATED');
  });

  it('refuses operations without a token, and forged or expired tokens', async () => {
    expect(await t.gql.code(ME)).toBe('UNAUTHENTICATED');
    expect(await t.gql.code(ME, {}, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl')).toBe('UNAUTHENTICATED');
    const user = await staff();
    const token = await t.signIn(user);
    t.clock.advance(16 * 60_000);
    expect(await t.gql.code(ME, {}, token)).toBe('UNAUTHENTICATED');
    t.clock.set(new Date());
  });

  it('rejects malformed sign-in input with BAD_USER_INPUT', async () => {
    expect(await t.gql.code(LOGIN, { email: '', password: 'x' })).toBe('BAD_USER_INPUT');
    expect(await t.gql.code(LOGIN, { email: 'a@b.c', password: 'x'.repeat(201) })).toBe('BAD_USER_INPUT');
    expect(await t.gql.code(LOGIN, { email: 42, password: 'x' })).toBe('BAD_USER_INPUT');
  });

  it('puts a request id on every response', async () => {
    const response = await t.gql.query(ME);
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.extensions.requestId).toBe(response.headers['x-request-id']);
    const echoed = await t.gql.http().get('/health/live').set('x-request-id', 'client-chosen-id-123');
    expect(echoed.headers['x-request-id']).toBe('client-chosen-id-123');
  });
});
