import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { AgencyType, Role } from '@tandem/authz';
import { NotificationCreatedHandler, NotificationService } from '@tandem/notifications';
import { WorldUser } from '@tandem/testing';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { createTestApp, TestApp } from './support/test-app';

// An open graphql-ws socket lives no longer than the session it signed in with: sign-out, an
// expired access token and a disabled account each stop delivery and close it within seconds.

const NOTIFICATION_ADDED = `subscription { notificationAdded { id text } }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

interface Live {
  client: Client;
  texts: string[];
  closed: { code: number; reason: string } | null;
  closedAfterMs: number | null;
  /** Marks when the session ended, to time the close from it. */
  ended(): void;
}

describe('subscriptions end with their session', () => {
  let t: TestApp;
  let admin: WorldUser;
  let agencyId: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    const agency = await t.world.agency(AgencyType.CHILD_WELFARE);
    agencyId = agency.id;
    admin = await t.world.user(Role.AGENCY_ADMIN, agency.id);
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((each) => each.dispose()));
  });

  afterAll(async () => {
    await t?.close();
  });

  /** Stores a notification for the user and announces it as the worker does. */
  async function notify(user: WorldUser, text: string): Promise<void> {
    const service = t.app.get(NotificationService);
    const ids = await t.db.transaction((tx) =>
      service.notify(tx, { ledgerKey: `session-test:${randomUUID()}`, kind: 'TEST_ALERT', caseId: null, caseNumber: null, text, recipientIds: [user.id], createdAt: new Date() }),
    );
    await t.app.get(NotificationCreatedHandler).handle({ eventId: randomUUID(), notificationIds: ids, webhookDeliveryIds: [] });
  }

  /** A signed-in socket listening to the user's notifications, proven live by one delivery. */
  async function live(user: WorldUser, token: string): Promise<Live> {
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    let endedAt = 0;
    const state: Live = {
      client: null as unknown as Client,
      texts: [],
      closed: null,
      closedAfterMs: null,
      ended: () => (endedAt = Date.now()),
    };
    state.client = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      on: {
        closed: (event) => {
          const { code, reason } = event as { code: number; reason: string };
          state.closed = { code, reason };
          state.closedAfterMs = Date.now() - endedAt;
        },
      },
    });
    clients.push(state.client);
    state.client.subscribe<{ notificationAdded: { text: string } }>(
      { query: NOTIFICATION_ADDED },
      { next: (result) => result.data && state.texts.push(result.data.notificationAdded.text), error: () => undefined, complete: () => undefined },
    );
    // Announced until one arrives: the socket's Redis subscription may take a moment.
    await until('the socket to hear a first notification', async () => {
      if (state.texts.length === 0) await notify(user, 'before');
      await sleep(100);
      return state.texts.length > 0;
    });
    state.texts.length = 0;
    return state;
  }

  async function member(): Promise<{ user: WorldUser; token: string }> {
    const user = await t.world.user(Role.STAFF, agencyId);
    return { user, token: await t.signIn(user) };
  }

  it('stops delivery at once when the session ends, before the socket is closed', async () => {
    const { user, token } = await member();
    const socket = await live(user, token);
    await t.gql.ok(`mutation { logout }`, {}, token);
    await notify(user, 'after sign-out');
    await until('the socket to close', () => socket.closed !== null);
    expect(socket.texts).toEqual([]);
    expect(socket.closed?.code).toBe(4401);
  });

  it('closes the socket within seconds of sign-out', async () => {
    const { user, token } = await member();
    const socket = await live(user, token);
    socket.ended();
    await t.gql.ok(`mutation { logout }`, {}, token);
    await until('the socket to close', () => socket.closed !== null);
    expect(socket.closed).toEqual({ code: 4401, reason: 'Your session has ended; sign in again' });
    expect(socket.closedAfterMs).toBeLessThan(10_000);
  });

  it('closes the socket within seconds of its access token expiring', async () => {
    const { user, token } = await member();
    const socket = await live(user, token);
    socket.ended();
    t.clock.advance((t.config.values.JWT_ACCESS_TTL_SECONDS + 1) * 1000);
    try {
      await until('the socket to close', () => socket.closed !== null);
    } finally {
      t.clock.set(new Date());
    }
    expect(socket.closed).toEqual({ code: 4401, reason: 'Your session is invalid or has expired; sign in again' });
    expect(socket.closedAfterMs).toBeLessThan(10_000);
    expect(socket.texts).toEqual([]);
  });

  it('closes the socket within seconds of the account being disabled', async () => {
    const { user, token } = await member();
    const socket = await live(user, token);
    socket.ended();
    await t.gql.ok(`mutation($id: ID!) { disableUser(id: $id) { id } }`, { id: user.id }, await t.signIn(admin));
    await until('the socket to close', () => socket.closed !== null);
    expect(socket.closed?.code).toBe(4401);
    expect(socket.closedAfterMs).toBeLessThan(10_000);
    await notify(user, 'after disabling');
    await sleep(300);
    expect(socket.texts).toEqual([]);
  });

  it('closes the sockets of the other sessions within seconds of a password change, and keeps its own', async () => {
    const { user, token } = await member();
    const other = await live(user, await t.signIn(user));
    const own = await live(user, token);
    // The announcements that proved the second socket live reached the first too.
    other.texts.length = 0;
    other.ended();
    await t.gql.ok(
      `mutation($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) }`,
      { current: user.password, next: `changed-${randomUUID()}` },
      token,
    );
    await until('the other session\'s socket to close', () => other.closed !== null);
    expect(other.closed).toEqual({ code: 4401, reason: 'Your session has ended; sign in again' });
    expect(other.closedAfterMs).toBeLessThan(10_000);
    await notify(user, 'after the change');
    await until('the delivery on the changing session', () => own.texts.length === 1);
    expect(other.texts).toEqual([]);
    expect(own.closed).toBeNull();
  });

  it('keeps a socket whose session is still valid open and delivering', async () => {
    const { user, token } = await member();
    const socket = await live(user, token);
    const other = await member();
    await t.gql.ok(`mutation { logout }`, {}, other.token);
    await sleep(t.config.values.SUBSCRIPTION_SESSION_CHECK_SECONDS * 1000 + 500);
    await notify(user, 'still here');
    await until('the delivery', () => socket.texts.length === 1);
    expect(socket.closed).toBeNull();
  });
});
