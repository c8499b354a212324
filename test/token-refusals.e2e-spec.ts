import { createHmac } from 'node:crypto';
import { AgencyType, Role } from '@tandem/authz';
import { createTestApp, TestApp } from './support/test-app';

// Every refused access token leaves one audit row per request (anonymous, with the reason and the
// client's address), so probing shows in the audit trail; a token must carry an expiry.

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`;
const ME = `{ me { id } }`;

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JSON web token built by hand, signed with HS256 under `secret` (or unsigned for `alg: none`). */
function jwt(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string | null): string {
  const head = `${encode(header)}.${encode(payload)}`;
  const signature = secret === null ? '' : createHmac('sha256', secret).update(head).digest('base64url');
  return `${head}.${signature}`;
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

interface RefusalRow {
  actorType: string;
  actorUserId: string | null;
  action: string;
  outcome: string;
  reason: string;
  clientAddress: string | null;
}

describe('refused access tokens', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function session() {
    const agency = await t.world.agency(AgencyType.SHELTER);
    const user = await t.world.user(Role.STAFF, agency.id);
    const token = (await t.gql.ok<{ login: { accessToken: string } }>(LOGIN, { email: user.email, password: user.password })).login.accessToken;
    return { user, token, claims: claimsOf(token) };
  }

  /** Sends `query` with `token` (or none) and returns the answer's code and the audit rows of that request. */
  async function refusal(token: string | null, query = ME): Promise<{ code: string | undefined; rows: RefusalRow[] }> {
    const response = await t.gql.query(query, {}, token ?? undefined);
    const requestId = response.headers['x-request-id'];
    const rows: RefusalRow[] = await t.db.query(
      `SELECT actor_type AS "actorType", actor_user_id AS "actorUserId", action, outcome, reason, client_address AS "clientAddress"
         FROM audit_event WHERE request_id = $1`,
      [requestId],
    );
    return { code: response.errors[0]?.extensions?.code, rows };
  }

  function expectOneRefusal(result: { code: string | undefined; rows: RefusalRow[] }, reason: string): void {
    expect(result.code).toBe('UNAUTHENTICATED');
    expect(result.rows).toEqual([
      { actorType: 'ANONYMOUS', actorUserId: null, action: 'TOKEN_REFUSED', outcome: 'DENIED', reason, clientAddress: expect.any(String) },
    ]);
  }

  it('audits a missing token on an operation that needs one, once per request', async () => {
    expectOneRefusal(await refusal(null, `{ me { id } again: me { id } agencies { id } }`), 'missing token');
    // A public operation needs no token: nothing to audit beyond what it does.
    const response = await t.gql.query(`{ __typename }`);
    expect(response.errors).toEqual([]);
    expect(await t.world.count('audit_event', 'request_id = $1', [response.headers['x-request-id']])).toBe(0);
  });

  it('audits a malformed token and a header that is not a bearer token', async () => {
    expectOneRefusal(await refusal('not-a-token'), 'malformed token');
    const response = await t.gql.http().post('/graphql').set('content-type', 'application/json').set('authorization', 'Basic dXNlcjpwYXNz').send({ query: ME });
    expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const [row] = await t.db.query(`SELECT reason FROM audit_event WHERE request_id = $1`, [response.headers['x-request-id']]);
    expect(row).toEqual({ reason: 'malformed token' });
  });

  it('audits a forged signature and an unsigned (alg none) token', async () => {
    const { claims } = await session();
    expectOneRefusal(await refusal(jwt({ alg: 'HS256', typ: 'JWT' }, claims, 'a-guessed-secret-of-some-length-000000')), 'bad signature');
    expectOneRefusal(await refusal(jwt({ alg: 'none', typ: 'JWT' }, claims, null)), 'algorithm not allowed');
    expectOneRefusal(await refusal(jwt({ alg: 'HS512', typ: 'JWT' }, claims, t.config.values.JWT_SECRET)), 'algorithm not allowed');
  });

  it('refuses and audits a validly signed token without an expiry', async () => {
    const { claims } = await session();
    const { exp: _exp, ...noExpiry } = claims;
    expectOneRefusal(await refusal(jwt({ alg: 'HS256', typ: 'JWT' }, noExpiry, t.config.values.JWT_SECRET)), 'no expiry');
    // An expiry beyond the access-token lifetime is refused too.
    const longLived = { ...claims, exp: (claims.iat as number) + 30 * 24 * 3600 };
    expectOneRefusal(await refusal(jwt({ alg: 'HS256', typ: 'JWT' }, longLived, t.config.values.JWT_SECRET)), 'lifetime too long');
    // The same claims with their own expiry, signed the same way, are accepted: only the expiry differs.
    const same = await t.gql.query(ME, {}, jwt({ alg: 'HS256', typ: 'JWT' }, claims, t.config.values.JWT_SECRET));
    expect(same.errors).toEqual([]);
  });

  it('audits an expired token and the token of an ended session', async () => {
    const expired = await session();
    t.clock.advance((t.config.values.JWT_ACCESS_TTL_SECONDS + 60) * 1000);
    try {
      expectOneRefusal(await refusal(expired.token), 'expired');
    } finally {
      t.clock.set(new Date());
    }
    const ended = await session();
    await t.gql.ok(`mutation { logout }`, {}, ended.token);
    expectOneRefusal(await refusal(ended.token), 'session ended');
  });

  it('answers every refusal the same way to the client', async () => {
    const { claims } = await session();
    const forged = await t.gql.query(ME, {}, jwt({ alg: 'HS256' }, claims, 'another-secret-another-secret-0000'));
    const malformed = await t.gql.query(ME, {}, 'x.y.z');
    expect(forged.errors[0]?.message).toBe(malformed.errors[0]?.message);
    expect(forged.errors[0]?.extensions).toEqual(malformed.errors[0]?.extensions);
  });
});
