import { AgencyType, Role } from '@tandem/authz';
import request from 'supertest';
import { createTestApp, TestApp } from './support/test-app';

// A user's own sessions: the idle lock, the absolute lifetime, listing and ending them.

const LOGIN = `mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken refreshToken }
}`;
const VERIFY = `mutation($challenge: String!, $code: String!) { verifyMfa(challenge: $challenge, code: $code) { accessToken refreshToken } }`;
const REFRESH = `mutation($token: String) { refreshToken(token: $token) { accessToken refreshToken } }`;
const ME = `{ me { id } }`;
const SESSIONS = `{ sessions { id device address createdAt lastUsedAt expiresAt browser current } }`;
const END = `mutation($id: ID!) { endSession(id: $id) }`;
const END_OTHERS = `mutation { endOtherSessions }`;
const EVENTS = `query($filter: AuditEventFilter) { auditEvents(filter: $filter, first: 50) { edges { node { action outcome actorUserId actorAgencyId subjectId reason } } } }`;

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

type Pair = { accessToken: string; refreshToken: string };

describe('sessions', () => {
  let t: TestApp;
  const MINUTE = 60_000;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function person(role: Role = Role.STAFF) {
    const agency = await t.world.agency(AgencyType.CHILD_WELFARE);
    const user = await t.world.user(role, agency.id);
    const supervisor = await t.world.user(Role.SUPERVISOR, agency.id);
    return { user, agency, supervisor };
  }

  async function signIn(user: { email: string; password: string }, userAgent?: string): Promise<Pair> {
    let call = request(t.app.getHttpServer()).post('/graphql').set('content-type', 'application/json');
    if (userAgent) call = call.set('user-agent', userAgent);
    let response = await call.send({ query: LOGIN, variables: { email: user.email, password: user.password } });
    // An account with a second factor (a supervisor) goes on with its code, from the same device.
    if (response.body.errors?.[0]?.extensions?.code === 'MFA_REQUIRED') {
      await t.world.allowCodeAgain(user.email);
      let verify = request(t.app.getHttpServer()).post('/graphql').set('content-type', 'application/json');
      if (userAgent) verify = verify.set('user-agent', userAgent);
      response = await verify.send({ query: VERIFY, variables: { challenge: response.body.errors[0].extensions.challenge, code: t.totpCode(user.email) } });
      expect(response.body.errors).toBeUndefined();
      return response.body.data.verifyMfa as Pair;
    }
    expect(response.body.errors).toBeUndefined();
    return response.body.data.login as Pair;
  }

  const refresh = (token: string) => t.gql.query<{ refreshToken: Pair }>(REFRESH, { token });
  const sessionIdOf = async (accessToken: string) => (await t.gql.ok<{ sessions: { id: string; current: boolean }[] }>(SESSIONS, {}, accessToken)).sessions.find((s) => s.current)!.id;

  describe('the idle lock', () => {
    it('keeps a session used within SESSION_IDLE_MINUTES, and locks and ends one unused that long', async () => {
      const { user, supervisor } = await person();
      let pair = await signIn(user);
      const sessionId = await sessionIdOf(pair.accessToken);
      const idle = t.config.values.SESSION_IDLE_MINUTES;
      expect(idle).toBe(30);

      // Each use starts the idle count again: three uses 29 minutes apart keep it.
      for (let i = 0; i < 3; i += 1) {
        t.clock.advance((idle - 1) * MINUTE);
        const used = await refresh(pair.refreshToken);
        expect(used.errors).toEqual([]);
        pair = used.data!.refreshToken;
      }

      t.clock.advance(idle * MINUTE);
      const locked = await refresh(pair.refreshToken);
      expect(locked.errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      expect(locked.data).toBeNull();

      // The session ended with the lock: the token is refused again, and the access token too.
      expect((await refresh(pair.refreshToken)).errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      t.clock.advance(-idle * MINUTE);
      expect(await t.gql.code(ME, {}, pair.accessToken)).toBe('UNAUTHENTICATED');
      t.clock.advance(idle * MINUTE);
      const [row] = await t.db.query(`SELECT revoked_reason FROM auth_session WHERE id = $1`, [sessionId]);
      expect(row.revoked_reason).toBe('IDLE');

      // Audited once, where the user's supervisor reads it.
      const supervisorToken = await signIn(supervisor);
      const events = await t.gql.ok<{ auditEvents: { edges: { node: Record<string, unknown> }[] } }>(
        EVENTS,
        { filter: { actorUserId: user.id, action: 'SESSION_IDLE_LOCK' } },
        supervisorToken.accessToken,
      );
      expect(events.auditEvents.edges.map((edge) => edge.node)).toEqual([
        expect.objectContaining({ outcome: 'DENIED', actorUserId: user.id, actorAgencyId: user.agencyId, subjectId: sessionId }),
      ]);
    });

    it('counts exactly SESSION_IDLE_MINUTES: a minute before is in time', async () => {
      const { user } = await person();
      const first = await signIn(user);
      t.clock.advance(29 * MINUTE + 59_000);
      expect((await refresh(first.refreshToken)).errors).toEqual([]);

      const second = await signIn(user);
      t.clock.advance(30 * MINUTE);
      expect((await refresh(second.refreshToken)).errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('the absolute lifetime', () => {
    it('ends a session SESSION_MAX_HOURS after sign-in however active it was', async () => {
      const { user } = await person();
      let pair = await signIn(user);
      const hours = t.config.values.SESSION_MAX_HOURS;
      expect(hours).toBe(12);
      const signedInAt = t.clock.now().getTime();
      // A refresh every 20 minutes up to 10 minutes before the end.
      while (t.clock.now().getTime() + 20 * MINUTE < signedInAt + hours * 60 * MINUTE - 10 * MINUTE) {
        t.clock.advance(20 * MINUTE);
        const used = await refresh(pair.refreshToken);
        expect(used.errors).toEqual([]);
        pair = used.data!.refreshToken;
      }
      // The last refresh, 5 minutes before the end: its access token works until the end, and not after it.
      t.clock.set(new Date(signedInAt + hours * 60 * MINUTE - 5 * MINUTE));
      const last = await refresh(pair.refreshToken);
      expect(last.errors).toEqual([]);
      pair = last.data!.refreshToken;
      t.clock.set(new Date(signedInAt + hours * 60 * MINUTE - MINUTE));
      expect(await t.gql.code(ME, {}, pair.accessToken)).toBeUndefined();
      t.clock.set(new Date(signedInAt + hours * 60 * MINUTE + MINUTE));
      expect(await t.gql.code(ME, {}, pair.accessToken)).toBe('UNAUTHENTICATED');
      expect((await refresh(pair.refreshToken)).errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(await t.world.count('audit_event', `action = 'TOKEN_REFRESH' AND outcome = 'DENIED' AND reason = 'expired' AND actor_user_id = $1`, [user.id])).toBe(1);
    });
  });

  describe('listing and ending', () => {
    it("lists the user's sessions in force with a coarse device, the address and which is current", async () => {
      const { user } = await person();
      const laptop = await signIn(user, FIREFOX);
      t.clock.advance(MINUTE);
      const phone = await signIn(user, SAFARI);
      const ended = await signIn(user);
      await t.gql.ok(`mutation { logout }`, {}, ended.accessToken);
      await signIn(user);
      t.clock.advance(20 * MINUTE);
      const usedPhone = (await refresh(phone.refreshToken)).data!.refreshToken;
      t.clock.advance(MINUTE);
      const usedLaptop = (await refresh(laptop.refreshToken)).data!.refreshToken;
      // The phone was used 14 minutes ago and the laptop 13; the last sign-in, 35 minutes ago, is idle-locked.
      t.clock.advance(13 * MINUTE);

      const listed = (await t.gql.ok<{ sessions: Record<string, unknown>[] }>(SESSIONS, {}, usedPhone.accessToken)).sessions;
      expect(listed).toEqual([
        expect.objectContaining({ device: 'Firefox on Windows', browser: false, current: false }),
        expect.objectContaining({ device: 'Safari on iOS', browser: false, current: true }),
      ]);
      expect(listed.map((session) => new Date(session.lastUsedAt as string).getTime())).toEqual([
        t.clock.now().getTime() - 13 * MINUTE,
        t.clock.now().getTime() - 14 * MINUTE,
      ]);
      for (const session of listed) {
        expect(session.address).toMatch(/127\.0\.0\.1|::1/);
        expect(new Date(session.expiresAt as string).getTime() - new Date(session.createdAt as string).getTime()).toBe(12 * 60 * MINUTE);
      }
      // The laptop sees the same two, itself current.
      const fromLaptop = (await t.gql.ok<{ sessions: { device: string; current: boolean }[] }>(SESSIONS, {}, usedLaptop.accessToken)).sessions;
      expect(fromLaptop.map((s) => [s.device, s.current])).toEqual([
        ['Firefox on Windows', true],
        ['Safari on iOS', false],
      ]);
    });

    it("ends one of the user's sessions: its access and refresh tokens stop at once, and it is audited", async () => {
      const { user, supervisor } = await person();
      const mine = await signIn(user);
      const other = await signIn(user);
      const otherId = await sessionIdOf(other.accessToken);
      expect(await t.gql.code(ME, {}, other.accessToken)).toBeUndefined();

      expect(await t.gql.ok(END, { id: otherId }, mine.accessToken)).toEqual({ endSession: true });
      expect(await t.gql.code(ME, {}, other.accessToken)).toBe('UNAUTHENTICATED');
      expect((await refresh(other.refreshToken)).errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(await t.gql.code(ME, {}, mine.accessToken)).toBeUndefined();
      // Already ended: not found, and nothing more audited.
      expect(await t.gql.code(END, { id: otherId }, mine.accessToken)).toBe('NOT_FOUND');

      const supervisorToken = (await signIn(supervisor)).accessToken;
      const events = await t.gql.ok<{ auditEvents: { edges: { node: Record<string, unknown> }[] } }>(
        EVENTS,
        { filter: { actorUserId: user.id, action: 'SESSION_END' } },
        supervisorToken,
      );
      expect(events.auditEvents.edges.map((edge) => edge.node)).toEqual([
        expect.objectContaining({ outcome: 'ALLOWED', actorAgencyId: user.agencyId, subjectId: otherId }),
      ]);
    });

    it("answers NOT_FOUND for another user's session and changes nothing; a malformed id is BAD_USER_INPUT", async () => {
      const { user } = await person();
      const stranger = (await person()).user;
      const mine = await signIn(user);
      const theirs = await signIn(stranger);
      const theirId = await sessionIdOf(theirs.accessToken);

      const refused = await t.gql.query(END, { id: theirId }, mine.accessToken);
      expect(refused.errors[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
      expect(await t.gql.code(ME, {}, theirs.accessToken)).toBeUndefined();
      expect((await refresh(theirs.refreshToken)).errors).toEqual([]);
      expect(await t.gql.code(END, { id: '00000000-0000-4000-8000-000000000000' }, mine.accessToken)).toBe('NOT_FOUND');
      const bad = await t.gql.query(END, { id: 'not-a-session' }, mine.accessToken);
      expect(bad.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      expect(await t.world.count('audit_event', `action = 'SESSION_END' AND actor_user_id = $1`, [user.id])).toBe(0);
      // A user lists only their own.
      const listed = (await t.gql.ok<{ sessions: { id: string }[] }>(SESSIONS, {}, mine.accessToken)).sessions;
      expect(listed.map((s) => s.id)).not.toContain(theirId);
      expect(listed).toHaveLength(1);
    });

    it('ends every other session and keeps the current one', async () => {
      const { user } = await person();
      const mine = await signIn(user);
      const others = [await signIn(user), await signIn(user)];
      expect(await t.gql.ok(END_OTHERS, {}, mine.accessToken)).toEqual({ endOtherSessions: 2 });
      for (const other of others) {
        expect(await t.gql.code(ME, {}, other.accessToken)).toBe('UNAUTHENTICATED');
        expect((await refresh(other.refreshToken)).errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      }
      expect(await t.gql.code(ME, {}, mine.accessToken)).toBeUndefined();
      expect((await t.gql.ok<{ sessions: unknown[] }>(SESSIONS, {}, mine.accessToken)).sessions).toHaveLength(1);
      expect(await t.world.count('audit_event', `action = 'SESSION_END' AND actor_user_id = $1 AND (details->>'endedSessions')::int = 2`, [user.id])).toBe(1);
    });

    it('refuses listing or ending sessions without signing in', async () => {
      expect(await t.gql.code(SESSIONS)).toBe('UNAUTHENTICATED');
      expect(await t.gql.code(END_OTHERS)).toBe('UNAUTHENTICATED');
    });
  });
});
