import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Role } from '@tandem/authz';
import { CapacityChangedHandler, CapacityStaleWatch } from '@tandem/directory';
import { Client, createClient, FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { Actor, policyCast, signedIn } from './support/case-fixtures';
import { directorySite, figureOf, historyOf } from './support/directory-fixtures';
import { createTestApp, TestApp } from './support/test-app';

// Live capacity: a site's own agency keeps its figure (versioned, with its history and audit), its
// supervisors are told when it goes stale, and caseworkers of its jurisdiction follow it live.

const UPDATE = `mutation($s: ID!, $unit: String!, $available: Int!, $maximum: Int, $v: Int) {
  updateCapacity(serviceAtLocationId: $s, unit: $unit, available: $available, maximum: $maximum, expectedVersion: $v) { id unit unitId available maximum updated updatedBy version stale }
}`;
const CAPACITY_CHANGED = `subscription { capacityChanged { serviceAtLocationId serviceName locationName city available maximum version stale reason } }`;
const HOUR = 3600_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe('live capacity', () => {
  // A Redis channel of this suite's own, under the run's prefix that teardown clears.
  const prefix = `${process.env.QUEUE_PREFIX}:cap-${randomBytes(4).toString('hex')}`;
  let t: TestApp;
  let cast: Awaited<ReturnType<typeof policyCast>>;
  const clients: Client[] = [];

  beforeAll(async () => {
    t = await createTestApp({ QUEUE_PREFIX: prefix });
    await t.app.listen(0, '127.0.0.1');
    cast = await policyCast(t);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((each) => each.dispose()));
  });
  afterAll(() => t.close());

  // The history of one figure: suites running beside this one change figures of their own.
  const historyCount = async (capacityId: string) => (await t.db.query(`SELECT count(*)::int AS n FROM directory.capacity_history WHERE capacity_id = $1`, [capacityId]))[0].n as number;

  describe('updateCapacity', () => {
    it("lets the site's own staff, supervisors and admin set it: versioned, stamped, kept in the history and audited", async () => {
      const site = await directorySite(t, cast.agencies.SH.id, { available: 3, maximum: 6, updated: new Date(t.clock.now().getTime() - 20 * HOUR) });
      const admin = await signedIn(t, Role.AGENCY_ADMIN, cast.agencies.SH.id);
      let version = 1;
      for (const [who, available] of [[cast.people.sh1, 2], [cast.people.shSup, 1], [admin, 0]] as [Actor, number][]) {
        const updated = (await t.gql.ok(UPDATE, { s: site.serviceAtLocationId, unit: 'bed', available, maximum: 6, v: version }, who.token)).updateCapacity;
        version += 1;
        expect(updated).toMatchObject({ id: site.capacityId, unit: 'bed', unitId: 'bed', available, maximum: 6, updatedBy: who.id, version, stale: false });
        expect(new Date(updated.updated).getTime()).toBe(t.clock.now().getTime());
      }
      const history = await t.db.query(`SELECT version, available::int AS available, updated_by, reason FROM directory.capacity_history WHERE capacity_id = $1 ORDER BY id`, [site.capacityId]);
      expect(history).toEqual([
        { version: 2, available: 2, updated_by: cast.people.sh1.id, reason: 'UPDATE' },
        { version: 3, available: 1, updated_by: cast.people.shSup.id, reason: 'UPDATE' },
        { version: 4, available: 0, updated_by: admin.id, reason: 'UPDATE' },
      ]);
      const audited = await t.db.query(`SELECT actor_user_id AS actor_id, details FROM audit_event WHERE action = 'CAPACITY_UPDATE' AND subject_id = $1 ORDER BY occurred_at`, [site.serviceAtLocationId]);
      expect(audited.map((row: { actor_id: string }) => row.actor_id)).toEqual([cast.people.sh1.id, cast.people.shSup.id, admin.id]);
      expect(audited[0].details).toMatchObject({ capacityId: site.capacityId, available: 2, maximum: 6, version: 2, previous: { available: 3, maximum: 6 } });
    });

    it('starts the figure of a site that counted none, in a unit named by its name', async () => {
      const site = await directorySite(t, cast.agencies.SH.id, { available: null });
      const created = (await t.gql.ok(UPDATE, { s: site.serviceAtLocationId, unit: 'BED', available: 5, maximum: 8 }, cast.people.sh1.token)).updateCapacity;
      expect(created).toMatchObject({ unitId: 'bed', available: 5, maximum: 8, version: 1 });
      expect(await historyOf(t, created.id)).toEqual(['UPDATE']);
    });

    it('refuses another agency, and any role that keeps no figure, changing nothing', async () => {
      const site = await directorySite(t, cast.agencies.SH.id, { available: 3, maximum: 3 });
      const before = await historyCount(site.capacityId!);
      const neighbour = await t.gql.query(UPDATE, { s: site.serviceAtLocationId, unit: 'bed', available: 0 }, cast.people.co1.token);
      expect(neighbour.errors[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
      for (const who of [cast.people.auditor, cast.people.sysadmin]) {
        expect((await t.gql.query(UPDATE, { s: site.serviceAtLocationId, unit: 'bed', available: 0 }, who.token)).errors[0]?.extensions?.code).toBe('FORBIDDEN');
      }
      expect(await figureOf(t, site.capacityId!)).toMatchObject({ available: 3, version: 1 });
      expect(await historyCount(site.capacityId!)).toBe(before);
      const denied = await t.db.query(`SELECT details FROM audit_event WHERE action = 'ACCESS_DENIED' AND actor_user_id = $1 AND subject_id = $2`, [cast.people.co1.id, site.serviceAtLocationId]);
      expect(denied).toHaveLength(1);
      expect(denied[0].details).toMatchObject({ attempted: 'CAPACITY_UPDATE' });
    });

    it('answers bad input with a typed error that changes nothing, and a stale version with CONFLICT', async () => {
      const site = await directorySite(t, cast.agencies.SH.id, { available: 3, maximum: 4 });
      const before = await historyCount(site.capacityId!);
      const s = site.serviceAtLocationId;
      const bad: [Record<string, unknown>, string, string][] = [
        [{ s, unit: 'bed', available: -1 }, 'available', 'must not be negative'],
        [{ s, unit: 'bed', available: 2, maximum: -3 }, 'maximum', 'must not be negative'],
        [{ s, unit: 'bed', available: 5, maximum: 4 }, 'available', 'must not be more than maximum'],
        [{ s, unit: 'hammock', available: 1 }, 'unit', 'does not name a unit of the directory'],
        [{ s: 'no-such-site', unit: 'bed', available: 1 }, 'serviceAtLocationId', 'does not name a service at a location'],
      ];
      for (const [variables, path, message] of bad) {
        const answer = await t.gql.query(UPDATE, variables, cast.people.sh1.token);
        expect([path, answer.errors[0]?.extensions]).toEqual([path, expect.objectContaining({ code: 'BAD_USER_INPUT', fields: [{ path, message }] })]);
      }
      const stale = await t.gql.query(UPDATE, { s, unit: 'bed', available: 1, v: 7 }, cast.people.sh1.token);
      expect(stale.errors[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 1 });
      expect(await figureOf(t, site.capacityId!)).toMatchObject({ available: 3, maximum: 4, version: 1 });
      expect(await historyCount(site.capacityId!)).toBe(before);
    });
  });

  describe('stale figures', () => {
    it("alerts the site's supervisors once per staleness period, and again once it goes stale after an update", async () => {
      const agency = await t.world.agency('SHELTER' as never, cast.agencies.SH.jurisdictionId);
      const supervisor = await signedIn(t, Role.SUPERVISOR, agency.id);
      const staff = await signedIn(t, Role.STAFF, agency.id);
      const fresh = await directorySite(t, agency.id, { available: 2, updated: new Date(t.clock.now().getTime() - 11 * HOUR), name: 'Fresh House' });
      const stale = await directorySite(t, agency.id, { available: 2, updated: new Date(t.clock.now().getTime() - 13 * HOUR), name: 'Quiet House' });
      const watch = t.app.get(CapacityStaleWatch);
      const alerts = async (user: Actor) =>
        (await t.db.query(`SELECT kind, text FROM notification WHERE recipient_id = $1 ORDER BY created_at`, [user.id])) as { kind: string; text: string }[];

      // Older stale figures than a scan reads at a time, of another agency: the scan reads past them.
      const crowd = await t.world.agency('SHELTER' as never, cast.agencies.SH.jurisdictionId);
      const [org] = await t.db.query(`INSERT INTO directory.organization (id, name, agency_id) VALUES ('crowd-' || $1, 'Crowd', $1::uuid) RETURNING id`, [crowd.id]);
      await t.db.query(`INSERT INTO directory.service (id, organization_id, name, status, service_type) SELECT $1 || '-s' || n, $1, 'Crowd ' || n, 'active', 'EMERGENCY_SHELTER' FROM generate_series(1, 520) n`, [org.id]);
      await t.db.query(`INSERT INTO directory.location (id, location_type, organization_id) SELECT $1 || '-l' || n, 'physical', $1 FROM generate_series(1, 520) n`, [org.id]);
      await t.db.query(`INSERT INTO directory.service_at_location (id, service_id, location_id) SELECT $1 || '-a' || n, $1 || '-s' || n, $1 || '-l' || n FROM generate_series(1, 520) n`, [org.id]);
      await t.db.query(
        `INSERT INTO directory.service_capacity (id, service_id, unit_id, available, updated, service_at_location_id)
         SELECT $1 || '-c' || n, $1 || '-s' || n, 'bed', 1, $2::timestamptz - interval '40 hours', $1 || '-a' || n FROM generate_series(1, 520) n`,
        [org.id, t.clock.now()],
      );
      await watch.scan();
      await watch.scan();
      const told = await alerts(supervisor);
      expect(told.map((a) => a.kind)).toEqual(['CAPACITY_STALE']);
      expect(told[0]!.text).toMatch(/^The capacity of Quiet House \(Quiet House house\) was last updated .* more than 12 hours ago/);
      expect(await alerts(staff)).toEqual([]);
      expect(fresh.capacityId).not.toBeNull();

      // Updated, then stale again 13 hours later: a new period, a new alert; the other figure went stale too.
      await t.gql.ok(UPDATE, { s: stale.serviceAtLocationId, unit: 'bed', available: 1, maximum: 3 }, staff.token);
      await watch.scan();
      expect((await alerts(supervisor)).length).toBe(1);
      const now = t.clock.now();
      t.clock.set(new Date(now.getTime() + 13 * HOUR));
      try {
        await watch.scan();
        await watch.scan();
      } finally {
        t.clock.set(now);
      }
      const sites = (await alerts(supervisor)).map((a) => a.text.split(' was ')[0]);
      expect(sites[0]).toBe('The capacity of Quiet House (Quiet House house)');
      expect(sites.slice(1).sort()).toEqual(['The capacity of Fresh House (Fresh House house)', 'The capacity of Quiet House (Quiet House house)']);
      expect((await alerts(supervisor)).length).toBe(3);
    });
  });

  describe('capacityChanged', () => {
    function listen(token: string) {
      const { port } = t.app.getHttpServer().address() as AddressInfo;
      const client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, connectionParams: { authToken: token }, retryAttempts: 0, lazy: true });
      clients.push(client);
      const feed = { results: [] as FormattedExecutionResult<{ capacityChanged: Record<string, unknown> }>[], errors: [] as unknown[] };
      client.subscribe({ query: CAPACITY_CHANGED }, { next: (r) => feed.results.push(r as never), error: (e) => feed.errors.push(e), complete: () => undefined });
      return feed;
    }

    /** Announces the figure's last change from the API process, exactly as the worker does. */
    async function announce(capacityId: string, reason = 'UPDATE') {
      await t.app.get(CapacityChangedHandler).handle({ eventId: 'e', capacityId, reason });
    }

    it("tells the caseworkers of the site's jurisdiction, no one elsewhere, and never a confidential site's address or name", async () => {
      const here = cast.agencies.SH.jurisdictionId;
      const open = await directorySite(t, cast.agencies.SH.id, { available: 3, jurisdictionId: here, name: 'Open Door Shelter', address: '1 Open Street' });
      const hidden = await directorySite(t, cast.agencies.SH.id, { available: 3, jurisdictionId: here, confidential: true, name: 'Safe Harbor', address: '77 Secret Lane' });
      const nearby = listen(cast.people.cw1.token);
      const far = listen(cast.people.pd2.token);
      const channel = `${prefix}:capacity`;
      const redis = t.app.get(CapacityChangedHandler)['redis'].client;
      await until('the feeds to subscribe', async () => Number(((await redis.pubsub('NUMSUB', channel)) as [string, number])[1]) === 1);
      await sleep(200);

      await t.gql.ok(UPDATE, { s: open.serviceAtLocationId, unit: 'bed', available: 2, maximum: 3 }, cast.people.sh1.token);
      await announce(open.capacityId!);
      await t.gql.ok(UPDATE, { s: hidden.serviceAtLocationId, unit: 'bed', available: 1, maximum: 3 }, cast.people.sh1.token);
      await announce(hidden.capacityId!);
      await until('the caseworker to hear both', () => nearby.results.length === 2);
      await sleep(300);
      expect(nearby.results.map((r) => r.data?.capacityChanged)).toEqual([
        { serviceAtLocationId: open.serviceAtLocationId, serviceName: 'Open Door Shelter', locationName: 'Open Door Shelter house', city: 'St. Louis', available: 2, maximum: 3, version: 2, stale: false, reason: 'UPDATE' },
        { serviceAtLocationId: hidden.serviceAtLocationId, serviceName: 'Safe Harbor', locationName: null, city: 'St. Louis', available: 1, maximum: 3, version: 2, stale: false, reason: 'UPDATE' },
      ]);
      expect(JSON.stringify(nearby.results)).not.toMatch(/Secret Lane|Safe Harbor house|38\.63/);
      expect(far.results).toEqual([]);
      expect([...nearby.errors, ...far.errors]).toEqual([]);
    });

    it('is for caseworkers only', async () => {
      const admin = await signedIn(t, Role.AGENCY_ADMIN, cast.agencies.CW.id);
      const feed = listen(admin.token);
      await until('the refusal', () => feed.results.length > 0 || feed.errors.length > 0);
      expect(JSON.stringify(feed)).toMatch(/FORBIDDEN/);
    });
  });
});
