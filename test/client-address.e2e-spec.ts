import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { AgencyType, Role } from '@tandem/authz';
import WebSocket from 'ws';
import { createTestApp, TestApp } from './support/test-app';

// Whose address a request has: the socket's peer, unless that peer is a proxy TRUST_PROXY names.

const LOGIN = `mutation { login(email: "nobody@tandem.test", password: "whatever-password") { accessToken } }`;

/** Signs in with an unknown email (an audited refusal) and returns the address its audit row records. */
async function auditedAddress(t: TestApp, forwardedFor?: string): Promise<string | null> {
  const requestId = `addr-${randomUUID()}`;
  let call = t.gql.http().post('/graphql').set('content-type', 'application/json').set('x-request-id', requestId);
  if (forwardedFor) call = call.set('x-forwarded-for', forwardedFor);
  const response = await call.send({ query: LOGIN });
  expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  const rows = await t.db.query(`SELECT client_address FROM audit_event WHERE request_id = $1 AND action = 'LOGIN_FAILURE'`, [requestId]);
  expect(rows).toHaveLength(1);
  return rows[0].client_address;
}

/** Opens a graphql-ws socket with the given token and headers, and resolves when the server closes it. */
function refusedSocket(t: TestApp, token: string, headers: Record<string, string>): Promise<number> {
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/graphql`, 'graphql-transport-ws', { headers });
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('close', (code) => resolve(code));
    socket.on('error', reject);
  });
}

describe('the client address of a request', () => {
  const prefix = () => `${process.env.QUEUE_PREFIX}-addr-${randomBytes(3).toString('hex')}`;
  let direct: TestApp;
  let proxied: TestApp;
  // Signs users in, so that the low sign-in limits of the two apps under test are not spent on it.
  let signer: TestApp;

  beforeAll(async () => {
    direct = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3', QUEUE_PREFIX: prefix() });
    proxied = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3', QUEUE_PREFIX: prefix(), TRUST_PROXY: 'loopback' });
    signer = await createTestApp();
    await direct.app.listen(0, '127.0.0.1');
    await proxied.app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await direct?.close();
    await proxied?.close();
    await signer?.close();
  });

  it('ignores X-Forwarded-For by default: audit rows record the peer, and the rate limit holds', async () => {
    const peer = await auditedAddress(direct);
    expect(peer).toMatch(/127\.0\.0\.1$/);
    expect(await auditedAddress(direct, '203.0.113.7')).toBe(peer);
    // Two attempts are left in this minute; a new forwarded address on each does not reset the count.
    const codes: string[] = [];
    for (const forged of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      const response = await direct.gql.http().post('/graphql').set('content-type', 'application/json').set('x-forwarded-for', forged).send({ query: LOGIN });
      codes.push(response.body.errors?.[0]?.extensions?.code);
    }
    expect(codes).toEqual(['UNAUTHENTICATED', 'RATE_LIMITED', 'RATE_LIMITED']);
  });

  it('takes the address a trusted proxy forwards for, and only from the nearest untrusted hop', async () => {
    expect(await auditedAddress(proxied, '203.0.113.7')).toBe('203.0.113.7');
    // The client wrote the first entry itself; the trusted proxy appended the address it saw.
    expect(await auditedAddress(proxied, '198.51.100.66, 203.0.113.8')).toBe('203.0.113.8');
    expect(await auditedAddress(proxied)).toMatch(/127\.0\.0\.1$/);
  });

  it('applies the same rule to a socket', async () => {
    for (const [t, expected] of [
      [direct, /127\.0\.0\.1$/],
      [proxied, /^203\.0\.113\.9$/],
    ] as const) {
      const agency = await signer.world.agency(AgencyType.SHELTER);
      const user = await signer.world.user(Role.STAFF, agency.id);
      const token = await signer.signIn(user);
      await t.db.query(`UPDATE app_user SET active = false WHERE id = $1`, [user.id]);
      expect(await refusedSocket(t, token, { 'x-forwarded-for': '203.0.113.9' })).toBe(4401);
      const rows = await t.db.query(`SELECT client_address FROM audit_event WHERE actor_user_id = $1 AND action = 'ACCESS_DENIED'`, [user.id]);
      expect(rows).toHaveLength(1);
      expect(rows[0].client_address).toMatch(expected);
    }
  });
});
