import { AgencyType, Role } from '@tandem/authz';
import request from 'supertest';
import { createTestApp, TestApp } from './support/test-app';

// Browser session mode: the refresh token in an HttpOnly SameSite=Strict cookie, a refresh by
// cookie only with the browser header from an allowed origin, and the queue dashboard opened by
// a browser signed in as a system administrator.

const LOGIN = `mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken refreshToken user { id } }
}`;
const VERIFY = `mutation($challenge: String!, $code: String!) {
  login: verifyMfa(challenge: $challenge, code: $code) { accessToken refreshToken user { id } }
}`;
const REFRESH = `mutation { refreshToken { accessToken refreshToken } }`;
const REFRESH_WITH = `mutation($token: String) { refreshToken(token: $token) { accessToken refreshToken } }`;
const ME = `{ me { id } }`;
const SESSIONS = `{ sessions { id browser current } }`;
const EVENTS = `query($filter: AuditEventFilter) { auditEvents(filter: $filter, first: 50) { edges { node { action outcome actorUserId actorAgencyId reason } } } }`;

const CONSOLE = 'http://localhost:3000';

interface Cookie {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
}

function cookiesOf(response: request.Response): Map<string, Cookie> {
  const found = new Map<string, Cookie>();
  const header = response.headers['set-cookie'] as unknown as string[] | undefined;
  for (const line of header ?? []) {
    const [pair, ...rest] = line.split(';');
    const at = pair!.indexOf('=');
    const attributes: Record<string, string | true> = {};
    for (const attribute of rest) {
      const [key, value] = attribute.trim().split('=');
      attributes[key!.toLowerCase()] = value ?? true;
    }
    found.set(pair!.slice(0, at), { name: pair!.slice(0, at), value: decodeURIComponent(pair!.slice(at + 1)), attributes });
  }
  return found;
}

