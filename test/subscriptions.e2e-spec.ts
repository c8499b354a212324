import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { AgencyType, Role } from '@tandem/authz';
import { NotificationCreatedHandler, NotificationService } from '@tandem/notifications';
import { WorldUser } from '@tandem/testing';
import { Client, createClient, FormattedExecutionResult } from 'graphql-ws';
import IORedis from 'ioredis';
import WebSocket from 'ws';
import { createTestApp, TestApp } from './support/test-app';

// `notificationAdded` over graphql-ws, across two API processes sharing Redis: each socket signs in
// with its access token and hears its own user's notifications, whichever process it is on.

const NOTIFICATION_ADDED = `subscription { notificationAdded { id kind caseId text createdAt readAt } }`;

interface Added {
  notificationAdded: { id: string; kind: string; caseId: string | null; text: string; createdAt: string; readAt: string | null };
}

interface Feed {
  results: FormattedExecutionResult<Added, unknown>[];
  errors: unknown[];
  completed: boolean;
  dispose: () => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

function socketUrl(t: TestApp): string {
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return `ws://127.0.0.1:${port}/graphql`;
}

/** What a raw graphql-transport-ws socket hears after `connection_init`: the acknowledgement or the close code. */
function handshake(url: string, payload: Record<string, unknown> | undefined): Promise<{ acknowledged: boolean; code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    let acknowledged = false;
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', ...(payload ? { payload } : {}) })));
    socket.on('message', (data) => {
      if ((JSON.parse(String(data)) as { type: string }).type === 'connection_ack') {
        acknowledged = true;
        socket.close(1000);
      }
    });
    socket.on('close', (code, reason) => resolve({ acknowledged, code, reason: reason.toString() }));
    socket.on('error', reject);
  });
}

