import { randomBytes } from 'node:crypto';
import { SessionAssurance } from '@tandem/auth';
import { AgencyType, Role } from '@tandem/authz';
import { WorldUser } from '@tandem/testing';
import { OidcTestProvider, ProviderPerson } from './support/oidc-test-provider';
import { createTestApp, TestApp } from './support/test-app';

// Agency single sign-on against a real OpenID provider (oidc-provider, in its own process on
// loopback): a person the agency's provider vouches for is signed in to their existing account of
// that agency, the page getting a one-time code it exchanges for tokens; every check of the
// provider's answer and of the account refuses, is audited, and issues nothing.

const PUBLIC_URL = 'http://tandem.test';
const CONSOLE = 'http://console.test';
const RETURN_TO = `${CONSOLE}/signed-in`;
const CALLBACK = `${PUBLIC_URL}/auth/sso/callback`;
const SECRET = 'provider-client-secret-0123456789abcdef';

const CONFIGURE = `mutation($input: ConfigureAgencySingleSignOnInput!) {
  configureAgencySingleSignOn(input: $input) { agencyId issuer clientId trustProviderMfa acceptedAmr acceptedAcr enabled redirectUri signInUrl }
}`;
const EXCHANGE = `mutation($code: String!) { exchangeSignInCode(code: $code) { accessToken refreshToken user { id email } passwordChangeRequired } }`;

