import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { AgencyType, Role } from '@tandem/authz';
import { RedisService } from '@tandem/platform';
import request from 'supertest';
import WebSocket from 'ws';
import { createTestApp, TestApp } from './support/test-app';

// The request rate limit covers every way in that parses an operation or checks a token: the queue
// dashboard (each refused token there is an audit row), the single sign-on routes (each refused
// callback is one too), and each operation sent over a socket, not only the socket's handshake.

const LIMIT = 3;

interface SocketMessage {
  type: string;
  id?: string;
  payload?: { extensions?: { code?: string } }[];
}

/** A signed-in graphql-ws socket that sends `count` subscriptions of `query` and collects what each is answered. */
function subscribeMany(t: TestApp, token: string, query: string, count: number): Promise<SocketMessage[]> {
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/graphql`, 'graphql-transport-ws');
    const answers = new Map<string, SocketMessage>();
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as SocketMessage;
      if (message.type === 'connection_ack') {
        for (let i = 0; i < count; i += 1) socket.send(JSON.stringify({ type: 'subscribe', id: String(i), payload: { query } }));
        return;
      }
      if (message.id !== undefined && !answers.has(message.id)) answers.set(message.id, message);
      if (answers.size === count) socket.close(1000);
    });
    socket.on('close', (code) => {
      if (answers.size === count) resolve([...answers.entries()].sort(([a], [b]) => Number(a) - Number(b)).map(([, message]) => message));
      else reject(new Error(`socket closed with ${code} after ${answers.size} of ${count} answers`));
    });
    socket.on('error', reject);
  });
}

describe('what the request rate limit covers', () => {
  let t: TestApp;

  beforeAll(async () => {
    // A prefix of its own: the counter must hold only this suite's requests.
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: String(LIMIT), QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}-cover-${randomBytes(3).toString('hex')}` });
    await t.app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await t?.close();
  });

  beforeEach(async () => {
    // Each test starts with the whole minute's quota of the client address.
    const redis = t.app.get(RedisService);
    const keys = await redis.client.keys(redis.key('throttle', 'request', '*'));
    if (keys.length > 0) await redis.client.del(...keys);
  });

  it('counts the queue dashboard, so forged tokens sent there leave no more audit rows than the limit', async () => {
    const before = await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'TOKEN_REFUSED'`);
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT * 3; i += 1) {
      const response = await request(t.app.getHttpServer()).get('/admin/queues/api/queues').set('authorization', 'Bearer forged.token.here');
      statuses.push(response.status);
      expect(response.headers['cache-control']).toBe('no-store');
    }
    const after = await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'TOKEN_REFUSED'`);
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(401));
    expect(statuses.slice(LIMIT)).toEqual(Array(LIMIT * 2).fill(429));
    expect(after[0].n - before[0].n).toBe(LIMIT);
  });

  it('counts the single sign-on routes, so forged callbacks leave no more audit rows than the limit', async () => {
    const before = await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'SSO_SIGN_IN_REFUSED'`);
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT * 3; i += 1) {
      const response = await request(t.app.getHttpServer()).get('/auth/sso/callback').query({ state: randomBytes(32).toString('base64url'), code: 'forged' });
      statuses.push(response.status);
    }
    const after = await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'SSO_SIGN_IN_REFUSED'`);
    expect(statuses).toEqual([...Array(LIMIT).fill(400), ...Array(LIMIT * 2).fill(429)]);
    expect(after[0].n - before[0].n).toBe(LIMIT);
  });

  it('counts every operation sent over a socket, not only its handshake', async () => {
    const agency = await t.world.agency(AgencyType.CHILD_WELFARE);
    // The sign-in and the handshake take two requests of the minute's three.
    const token = await t.signIn(await t.world.user(Role.STAFF, agency.id));
    const answers = await subscribeMany(t, token, '{ '.repeat(500), 4);
    const codes = answers.map((answer) => answer.payload?.[0]?.extensions?.code);
    expect(codes).toEqual(['BAD_USER_INPUT', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
  });
});