describe('notificationAdded over graphql-ws', () => {
  // A prefix (and so a Redis channel) of this suite's own, under the run's prefix that teardown clears.
  const prefix = `${process.env.QUEUE_PREFIX}:subs-${randomBytes(4).toString('hex')}`;
  const channel = `${prefix}:notifications`;
  let one: TestApp;
  let two: TestApp;
  let redis: IORedis;
  let alice: WorldUser;
  let bob: WorldUser;
  const clients: Client[] = [];

  const numsub = async (): Promise<number> => Number(((await redis.pubsub('NUMSUB', channel)) as [string, number])[1]);

  function client(t: TestApp, connectionParams: Record<string, unknown>): Client {
    const created = createClient({ url: socketUrl(t), webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
    clients.push(created);
    return created;
  }

  function listen(on: Client, query = NOTIFICATION_ADDED): Feed {
    const feed: Feed = { results: [], errors: [], completed: false, dispose: () => undefined };
    feed.dispose = on.subscribe<Added>(
      { query },
      {
        next: (result) => feed.results.push(result),
        error: (error) => feed.errors.push(error),
        complete: () => (feed.completed = true),
      },
    );
    return feed;
  }

  /** Stores a notification for the user and announces it from `via` exactly as the worker does. */
  async function notify(via: TestApp, user: WorldUser, text: string): Promise<string> {
    const service = via.app.get(NotificationService);
    const ids = await via.db.transaction((tx) =>
      service.notify(tx, { ledgerKey: `subs-test:${randomUUID()}`, kind: 'TEST_ALERT', caseId: null, caseNumber: null, text, recipientIds: [user.id], createdAt: new Date() }),
    );
    await via.app.get(NotificationCreatedHandler).handle({ eventId: randomUUID(), notificationIds: ids, webhookDeliveryIds: [] });
    expect(ids).toHaveLength(1);
    return ids[0]!;
  }

  beforeAll(async () => {
    one = await createTestApp({ QUEUE_PREFIX: prefix });
    // The second process has a cost limit low enough to trip with aliases, high enough for the feed.
    two = await createTestApp({ QUEUE_PREFIX: prefix, GRAPHQL_MAX_COST: '10' });
    await one.app.listen(0, '127.0.0.1');
    await two.app.listen(0, '127.0.0.1');
    redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
    const agency = await one.world.agency(AgencyType.CHILD_WELFARE);
    alice = await one.world.user(Role.STAFF, agency.id);
    bob = await one.world.user(Role.SUPERVISOR, agency.id);
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((each) => each.dispose()));
  });

  afterAll(async () => {
    redis?.disconnect();
    await one?.close();
    await two?.close();
  });

  it('delivers each notification to its recipient only, whichever process the recipient is connected to', async () => {
    const aliceFeed = listen(client(one, { authorization: `Bearer ${await one.signIn(alice)}` }));
    const bobFeed = listen(client(two, { authToken: await one.signIn(bob) }));
    // One Redis subscription per process, whatever the number of sockets.
    await until('both processes to subscribe', async () => (await numsub()) === 2);

    const forAlice = await notify(two, alice, 'Referral R-1 awaits a response');
    await until('alice to hear it', () => aliceFeed.results.length === 1);
    await sleep(400);
    expect(aliceFeed.results).toEqual([
      { data: { notificationAdded: { id: forAlice, kind: 'TEST_ALERT', caseId: null, text: 'Referral R-1 awaits a response', createdAt: expect.any(String), readAt: null } } },
    ]);
    expect(new Date(aliceFeed.results[0]!.data!.notificationAdded.createdAt).toISOString()).toBe(aliceFeed.results[0]!.data!.notificationAdded.createdAt);
    expect(bobFeed.results).toEqual([]);

    const forBob = await notify(one, bob, 'Handoff H-2 was accepted');
    await until('bob to hear it', () => bobFeed.results.length === 1);
    await sleep(400);
    expect(bobFeed.results.map((result) => result.data?.notificationAdded.id)).toEqual([forBob]);
    expect(aliceFeed.results).toHaveLength(1);
    expect([...aliceFeed.errors, ...bobFeed.errors]).toEqual([]);

    // Unsubscribing releases the Redis subscription at once, without waiting for another message.
    aliceFeed.dispose();
    bobFeed.dispose();
    await until('the processes to unsubscribe', async () => (await numsub()) === 0);
  });

  it('delivers to every socket of the same user, and ignores what is not a notification', async () => {
    const token = await one.signIn(alice);
    const first = listen(client(one, { authorization: `Bearer ${token}` }));
    const second = listen(client(two, { authorization: `Bearer ${token}` }));
    await until('both processes to subscribe', async () => (await numsub()) === 2);
    await redis.publish(channel, 'not json');
    await redis.publish(channel, JSON.stringify({ id: randomUUID(), recipientId: alice.id, kind: 'X', text: 'no date' }));
    const id = await notify(one, alice, 'Deadline D-3 is due today');
    await until('both sockets to hear it', () => first.results.length === 1 && second.results.length === 1);
    await sleep(200);
    expect([first, second].map((feed) => feed.results.map((result) => result.data?.notificationAdded.id))).toEqual([[id], [id]]);
  });

  it('refuses a connection without a token, or with a bad one, with 4401', async () => {
    const url = socketUrl(one);
    for (const payload of [undefined, {}, { authorization: 'Bearer not-a-token' }, { authToken: 'garbage' }, { authorization: 'Basic abc' }]) {
      expect(await handshake(url, payload)).toMatchObject({ acknowledged: false, code: 4401 });
    }
    expect(await handshake(url, { authorization: `Bearer ${await one.signIn(alice)}` })).toMatchObject({ acknowledged: true });
  });

  it('refuses the token of a disabled account or an ended session', async () => {
    const agency = await one.world.agency(AgencyType.SHELTER);
    const disabled = await one.world.user(Role.STAFF, agency.id);
    const disabledToken = await one.signIn(disabled);
    await one.db.query(`UPDATE app_user SET active = false WHERE id = $1`, [disabled.id]);
    expect(await handshake(socketUrl(two), { authorization: `Bearer ${disabledToken}` })).toEqual({
      acknowledged: false,
      code: 4401,
      reason: 'This account is disabled',
    });

    const loggedOut = await one.world.user(Role.STAFF, agency.id);
    const loggedOutToken = await one.signIn(loggedOut);
    await one.gql.ok(`mutation { logout }`, {}, loggedOutToken);
    expect(await handshake(socketUrl(one), { authorization: `Bearer ${loggedOutToken}` })).toMatchObject({ acknowledged: false, code: 4401 });
  });

  it('checks the session again when a subscription starts on an open socket', async () => {
    const token = await one.signIn(bob);
    let connected = false;
    const socket = createClient({ url: socketUrl(one), webSocketImpl: WebSocket, connectionParams: { authToken: token }, retryAttempts: 0, lazy: false, on: { connected: () => (connected = true) } });
    clients.push(socket);
    await until('the socket to connect', () => connected);
    await one.gql.ok(`mutation { logout }`, {}, token);
    const feed = listen(socket);
    await until('the refusal', () => feed.completed);
    expect(feed.results).toEqual([{ errors: [expect.objectContaining({ path: ['notificationAdded'], extensions: { code: 'UNAUTHENTICATED' } })] }]);
  });

  it('serves only subscriptions, with the error codes and limits of HTTP and no internals', async () => {
    const token = await one.signIn(alice);
    const cases: [TestApp, string, RegExp][] = [
      [one, `{ me { id } }`, /^Only subscriptions are served over WebSocket/],
      [one, `subscription { notificationAdded { id `, /^Syntax Error/],
      [one, `subscription { notificationAdded { nope } }`, /^Cannot query field "nope"/],
      [two, `subscription { notificationAdded { ${Array.from({ length: 12 }, (_, i) => `a${i}: id`).join(' ')} } }`, /^Query is too costly/],
    ];
    for (const [app, query, message] of cases) {
      const feed = listen(client(app, { authorization: `Bearer ${token}` }), query);
      await until('the error', () => feed.errors.length > 0);
      const errors = feed.errors[0] as { message: string; extensions?: Record<string, unknown> }[];
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toMatch(message);
      expect(errors[0]!.extensions).toEqual({ code: 'BAD_USER_INPUT' });
      expect(JSON.stringify(errors)).not.toMatch(/stack|at \w+ \(/);
    }
  });
});