describe('browser sessions', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Loopback is the proxy in front, so that X-Forwarded-Proto tells HTTPS as a TLS proxy would.
    t = await createTestApp({ TRUST_PROXY: 'loopback' });
  });
  afterAll(() => t.close());

  type Headers = Record<string, string>;
  const post = (query: string, variables: Record<string, unknown>, headers: Headers = {}) => {
    let call = request(t.app.getHttpServer()).post('/graphql').set('content-type', 'application/json');
    for (const [name, value] of Object.entries(headers)) call = call.set(name, value);
    return call.send({ query, variables });
  };
  const BROWSER: Headers = { 'tandem-session': 'browser', origin: CONSOLE };

  async function person(role: Role = Role.STAFF) {
    const agency = role === Role.SYSTEM_ADMIN ? null : await t.world.agency(AgencyType.CHILD_WELFARE);
    const user = await t.world.user(role, agency?.id ?? null);
    return user;
  }

  /**
   * `login` with the headers given; for an account with a second factor (supervisors, system
   * administrators), then `verifyMfa` with the same headers: its answer is read as `data.login`.
   */
  async function signInWith(user: { email: string; password: string }, headers: Headers = {}) {
    const response = await post(LOGIN, { email: user.email, password: user.password }, headers);
    const challenge = response.body.errors?.[0]?.extensions?.code === 'MFA_REQUIRED' ? (response.body.errors[0].extensions.challenge as string) : null;
    if (!challenge) return response;
    await t.world.allowCodeAgain(user.email);
    return post(VERIFY, { challenge, code: t.totpCode(user.email) }, headers);
  }

  async function browserSignIn(user: { email: string; password: string }, headers: Headers = BROWSER) {
    const response = await signInWith(user, headers);
    expect(response.body.errors).toBeUndefined();
    const cookies = cookiesOf(response);
    return { response, accessToken: response.body.data.login.accessToken as string, refresh: cookies.get('tandem_refresh')!, board: cookies.get('tandem_board')! };
  }

  const cookieRefresh = (refresh: Cookie, headers: Headers = BROWSER) => post(REFRESH, {}, { ...headers, cookie: `tandem_refresh=${encodeURIComponent(refresh.value)}` });

  it('puts the refresh token in an HttpOnly SameSite=Strict cookie limited to /graphql, not in the answer', async () => {
    const user = await person();
    const { response, accessToken, refresh, board } = await browserSignIn(user);
    expect(response.body.data.login.refreshToken).toBeNull();
    expect(refresh.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(refresh.attributes).toEqual({ path: '/graphql', httponly: true, samesite: 'Strict' });
    expect(board.attributes).toEqual({ path: '/admin/queues', httponly: true, samesite: 'Strict' });
    // A browser cookie without expiry: the browser forgets it when it closes.
    expect(refresh.attributes.expires).toBeUndefined();
    expect(refresh.attributes['max-age']).toBeUndefined();
    const sessions = (await t.gql.ok<{ sessions: { browser: boolean; current: boolean }[] }>(SESSIONS, {}, accessToken)).sessions;
    expect(sessions).toEqual([expect.objectContaining({ browser: true, current: true })]);
  });

  it('marks the cookies Secure under HTTPS', async () => {
    const user = await person();
    const { refresh, board } = await browserSignIn(user, { ...BROWSER, 'x-forwarded-proto': 'https' });
    expect(refresh.attributes.secure).toBe(true);
    expect(board.attributes.secure).toBe(true);
  });

  it('answers the refresh token in the body and sets no cookie without the browser header', async () => {
    const user = await person();
    const response = await post(LOGIN, { email: user.email, password: user.password }, { origin: CONSOLE });
    expect(response.body.data.login.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('refreshes by cookie with the header from the console or the API itself, rotating the cookie as a token', async () => {
    const user = await person();
    const first = await browserSignIn(user);
    const refreshed = await cookieRefresh(first.refresh);
    expect(refreshed.body.errors).toBeUndefined();
    expect(refreshed.body.data.refreshToken.refreshToken).toBeNull();
    expect(await t.gql.code(ME, {}, refreshed.body.data.refreshToken.accessToken)).toBeUndefined();
    const second = cookiesOf(refreshed).get('tandem_refresh')!;
    expect(second.value).not.toBe(first.refresh.value);
    expect(second.attributes).toMatchObject({ path: '/graphql', httponly: true, samesite: 'Strict' });

    // The API's own origin (a page it serves) is allowed too.
    const sameOrigin = await cookieRefresh(second, { 'tandem-session': 'browser', origin: 'http://api.tandem.test', host: 'api.tandem.test' });
    expect(sameOrigin.body.errors).toBeUndefined();

    // The first cookie was used: presenting it again is a reuse, and ends the session.
    const replay = await cookieRefresh(first.refresh);
    expect(replay.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await t.gql.code(ME, {}, refreshed.body.data.refreshToken.accessToken)).toBe('UNAUTHENTICATED');
  });

  it('refuses a cookie refresh without the header, from another origin or without one, audits each, and leaves the token working', async () => {
    const agency = await t.world.agency(AgencyType.CHILD_WELFARE);
    const user = await t.world.user(Role.STAFF, agency.id);
    const supervisor = await t.world.user(Role.SUPERVISOR, agency.id);
    const { refresh } = await browserSignIn(user);
    const cases: [Headers, string][] = [
      [{ origin: CONSOLE }, 'cookie refresh without the browser session header'],
      [{ 'tandem-session': 'other', origin: CONSOLE }, 'cookie refresh without the browser session header'],
      [{ 'tandem-session': 'browser', origin: 'https://evil.example' }, 'cookie refresh from an origin not allowed'],
      [{ 'tandem-session': 'browser', origin: 'null' }, 'cookie refresh from an origin not allowed'],
      [{ 'tandem-session': 'browser' }, 'cookie refresh from an origin not allowed'],
    ];
    for (const [headers] of cases) {
      const refused = await cookieRefresh(refresh, headers);
      expect(refused.body.data).toBeNull();
      expect(refused.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(refused.headers['set-cookie']).toBeUndefined();
    }
    const supervisorToken = (await signInWith(supervisor)).body.data.login.accessToken;
    const events = await t.gql.ok<{ auditEvents: { edges: { node: { reason: string; outcome: string; actorAgencyId: string } }[] } }>(
      EVENTS,
      { filter: { actorUserId: user.id, action: 'TOKEN_REFRESH', outcome: 'DENIED' } },
      supervisorToken,
    );
    expect(events.auditEvents.edges.map((edge) => edge.node.reason).sort()).toEqual(cases.map(([, reason]) => reason).sort());
    expect(events.auditEvents.edges.every((edge) => edge.node.actorAgencyId === agency.id)).toBe(true);

    // None of them used the token: the browser itself still refreshes with it.
    expect((await cookieRefresh(refresh)).body.errors).toBeUndefined();
  });

  it('refuses a refresh with neither token nor cookie, and audits it', async () => {
    const before = await t.world.count('audit_event', `action = 'TOKEN_REFRESH' AND reason = 'no token and no refresh cookie'`);
    const refused = await post(REFRESH, {}, BROWSER);
    expect(refused.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await t.world.count('audit_event', `action = 'TOKEN_REFRESH' AND reason = 'no token and no refresh cookie'`)).toBe(before + 1);
  });

  it('still refreshes with a token given as an argument, and switches to cookies when asked', async () => {
    const user = await person();
    const pair = (await post(LOGIN, { email: user.email, password: user.password })).body.data.login;
    const switched = await post(REFRESH_WITH, { token: pair.refreshToken }, BROWSER);
    expect(switched.body.data.refreshToken.refreshToken).toBeNull();
    const cookie = cookiesOf(switched).get('tandem_refresh')!;
    expect((await cookieRefresh(cookie)).body.errors).toBeUndefined();
  });

  it('clears the cookies on sign-out, and the session is over', async () => {
    const user = await person();
    const { accessToken, refresh } = await browserSignIn(user);
    const out = await post(`mutation { logout }`, {}, { ...BROWSER, authorization: `Bearer ${accessToken}` });
    expect(out.body.data).toEqual({ logout: true });
    const cleared = cookiesOf(out);
    for (const [name, path] of [
      ['tandem_refresh', '/graphql'],
      ['tandem_board', '/admin/queues'],
    ]) {
      expect(cleared.get(name!)).toMatchObject({ value: '', attributes: expect.objectContaining({ path, httponly: true, samesite: 'Strict' }) });
      expect(new Date(cleared.get(name!)!.attributes.expires as string).getTime()).toBeLessThan(Date.now());
    }
    expect((await cookieRefresh(refresh)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('clears the cookies when the browser ends its own session with endSession, and keeps them when it ends another', async () => {
    const user = await person();
    const other = await browserSignIn(user);
    const { accessToken } = await browserSignIn(user);
    const sessions = (await t.gql.ok<{ sessions: { id: string; current: boolean }[] }>(SESSIONS, {}, accessToken)).sessions;
    const current = sessions.find((session) => session.current)!.id;
    const another = sessions.find((session) => !session.current)!.id;

    const endOther = await post(`mutation($id: ID!) { endSession(id: $id) }`, { id: another }, { ...BROWSER, authorization: `Bearer ${accessToken}` });
    expect(endOther.body.data).toEqual({ endSession: true });
    expect(cookiesOf(endOther).size).toBe(0);
    expect((await cookieRefresh(other.refresh)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const endOwn = await post(`mutation($id: ID!) { endSession(id: $id) }`, { id: current.toUpperCase() }, { ...BROWSER, authorization: `Bearer ${accessToken}` });
    expect(endOwn.body.data).toEqual({ endSession: true });
    const cleared = cookiesOf(endOwn);
    for (const name of ['tandem_refresh', 'tandem_board']) expect(cleared.get(name)).toMatchObject({ value: '' });
  });

  describe('the queue dashboard', () => {
    const board = (path: string, cookie?: Cookie, headers: Headers = {}) => {
      let call = request(t.app.getHttpServer()).get(path);
      if (cookie) call = call.set('cookie', `${cookie.name}=${encodeURIComponent(cookie.value)}`);
      for (const [name, value] of Object.entries(headers)) call = call.set(name, value);
      return call;
    };

    it('opens for a system administrator signed in by browser session, page and API', async () => {
      const admin = await person(Role.SYSTEM_ADMIN);
      const { board: key } = await browserSignIn(admin);
      const page = await board('/admin/queues', key);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Tandem queues');
      const api = await board('/admin/queues/api/queues', key);
      expect(api.status).toBe(200);
      expect(Array.isArray(api.body.queues)).toBe(true);
    });

    it('refuses other roles signed in by browser session, and audits it', async () => {
      for (const role of [Role.STAFF, Role.SUPERVISOR, Role.AGENCY_ADMIN, Role.AUDITOR]) {
        const user = await person(role);
        const { board: key } = await browserSignIn(user);
        const refused = await board('/admin/queues', key);
        expect(refused.status).toBe(403);
        expect(refused.body.error.code).toBe('FORBIDDEN');
        expect(await t.world.count('audit_event', `action = 'ACCESS_DENIED' AND actor_user_id = $1`, [user.id])).toBe(1);
      }
    });

    it('refuses a forged key, the refresh cookie, and a key of an ended or idle session', async () => {
      const admin = await person(Role.SYSTEM_ADMIN);
      const first = await browserSignIn(admin);
      const forged = { ...first.board, value: first.board.value.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) };
      expect((await board('/admin/queues', forged)).status).toBe(401);
      expect((await board('/admin/queues', { ...first.refresh, name: 'tandem_board' })).status).toBe(401);
      expect((await board('/admin/queues', first.refresh)).status).toBe(401);

      await post(`mutation { logout }`, {}, { authorization: `Bearer ${first.accessToken}` });
      expect((await board('/admin/queues', first.board)).status).toBe(401);

      const second = await browserSignIn(admin);
      const sessionId = (await t.gql.ok<{ sessions: { id: string; current: boolean }[] }>(SESSIONS, {}, second.accessToken)).sessions.find((s) => s.current)!.id;
      expect((await board('/admin/queues', second.board)).status).toBe(200);
      // Opening a page is a use; the board's polling of its API is not.
      t.clock.advance(20 * 60_000);
      expect((await board('/admin/queues', second.board)).status).toBe(200);
      t.clock.advance(20 * 60_000);
      expect((await board('/admin/queues/api/queues', second.board)).status).toBe(200);
      t.clock.advance(11 * 60_000);
      const idle = await board('/admin/queues/api/queues', second.board);
      expect(idle.status).toBe(401);
      expect(await t.world.count('audit_event', `action = 'TOKEN_REFUSED' AND reason = 'session idle' AND subject_id = $1`, [sessionId])).toBe(1);
    });

    it('refuses and audits a change by cookie from another origin', async () => {
      const admin = await person(Role.SYSTEM_ADMIN);
      const { board: key } = await browserSignIn(admin);
      const put = (origin?: string) => {
        let call = request(t.app.getHttpServer()).put('/admin/queues/api/queues/nope/pause').set('cookie', `tandem_board=${encodeURIComponent(key.value)}`);
        if (origin) call = call.set('origin', origin);
        return call;
      };
      expect((await put('https://evil.example')).status).toBe(403);
      expect((await put()).status).toBe(403);
      expect(
        await t.world.count('audit_event', `action = 'ACCESS_DENIED' AND actor_user_id = $1 AND reason = 'queue dashboard change from an origin not allowed'`, [admin.id]),
      ).toBe(2);
      // From the console's origin the board answers for itself (no such queue).
      const allowed = await put(CONSOLE);
      expect(allowed.status).not.toBe(403);
      expect(allowed.status).not.toBe(401);
    });
  });
});