describe('agency single sign-on with OpenID Connect', () => {
  let t: TestApp;
  let provider: OidcTestProvider;
  let adminToken: string;
  const clients = ['tandem-a', 'tandem-b', 'tandem-c-short'];

  beforeAll(async () => {
    provider = await OidcTestProvider.start(clients.map((client_id) => ({ client_id, client_secret: SECRET, redirect_uris: [CALLBACK] })));
    t = await createTestApp({ PUBLIC_URL, CORS_ORIGINS: CONSOLE, SSO_ALLOW_HTTP_HOSTS: '127.0.0.1' });
    adminToken = await t.signIn(await t.world.user(Role.SYSTEM_ADMIN, null));
  });

  afterAll(async () => {
    await t?.close();
    await provider?.stop();
  });

  afterEach(() => provider.tamper('none'));

  /** An agency whose provider is the test provider, with the given client, and one of its people. */
  async function ssoAgency(options: { clientId?: string; trustProviderMfa?: boolean; enabled?: boolean } = {}) {
    const agency = await t.world.agency(AgencyType.LAW_ENFORCEMENT);
    await t.gql.ok(
      CONFIGURE,
      {
        input: {
          agencyId: agency.id,
          issuer: provider.issuer,
          clientId: options.clientId ?? 'tandem-a',
          clientSecret: SECRET,
          trustProviderMfa: options.trustProviderMfa ?? true,
          enabled: options.enabled ?? true,
        },
      },
      adminToken,
    );
    const user = await t.world.user(Role.STAFF, agency.id);
    return { agency, user };
  }

  const person = (user: Pick<WorldUser, 'email'>, over: Partial<ProviderPerson> = {}): ProviderPerson => ({
    sub: `sub-${randomBytes(6).toString('hex')}`,
    email: user.email,
    amr: ['pwd', 'mfa'],
    ...over,
  });

  async function start(agencyId: string, returnTo = RETURN_TO) {
    return t.gql.http().get(`/auth/sso/${agencyId}/start`).query({ returnTo });
  }

  /** The cookie the start set in the browser (`name=value`), which the callback must come back with. */
  function browserCookie(started: { headers: Record<string, unknown> }): string {
    const cookies = started.headers['set-cookie'] as string[] | undefined;
    const cookie = cookies?.find((value) => value.startsWith('tandem_sso_'));
    if (!cookie) throw new Error('the start set no sign-in cookie');
    expect(cookie).toMatch(/; Path=\/auth\/sso\/callback/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    return cookie.split(';')[0]!;
  }

  /** A callback as the browser makes it: its path and query, and the browser's sign-in cookie. */
  interface Callback {
    path: string;
    cookie: string;
  }

  /** Starts a sign-in, signs the person in at the provider, and answers the callback the browser is sent to. */
  async function throughProvider(agencyId: string, who: ProviderPerson): Promise<Callback> {
    const started = await start(agencyId);
    expect(started.status).toBe(303);
    const back = await provider.signIn(started.headers.location!, who);
    expect(`${back.origin}${back.pathname}`).toBe(CALLBACK);
    return { path: `${back.pathname}${back.search}`, cookie: browserCookie(started) };
  }

  async function callback({ path, cookie }: Callback) {
    const response = await t.gql.http().get(path).set('cookie', cookie);
    return { status: response.status, location: response.headers.location ? new URL(response.headers.location) : null };
  }

  async function signInThroughProvider(agencyId: string, who: ProviderPerson) {
    const answer = await callback(await throughProvider(agencyId, who));
    expect(answer.status).toBe(303);
    return answer.location!;
  }

  async function refusals(agencyId: string): Promise<{ reason: string; actor: string | null; subject: string | null; details: Record<string, string> }[]> {
    return t.db.query(
      `SELECT reason, actor_user_id AS actor, subject_id AS subject, details FROM audit_event
       WHERE action = 'SSO_SIGN_IN_REFUSED' AND outcome = 'DENIED' AND details->>'agencyId' = $1 ORDER BY occurred_at, id`,
      [agencyId],
    );
  }

  /** A refused callback: the browser goes back to the page with an error and no code, and nothing opens. */
  async function expectRefusedBack(location: URL | null) {
    expect(location?.origin).toBe(CONSOLE);
    expect(location?.searchParams.get('signInError')).toBe('SSO_REFUSED');
    expect(location?.searchParams.get('signInCode')).toBeNull();
  }

  describe('settings', () => {
    it('a system administrator sets the provider; the secret is sealed, never answered, and not on the audit trail', async () => {
      const agency = await t.world.agency(AgencyType.LAW_ENFORCEMENT);
      // Written with a final slash the provider's own issuer lacks: kept as the provider writes it.
      const input = { agencyId: agency.id, issuer: `${provider.issuer}/`, clientId: 'tandem-a', clientSecret: SECRET, trustProviderMfa: true, acceptedAcr: ['urn:loa:mfa'], enabled: true };
      const data = await t.gql.ok(CONFIGURE, { input }, adminToken);
      expect(data.configureAgencySingleSignOn).toEqual({
        agencyId: agency.id,
        issuer: provider.issuer,
        clientId: 'tandem-a',
        trustProviderMfa: true,
        acceptedAmr: [],
        acceptedAcr: ['urn:loa:mfa'],
        enabled: true,
        redirectUri: CALLBACK,
        signInUrl: `${PUBLIC_URL}/auth/sso/${agency.id}/start`,
      });
      const [row] = await t.db.query(`SELECT client_secret_sealed AS sealed FROM agency_sso WHERE agency_id = $1`, [agency.id]);
      expect(row.sealed).not.toContain(SECRET);
      const events = await t.db.query(`SELECT details::text AS details FROM audit_event WHERE action = 'SSO_CONFIGURE' AND subject_id = $1`, [agency.id]);
      expect(events).toHaveLength(1);
      expect(events[0].details).not.toContain(SECRET);

      // Changed later without a secret: the one it has is kept (sign-in still works with it).
      await t.gql.ok(CONFIGURE, { input: { ...input, clientSecret: null, trustProviderMfa: false } }, adminToken);
      const user = await t.world.user(Role.STAFF, agency.id);
      const back = await signInThroughProvider(agency.id, person(user));
      expect(back.searchParams.get('signInCode')).toBeTruthy();
      const read = await t.gql.ok(`query($id: ID!) { agencySingleSignOn(agencyId: $id) { trustProviderMfa enabled } }`, { id: agency.id }, adminToken);
      expect(read.agencySingleSignOn).toEqual({ trustProviderMfa: false, enabled: true });
    });

    it('an agency administrator may neither set nor read it', async () => {
      const agency = await t.world.agency(AgencyType.LAW_ENFORCEMENT);
      const token = await t.signIn(await t.world.user(Role.AGENCY_ADMIN, agency.id));
      const input = { agencyId: agency.id, issuer: provider.issuer, clientId: 'tandem-a', clientSecret: SECRET, trustProviderMfa: true, enabled: true };
      expect(await t.gql.code(CONFIGURE, { input }, token)).toBe('FORBIDDEN');
      expect(await t.gql.code(`query($id: ID!) { agencySingleSignOn(agencyId: $id) { issuer } }`, { id: agency.id }, token)).toBe('FORBIDDEN');
      expect(await t.world.count('agency_sso', 'agency_id = $1', [agency.id])).toBe(0);
    });

    it.each([
      ['an http issuer of a host not allowed', { issuer: 'http://idp.example.org' }, 'input.issuer'],
      ['an issuer that answers no discovery document', { issuer: 'https://127.0.0.1:1' }, 'input.issuer'],
      ['no secret the first time', { clientSecret: null }, 'input.clientSecret'],
      ['a client id with spaces', { clientId: 'tandem a' }, 'input.clientId'],
    ])('refuses %s, naming the field, and stores nothing', async (_name, change, field) => {
      const agency = await t.world.agency(AgencyType.LAW_ENFORCEMENT);
      const input = { agencyId: agency.id, issuer: provider.issuer, clientId: 'tandem-a', clientSecret: SECRET, trustProviderMfa: true, enabled: true, ...change };
      const answer = await t.gql.query(CONFIGURE, { input }, adminToken);
      expect(answer.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(answer.errors[0]?.extensions)).toContain(field.split('.')[1]);
      expect(await t.world.count('agency_sso', 'agency_id = $1', [agency.id])).toBe(0);
    });
  });

  describe('signing in', () => {
    it("signs a person in to their account: tokens by a one-time code, the provider's second factor on the session and the trail", async () => {
      const { agency, user } = await ssoAgency();
      const who = person(user);
      const back = await signInThroughProvider(agency.id, who);
      expect(`${back.origin}${back.pathname}`).toBe(RETURN_TO);
      const code = back.searchParams.get('signInCode')!;
      expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(back.searchParams.has('accessToken')).toBe(false);

      const data = await t.gql.ok(EXCHANGE, { code });
      expect(data.exchangeSignInCode.user).toEqual({ id: user.id, email: user.email });
      const me = await t.gql.ok(`{ me { id } }`, {}, data.exchangeSignInCode.accessToken);
      expect(me.me.id).toBe(user.id);
      // The refresh token works as a password sign-in's does.
      const refreshed = await t.gql.ok(`mutation($token: String!) { refreshToken(token: $token) { user { id } } }`, { token: data.exchangeSignInCode.refreshToken });
      expect(refreshed.refreshToken.user.id).toBe(user.id);

      // The code works once.
      expect(await t.gql.code(EXCHANGE, { code })).toBe('UNAUTHENTICATED');

      const [signIn] = await t.db.query(`SELECT actor_user_id AS actor, details FROM audit_event WHERE action = 'SSO_SIGN_IN' AND subject_id = $1`, [user.id]);
      expect(signIn).toMatchObject({ actor: user.id, details: { agencyId: agency.id, issuer: provider.issuer, subject: who.sub, linkedNow: true, amr: ['pwd', 'mfa'], providerMfa: true, mfaSatisfied: true } });
      const [login] = await t.db.query(`SELECT details FROM audit_event WHERE action = 'LOGIN_SUCCESS' AND subject_id = $1`, [user.id]);
      expect(login.details).toMatchObject({ method: 'SSO', providerMfa: true, mfaSatisfied: true });
      const mfa = await t.app.get(SessionAssurance).mfaOf(t.db.manager, login.details.sessionId);
      expect(mfa).toEqual({ source: 'PROVIDER', methods: ['pwd', 'mfa'], contextClass: null });

      // The agency's supervisor and an auditor read the sign-in on the trail.
      const AUDIT = `query($userId: ID!) { auditEvents(filter: { actorUserId: $userId }) { edges { node { action } } } }`;
      for (const reader of [await t.world.user(Role.SUPERVISOR, agency.id), await t.world.user(Role.AUDITOR, null)]) {
        const events = await t.gql.ok(AUDIT, { userId: user.id }, await t.signIn(reader));
        expect(events.auditEvents.edges.map((edge: { node: { action: string } }) => edge.node.action)).toEqual(expect.arrayContaining(['SSO_SIGN_IN', 'LOGIN_SUCCESS']));
      }

      // Later the provider's email changes: the linked subject still finds the account.
      const again = await signInThroughProvider(agency.id, { ...who, email: `renamed-${user.email}` });
      expect((await t.gql.ok(EXCHANGE, { code: again.searchParams.get('signInCode') })).exchangeSignInCode.user.id).toBe(user.id);
    });

    it('hands a browser session its refresh token in the session cookie, not in the answer, when the page asks for browser mode', async () => {
      const { agency, user } = await ssoAgency();
      const back = await signInThroughProvider(agency.id, person(user));
      const response = await t.gql
        .http()
        .post('/graphql')
        .set({ 'content-type': 'application/json', 'tandem-session': 'browser', origin: CONSOLE })
        .send({ query: EXCHANGE, variables: { code: back.searchParams.get('signInCode') } });
      expect(response.body.data.exchangeSignInCode).toMatchObject({ refreshToken: null, user: { id: user.id } });
      const cookies = (response.headers['set-cookie'] as unknown as string[]).map((cookie) => cookie.split('=')[0]);
      expect(cookies).toEqual(expect.arrayContaining(['tandem_refresh']));
    });

    it('a second factor the provider does not assert, or an agency that does not trust it, leaves MFA to Tandem: an enrolled account answers its code', async () => {
      const VERIFY = `mutation($challenge: String!, $code: String!) { verifyMfa(challenge: $challenge, code: $code) { accessToken user { id } } }`;
      for (const [trust, amr, asserted] of [
        [true, ['pwd'], false],
        [false, ['pwd', 'otp'], true],
      ] as const) {
        const { agency, user } = await ssoAgency({ trustProviderMfa: trust });
        expect(user.totpSecret).toBeDefined();
        const sessionsBefore = await t.world.count('auth_session', 'user_id = $1', [user.id]);
        const back = await signInThroughProvider(agency.id, person(user, { amr: [...amr] }));
        const asked = await t.gql.query(EXCHANGE, { code: back.searchParams.get('signInCode') });
        expect(asked.errors[0]?.extensions?.code).toBe('MFA_REQUIRED');
        expect(asked.data?.exchangeSignInCode ?? null).toBeNull();
        expect(await t.world.count('auth_session', 'user_id = $1', [user.id])).toBe(sessionsBefore);
        const [challenged] = await t.db.query(`SELECT details FROM audit_event WHERE action = 'MFA_CHALLENGE' AND subject_id = $1`, [user.id]);
        expect(challenged.details).toMatchObject({ method: 'SSO', providerMfa: asserted, mfaSatisfied: false });

        const challenge = asked.errors[0]!.extensions!.challenge as string;
        const verified = (await t.gql.ok(VERIFY, { challenge, code: t.totpCode(user.email) })).verifyMfa;
        expect((await t.gql.ok(`{ me { id } }`, {}, verified.accessToken)).me.id).toBe(user.id);
      }
    });

    it('an account without a second factor enrolled gets its session, and enrols before anything else when its role requires one', async () => {
      const { agency } = await ssoAgency({ trustProviderMfa: false });
      const user = await t.world.user(Role.STAFF, agency.id, { mfa: false });
      const back = await signInThroughProvider(agency.id, person(user, { amr: ['pwd'] }));
      const data = await t.gql.ok(EXCHANGE, { code: back.searchParams.get('signInCode') });
      const [login] = await t.db.query(`SELECT details FROM audit_event WHERE action = 'LOGIN_SUCCESS' AND subject_id = $1`, [user.id]);
      expect(login.details).toMatchObject({ method: 'SSO', providerMfa: false, mfaSatisfied: false });
      expect(await t.app.get(SessionAssurance).mfaOf(t.db.manager, login.details.sessionId)).toBeNull();
      expect(await t.gql.code(`{ cases { edges { node { id } } } }`, {}, data.exchangeSignInCode.accessToken)).toBe('MFA_ENROLLMENT_REQUIRED');
    });

    it('two first sign-ins of one account by two subjects at once: one is linked, the other refused, neither an internal error', async () => {
      const { agency } = await ssoAgency();
      for (let round = 0; round < 4; round += 1) {
        const user = await t.world.user(Role.STAFF, agency.id);
        // Both reach the callback before either is linked, then arrive together.
        const flows = [await throughProvider(agency.id, person(user)), await throughProvider(agency.id, person(user))];
        const answers = await Promise.all(flows.map((flow) => callback(flow)));
        expect(answers.map((answer) => answer.status)).toEqual([303, 303]);
        const codes = answers.filter((answer) => answer.location?.searchParams.get('signInCode'));
        const refused = answers.filter((answer) => answer.location?.searchParams.get('signInError') === 'SSO_REFUSED');
        expect({ codes: codes.length, refused: refused.length }).toEqual({ codes: 1, refused: 1 });
        expect(await t.world.count('sso_identity', 'user_id = $1', [user.id])).toBe(1);
      }
    });

    it('refuses an ID token made out to another client (wrong audience)', async () => {
      const { agency, user } = await ssoAgency();
      const path = await throughProvider(agency.id, person(user));
      await provider.tamper('audience');
      await expectRefusedBack((await callback(path)).location);
      expect(await refusals(agency.id)).toEqual([expect.objectContaining({ reason: 'provider answer refused', details: expect.objectContaining({ check: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED', claim: 'aud' }) })]);
    });

    it('refuses an ID token signed by another key than the provider publishes (bad signature)', async () => {
      const { agency, user } = await ssoAgency();
      const path = await throughProvider(agency.id, person(user));
      await provider.tamper('foreign-key');
      await expectRefusedBack((await callback(path)).location);
      expect(await refusals(agency.id)).toEqual([expect.objectContaining({ reason: 'provider answer refused', details: expect.objectContaining({ check: 'bad signature' }) })]);
    });

    it('refuses an ID token carrying another nonce than the sign-in sent (nonce mismatch)', async () => {
      const { agency, user } = await ssoAgency();
      const path = await throughProvider(agency.id, person(user));
      await provider.tamper('nonce');
      await expectRefusedBack((await callback(path)).location);
      expect(await refusals(agency.id)).toEqual([expect.objectContaining({ reason: 'provider answer refused', details: expect.objectContaining({ check: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED', claim: 'nonce' }) })]);
    });

    it("refuses an expired ID token (Tandem's clock past its expiry)", async () => {
      const { agency, user } = await ssoAgency({ clientId: 'tandem-c-short' });
      t.clock.set(new Date());
      const path = await throughProvider(agency.id, person(user));
      // The provider makes this client's ID tokens last five minutes; the sign-in itself waits ten.
      t.clock.advance(6 * 60_000);
      try {
        await expectRefusedBack((await callback(path)).location);
      } finally {
        t.clock.set(new Date());
      }
      expect(await refusals(agency.id)).toEqual([expect.objectContaining({ reason: 'provider answer refused', details: expect.objectContaining({ check: 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED', claim: 'exp' }) })]);
    });

    it('refuses a replayed callback, and a used code slipped into another sign-in', async () => {
      const { agency, user } = await ssoAgency();
      const who = person(user);
      const path = await throughProvider(agency.id, who);
      expect((await callback(path)).location?.searchParams.get('signInCode')).toBeTruthy();

      // The same answer again: its state was taken once.
      const replayed = await callback(path);
      expect(replayed).toEqual({ status: 400, location: null });
      const [unknownState] = await t.db.query(
        `SELECT reason FROM audit_event WHERE action = 'SSO_SIGN_IN_REFUSED' AND actor_type = 'ANONYMOUS' AND reason = 'unknown, used or expired state' ORDER BY occurred_at DESC LIMIT 1`,
      );
      expect(unknownState).toBeDefined();

      // The used code with the state of a new sign-in: the provider refuses it (used, and bound to another PKCE challenge).
      const fresh = await throughProvider(agency.id, who);
      const slipped = new URL(fresh.path, PUBLIC_URL);
      slipped.searchParams.set('code', new URL(path.path, PUBLIC_URL).searchParams.get('code')!);
      await expectRefusedBack((await callback({ ...fresh, path: `${slipped.pathname}${slipped.search}` })).location);
      expect(await refusals(agency.id)).toEqual([expect.objectContaining({ reason: 'provider answer refused', details: expect.objectContaining({ check: 'provider error invalid_grant' }) })]);
    });

    it('refuses a state this server did not give (state mismatch), before any code is redeemed', async () => {
      const { agency, user } = await ssoAgency();
      const real = await throughProvider(agency.id, person(user));
      const forged = new URL(real.path, PUBLIC_URL);
      forged.searchParams.set('state', randomBytes(32).toString('base64url'));
      expect(await callback({ ...real, path: `${forged.pathname}${forged.search}` })).toEqual({ status: 400, location: null });
      // The real answer still completes: a forged state consumed nothing.
      expect((await callback(real)).location?.searchParams.get('signInCode')).toBeTruthy();
    });

    it("refuses to finish a sign-in in another browser than the one that started it (someone else's callback link)", async () => {
      const { agency, user } = await ssoAgency();
      const attackers = await throughProvider(agency.id, person(user));
      // The victim's browser follows the link: it has no cookie of that sign-in, or another sign-in's.
      const other = await start(agency.id);
      await expectRefusedBack((await callback({ path: attackers.path, cookie: '' })).location);
      expect((await callback({ path: attackers.path, cookie: browserCookie(other) })).status).toBe(400);
      expect((await refusals(agency.id)).map((row) => row.reason)).toEqual(['finished in another browser than the one that started it']);
      expect(await t.world.count('sso_identity', 'user_id = $1', [user.id])).toBe(0);
    });

    it.each([
      ['an unknown person', 'unknown person', async (agencyId: string) => ({ who: person({ email: `nobody-${randomBytes(4).toString('hex')}@tandem.test` }), userId: null as string | null, agencyId })],
      [
        'a disabled user',
        'account disabled',
        async (agencyId: string) => {
          const user = await t.world.user(Role.STAFF, agencyId, { active: false });
          return { who: person(user), userId: user.id as string | null, agencyId };
        },
      ],
      [
        'a user of another agency',
        'user of another agency',
        async (agencyId: string) => {
          const other = await t.world.agency(AgencyType.CHILD_WELFARE);
          const user = await t.world.user(Role.STAFF, other.id);
          return { who: person(user), userId: user.id as string | null, agencyId };
        },
      ],
      [
        'an email the provider has not verified',
        'email not verified',
        async (agencyId: string) => {
          const user = await t.world.user(Role.STAFF, agencyId);
          return { who: person(user, { verified: false }), userId: null as string | null, agencyId };
        },
      ],
    ])('refuses %s, audited, with no account linked and no session opened', async (_name, reason, make) => {
      const { agency } = await ssoAgency();
      const { who, userId } = await make(agency.id);
      // The sessions of the person signing in and of the agency's people (suites beside this one open others).
      const sessions = () => t.world.count('auth_session', 'user_id IN (SELECT id FROM app_user WHERE email = $1 OR agency_id = $2)', [who.email, agency.id]);
      const sessionsBefore = await sessions();
      await expectRefusedBack((await callback(await throughProvider(agency.id, who))).location);
      expect(await refusals(agency.id)).toEqual([expect.objectContaining({ reason, actor: userId, subject: userId ?? agency.id })]);
      expect(await t.world.count('sso_identity', 'subject = $1', [who.sub])).toBe(0);
      expect(await sessions()).toBe(sessionsBefore);
      if (userId) {
        // A refusal about an account is on its agency's trail: its supervisor reads it.
        const supervisor = await t.world.user(Role.SUPERVISOR, (await t.db.query(`SELECT agency_id AS "agencyId" FROM app_user WHERE id = $1`, [userId]))[0].agencyId);
        const events = await t.gql.ok(
          `query($userId: ID!) { auditEvents(filter: { actorUserId: $userId, action: "SSO_SIGN_IN_REFUSED" }) { edges { node { reason outcome } } } }`,
          { userId },
          await t.signIn(supervisor),
        );
        expect(events.auditEvents.edges).toEqual([{ node: { reason, outcome: 'DENIED' } }]);
      }
    });

    it("refuses a sign-in into an agency whose single sign-on is off, at the start and at a callback begun before it was turned off", async () => {
      const off = await ssoAgency({ enabled: false });
      const refusedStart = await start(off.agency.id);
      expect(refusedStart.status).toBe(303);
      await expectRefusedBack(new URL(refusedStart.headers.location!));

      const { agency, user } = await ssoAgency();
      const path = await throughProvider(agency.id, person(user));
      await t.gql.ok(
        CONFIGURE,
        { input: { agencyId: agency.id, issuer: provider.issuer, clientId: 'tandem-a', trustProviderMfa: true, enabled: false } },
        adminToken,
      );
      await expectRefusedBack((await callback(path)).location);
      expect((await refusals(agency.id)).map((row) => row.reason)).toEqual(['single sign-on not enabled']);
      expect((await refusals(off.agency.id)).map((row) => row.reason)).toEqual(['single sign-on not enabled']);
    });

    it('sends the browser back to the page, refused and audited, when the provider cannot be reached', async () => {
      const agency = await t.world.agency(AgencyType.LAW_ENFORCEMENT);
      // Disabled, a setting is not checked against its provider; enabled here behind the API's back, as if the provider went away later.
      await t.gql.ok(
        CONFIGURE,
        { input: { agencyId: agency.id, issuer: 'http://127.0.0.1:1', clientId: 'tandem-a', clientSecret: SECRET, trustProviderMfa: true, enabled: false } },
        adminToken,
      );
      await t.db.query(`UPDATE agency_sso SET enabled = true WHERE agency_id = $1`, [agency.id]);
      const response = await start(agency.id);
      expect(response.status).toBe(303);
      await expectRefusedBack(new URL(response.headers.location!));
      expect((await refusals(agency.id)).map((row) => row.reason)).toEqual(['provider unreachable']);
    });

    it('refuses to send the browser back to a page of another site', async () => {
      const { agency } = await ssoAgency();
      const response = await start(agency.id, 'https://attacker.example/collect');
      expect(response.status).toBe(400);
      expect(response.headers.location).toBeUndefined();
    });

    it('refuses a sign-in code of a user disabled between the callback and the exchange', async () => {
      const { agency, user } = await ssoAgency();
      const back = await signInThroughProvider(agency.id, person(user));
      await t.db.query(`UPDATE app_user SET active = false WHERE id = $1`, [user.id]);
      expect(await t.gql.code(EXCHANGE, { code: back.searchParams.get('signInCode') })).toBe('UNAUTHENTICATED');
      expect((await refusals(agency.id)).map((row) => row.reason)).toEqual(['account no longer allowed']);
    });
  });
});
