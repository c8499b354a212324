import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { AgencyType, Role } from '@tandem/authz';
import WebSocket from 'ws';
import { createTestApp, TestApp } from './support/test-app';

// Every /graphql request is counted before it is parsed; metrics label only the schema's
// operations; no answer may be kept by a cache.

/** The close code of a graphql-ws socket that sends `connection_init` (1000 when acknowledged, then closed by us). */
function socketOutcome(t: TestApp, token?: string): Promise<number> {
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/graphql`, 'graphql-transport-ws');
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} })));
    socket.on('message', (data) => {
      if ((JSON.parse(String(data)) as { type: string }).type === 'connection_ack') socket.close(1000);
    });
    socket.on('close', (code) => resolve(code));
    socket.on('error', reject);
  });
}

describe('limits and headers of every GraphQL request', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('rate limits every request per client address before it is parsed, and the socket handshake with it', async () => {
    // A prefix of its own: the counter must hold only this test's requests.
    const limited = await createTestApp({ RATE_LIMIT_PER_MINUTE: '4', QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}-req-${randomBytes(3).toString('hex')}` });
    try {
      await limited.app.listen(0, '127.0.0.1');
      const garbage = () => limited.gql.http().post('/graphql').set('content-type', 'application/json').send({ query: '{ '.repeat(500) });
      const statuses: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        const response = await garbage();
        statuses.push(response.status);
        expect(response.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      }
      expect(statuses).toEqual([400, 400, 400]);
      // The fourth request of the minute is the socket's handshake; it is let in.
      expect(await socketOutcome(limited)).toBe(4401);

      const refused = await garbage();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(refused.headers['cache-control']).toBe('no-store');
      expect(refused.body).toEqual({
        errors: [{ message: 'Too many requests; try again later', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) } }],
      });
      expect(await socketOutcome(limited)).toBe(4429);
      // Other routes are not counted.
      expect((await limited.gql.http().get('/health/live')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('labels metrics by the operations of the schema, whatever name the client chose', async () => {
    const agency = await t.world.agency(AgencyType.CHILD_WELFARE);
    const token = await t.signIn(await t.world.user(Role.STAFF, agency.id));
    for (let i = 0; i < 20; i += 1) {
      await t.gql.ok(`query Random${randomBytes(6).toString('hex')} { me { id } }`, {}, token);
    }
    await t.gql.ok(`query { jurisdictions { id } me { id } }`, {}, token);
    await t.gql.query(`query Broken${randomBytes(6).toString('hex')} { nope }`);
    const metrics = (await t.gql.http().get('/metrics')).text;
    const labels = [...metrics.matchAll(/^tandem_graphql_operations_total\{operation="([^"]*)",type="([^"]*)",outcome="([^"]*)"\} (\d+)/gm)];
    expect(labels.map((match) => match[1]).filter((name) => /Random|Broken/.test(name!))).toEqual([]);
    const count = (operation: string, type: string, outcome: string) =>
      Number(labels.find((match) => match[1] === operation && match[2] === type && match[3] === outcome)?.[4] ?? 0);
    expect(count('me', 'query', 'ok')).toBeGreaterThanOrEqual(20);
    expect(count('multiple', 'query', 'ok')).toBeGreaterThanOrEqual(1);
    expect(count('other', 'unknown', 'error')).toBeGreaterThanOrEqual(1);
  });

  it('answers every request with Cache-Control: no-store', async () => {
    const agency = await t.world.agency(AgencyType.CHILD_WELFARE);
    const token = await t.signIn(await t.world.user(Role.STAFF, agency.id));
    const answers = [
      await t.gql.query(`{ me { id displayName } }`, {}, token),
      await t.gql.query(`{ me { id } }`),
      await t.gql.query(`{ nope }`, {}, token),
    ];
    for (const answer of answers) expect(answer.headers['cache-control']).toBe('no-store');
    const get = await t.gql.http().get('/graphql').query({ query: '{ __typename }' }).set('apollo-require-preflight', 'true');
    expect(get.headers['cache-control']).toBe('no-store');
  });
});
