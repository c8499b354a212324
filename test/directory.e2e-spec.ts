import { randomBytes, randomUUID } from 'node:crypto';
import { PiiCipher } from '@tandem/crypto';
import { REFERRAL_TEXT } from '@tandem/referrals';
import { Role } from '@tandem/authz';
import { Actor, policyCast, signedIn } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The resource directory through the API: every filter of `resources`, its pages, the public
 * listing, who reads a confidential site's address (own agency, an agency with an accepted referral
 * to it, another agency, a system administrator, the public), the editors' mutations and their bad
 * input. The directory's rows are written straight into its tables, as an import would.
 */

const RESOURCES = `query($filter: ResourceFilterInput, $first: Int, $after: String) {
  resources(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id distanceKm openNow service { id name serviceType status population { ageBand sex minorsOnly traffickingSurvivors } acceptingReferrals public }
      location { id confidential latitude longitude transportation address { address1 postalCode city stateProvince } }
      organization { id name agency { id } } phones { number } capacity { unit available maximum stale updatedBy version } schedules { appliesTo byday opensAt closesAt }
      contacts { name } serviceAreas { name } } }
    pageInfo { hasNextPage endCursor } } }`;
const IDS = `query($filter: ResourceFilterInput, $first: Int, $after: String) {
  resources(filter: $filter, first: $first, after: $after) { edges { node { id distanceKm } } pageInfo { hasNextPage endCursor } } }`;
const RESOURCE = `query($id: ID!) { resource(id: $id) { id location { latitude longitude address { address1 city } } phones { number } } }`;
const PUBLIC = `query($filter: PublicResourceFilterInput, $first: Int, $after: String) {
  publicResources(filter: $filter, first: $first, after: $after) {
    edges { node { id openNow service { name public } location { confidential latitude address { address1 city } } phones { number } capacity { available } contacts { name } organization { name agency { id } } } }
    pageInfo { hasNextPage endCursor } } }`;
const UPDATE_SERVICE = `mutation($id: ID!, $input: UpdateServiceInput!) { updateService(id: $id, input: $input) {
  id status acceptingReferrals eligibilityDescription public population { minimumAge maximumAge ageBand sex } } }`;
const SET_CONFIDENTIAL = `mutation($id: ID!, $c: Boolean!) { setLocationConfidential(locationId: $id, confidential: $c) { id confidential } }`;
const LINK = `mutation($org: ID!, $agency: ID) { linkAgencyToOrganization(organizationId: $org, agencyId: $agency) { id agencyId agency { id } } }`;

/** A page of ids. */
interface Page {
  resources: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** A Monday, 10:00 in St. Louis (America/Chicago, UTC-6 in December). */
const MONDAY_10_CST = new Date('2026-12-07T16:00:00Z');
/** The same Monday, 20:00 in St. Louis. */
const MONDAY_20_CST = new Date('2026-12-08T02:00:00Z');
/** St. Louis, the Gateway Arch. */
const STL = { lat: 38.6247, lng: -90.1848 };

describe('the resource directory', () => {
  let t: TestApp;
  let cast: Awaited<ReturnType<typeof policyCast>>;
  let p: string;
  let jurisdiction: string;
  let otherJurisdiction: string;
  /** Site ids by name. */
  const site: Record<string, string> = {};
  const ids = (edges: { node: { id: string } }[]) => edges.map((edge) => edge.node.id);
  /** The directory's sites of this test, with the conditions given. */
  const search = async (filter: Record<string, unknown>, actor: Actor = cast.people.cw1, first = 50) =>
    ids((await t.gql.ok(IDS, { filter: { jurisdictionId: jurisdiction, ...filter }, first }, actor.token)).resources.edges).sort();
  const sorted = (...names: string[]) => names.map((name) => site[name]!).sort();

  async function insert(table: string, row: Record<string, unknown>): Promise<void> {
    const columns = Object.keys(row);
    await t.db.query(`INSERT INTO directory.${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(row));
  }

  /** An organization, a service and a location with its address, joined as a site, with what is given of each. */
  async function addSite(
    name: string,
    options: {
      organization: string;
      service?: Record<string, unknown>;
      location?: Record<string, unknown>;
      address?: Record<string, unknown>;
      schedule?: Record<string, unknown> | null;
      beds?: { available: number; maximum: number; updated?: Date } | null;
      jurisdictionId?: string;
    },
  ): Promise<string> {
    const id = `${p}-${name}`;
    await insert('service', { id: `${id}-svc`, organization_id: options.organization, name, status: 'active', service_type: 'COUNSELING', ...options.service });
    await insert('location', {
      id: `${id}-loc`,
      organization_id: options.organization,
      location_type: 'physical',
      name: `${name} site`,
      latitude: STL.lat,
      longitude: STL.lng,
      transportation: 'Bus 70',
      jurisdiction_id: options.jurisdictionId ?? jurisdiction,
      ...options.location,
    });
    await insert('address', { id: `${id}-addr`, location_id: `${id}-loc`, address_1: `1 ${name} Street`, city: 'St. Louis', state_province: 'MO', postal_code: '63101', country: 'US', address_type: 'physical', ...options.address });
    await insert('service_at_location', { id, service_id: `${id}-svc`, location_id: `${id}-loc` });
    await insert('phone', { id: `${id}-phone`, location_id: `${id}-loc`, number: '+1 314 555 0100' });
    await insert('contact', { id: `${id}-contact`, service_id: `${id}-svc`, name: 'Intake desk' });
    await insert('service_area', { id: `${id}-area`, service_id: `${id}-svc`, name: 'St. Louis City' });
    if (options.schedule !== null) {
      await insert('schedule', { id: `${id}-hours`, service_at_location_id: id, freq: 'WEEKLY', timezone: 'America/Chicago', ...(options.schedule ?? {}) });
    }
    if (options.beds) {
      await insert('service_capacity', {
        id: `${id}-beds`,
        service_id: `${id}-svc`,
        service_at_location_id: id,
        unit_id: `${p}-bed`,
        available: options.beds.available,
        maximum: options.beds.maximum,
        updated: options.beds.updated ?? MONDAY_10_CST,
      });
    }
    site[name] = id;
    return id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(MONDAY_10_CST);
    cast = await policyCast(t);
    p = `t${randomBytes(4).toString('hex')}`;
    jurisdiction = cast.agencies.SH.jurisdictionId;
    otherJurisdiction = cast.agencies.PD2.jurisdictionId;
    await insert('unit', { id: `${p}-bed`, name: 'Bed' });
    await insert('organization', { id: `${p}-sh`, name: 'Haven Shelter Inc', agency_id: cast.agencies.SH.id });
    await insert('organization', { id: `${p}-co`, name: 'Bridge Counseling' });
    await insert('organization', { id: `${p}-free`, name: 'Unlinked Services' });
    // Confidential, for girls 12 to 17 who survived trafficking, 24/7 (every day, no hours), 3 of 8 beds, ~3 km from the Arch.
    await addSite('haven', {
      organization: `${p}-sh`,
      service: { service_type: 'EMERGENCY_SHELTER', minimum_age: 12, maximum_age: 17, population_sex: 'FEMALE', minors_only: true, trafficking_survivors: true, description: 'Safe house for girls' },
      location: { confidential: true, latitude: 38.6489, longitude: -90.2104 },
      address: { address_1: '12 Hidden Lane', postal_code: '63108' },
      beds: { available: 3, maximum: 8 },
    });
    // Weekdays 9 to 5, any age, no beds, ~11 km.
    await addSite('bridge', {
      organization: `${p}-co`,
      service: { service_type: 'COUNSELING', description: 'Trauma counseling for families' },
      location: { latitude: 38.7, longitude: -90.27 },
      schedule: { byday: 'MO,TU,WE,TH,FR', opens_at: '09:00', closes_at: '17:00' },
      beds: { available: 0, maximum: 4 },
    });
    // Public hotline, 24/7 (00:00 to 00:00), at the Arch.
    await addSite('hotline', { organization: `${p}-co`, service: { service_type: 'HOTLINE', public: true, description: 'Youth crisis hotline' }, schedule: { opens_at: '00:00', closes_at: '00:00' } });
    // Adult men's shelter ~120 km away, evenings 18:00 to 08:00, 5 of 10 beds, stale (20 hours old).
    await addSite('far', {
      organization: `${p}-free`,
      service: { service_type: 'EMERGENCY_SHELTER', minimum_age: 18, population_sex: 'MALE' },
      location: { latitude: 39.7, longitude: -90.5 },
      schedule: { byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '18:00', closes_at: '08:00' },
      beds: { available: 5, maximum: 10, updated: new Date(MONDAY_10_CST.getTime() - 20 * 3_600_000) },
    });
    // Inactive.
    await addSite('closed', { organization: `${p}-free`, service: { service_type: 'MEDICAL_EXAM', status: 'inactive' }, schedule: null });
    // Public drop-in at a confidential site: never in the public listing. No schedule: never open.
    await addSite('dropin', { organization: `${p}-sh`, service: { service_type: 'DROP_IN', public: true }, location: { confidential: true, latitude: 38.63, longitude: -90.2 }, schedule: null });
    // Another jurisdiction.
    await addSite('elsewhere', { organization: `${p}-free`, service: { service_type: 'COUNSELING' }, jurisdictionId: otherJurisdiction, schedule: { byday: 'SA' } });

    // CW's referral of K to SH was accepted and holds a bed at the haven.
    const referralId = randomUUID();
    const cipher = t.app.get(PiiCipher);
    await t.db.query(
      `INSERT INTO referral (id, case_id, from_agency_id, to_agency_id, sent_by, service_type, urgency, scopes, consent_required, reason_sealed, status, response_due_at, service_at_location_id)
       VALUES ($1, $2, $3, $4, $5, 'EMERGENCY_SHELTER', 'EMERGENCY', '{}', false, $6, 'ACCEPTED', now() + interval '1 day', $7)`,
      [referralId, cast.K.id, cast.agencies.CW.id, cast.agencies.SH.id, cast.people.cw1.id, cipher.encrypt('bed tonight', REFERRAL_TEXT.columns.reason_sealed!(referralId)), site.haven],
    );
    await insert('bed_hold', {
      referral_id: referralId,
      capacity_id: `${site.haven}-beds`,
      service_at_location_id: site.haven,
      referring_agency_id: cast.agencies.CW.id,
      released_at: new Date(),
      release_reason: 'COMPLETED',
    });
  });
  afterAll(() => t.close());

  describe('filters', () => {
    it('lists the active sites of the jurisdiction, by name, without a filter', async () => {
      expect(await search({})).toEqual(sorted('haven', 'bridge', 'hotline', 'far', 'dropin'));
      const names = (await t.gql.ok(RESOURCES, { filter: { jurisdictionId: jurisdiction } }, cast.people.cw1.token)).resources.edges.map(
        (edge: { node: { service: { name: string } } }) => edge.node.service.name,
      );
      expect(names).toEqual(['bridge', 'dropin', 'far', 'haven', 'hotline']);
    });

    it('includes inactive services when asked', async () => {
      expect(await search({ includeInactive: true })).toEqual(sorted('haven', 'bridge', 'hotline', 'far', 'dropin', 'closed'));
    });

    it('filters by service type', async () => {
      expect(await search({ serviceType: 'EMERGENCY_SHELTER' })).toEqual(sorted('haven', 'far'));
      expect(await search({ serviceType: 'HOTLINE' })).toEqual(sorted('hotline'));
      expect(await search({ serviceType: 'LEGAL_ADVOCACY' })).toEqual([]);
    });

    it('filters by jurisdiction, the site’s or the service’s', async () => {
      expect(await search({ jurisdictionId: otherJurisdiction })).toEqual(sorted('elsewhere'));
    });

    it('finds sites near a point, nearest first, with their distance', async () => {
      const near = await t.gql.ok(IDS, { filter: { jurisdictionId: jurisdiction, near: { ...STL, km: 20 } } }, cast.people.sh1.token);
      const edges = near.resources.edges as { node: { id: string; distanceKm: number } }[];
      expect(edges.map((edge) => edge.node.id)).toEqual([site.hotline, site.dropin, site.haven, site.bridge]);
      expect(edges[0]!.node.distanceKm).toBeCloseTo(0, 3);
      // The haven is ~3.2 km from the Arch, the counseling centre ~11.2 km (haversine).
      expect(edges[2]!.node.distanceKm).toBeGreaterThan(3);
      expect(edges[2]!.node.distanceKm).toBeLessThan(3.5);
      expect(edges[3]!.node.distanceKm).toBeGreaterThan(10);
      expect(edges[3]!.node.distanceKm).toBeLessThan(11.5);
      expect(await search({ near: { ...STL, km: 2 } }, cast.people.sh1)).toEqual(sorted('hotline', 'dropin'));
      expect(await search({ near: { ...STL, km: 200 } }, cast.people.sh1)).toEqual(sorted('hotline', 'dropin', 'haven', 'bridge', 'far'));
    });

    it('filters on whether a site is open now, by its schedule in its timezone', async () => {
      // Monday 10:00: the 24/7 haven (every day, no hours), the hotline (00:00 to 00:00), the weekday counseling; not the evening shelter, not the site without a schedule.
      expect(await search({ openNow: true })).toEqual(sorted('haven', 'bridge', 'hotline'));
      expect(await search({ openNow: false })).toEqual(sorted('far', 'dropin'));
      t.clock.set(MONDAY_20_CST);
      try {
        // Signed in anew: the access tokens of the cast do not last until the evening.
        const evening = await signedIn(t, Role.STAFF, cast.agencies.CW.id);
        expect(await search({ openNow: true }, evening)).toEqual(sorted('haven', 'hotline', 'far'));
        const open = await t.gql.ok(RESOURCES, { filter: { jurisdictionId: jurisdiction, serviceType: 'COUNSELING' } }, evening.token);
        expect(open.resources.edges.map((edge: { node: { openNow: boolean } }) => edge.node.openNow)).toEqual([false]);
      } finally {
        t.clock.set(MONDAY_10_CST);
      }
    });

    it('filters on available capacity', async () => {
      expect(await search({ hasCapacity: true })).toEqual(sorted('haven', 'far'));
      expect(await search({ hasCapacity: false })).toEqual(sorted('bridge', 'hotline', 'dropin'));
    });

    it('filters by age: the service’s band, and minors only', async () => {
      expect(await search({ age: 15, serviceType: 'EMERGENCY_SHELTER' })).toEqual(sorted('haven'));
      expect(await search({ age: 17, serviceType: 'EMERGENCY_SHELTER' })).toEqual(sorted('haven'));
      expect(await search({ age: 11, serviceType: 'EMERGENCY_SHELTER' })).toEqual([]);
      expect(await search({ age: 30, serviceType: 'EMERGENCY_SHELTER' })).toEqual(sorted('far'));
    });

    it('filters by sex: services for that sex and for any', async () => {
      expect(await search({ sex: 'FEMALE' })).toEqual(sorted('haven', 'bridge', 'hotline', 'dropin'));
      expect(await search({ sex: 'MALE' })).toEqual(sorted('far', 'bridge', 'hotline', 'dropin'));
    });

    it('searches the text of services by word prefixes', async () => {
      expect(await search({ text: 'safe GIRL' })).toEqual(sorted('haven'));
      expect(await search({ text: 'couns' })).toEqual(sorted('bridge'));
      expect(await search({ text: 'crisis & !hotline' })).toEqual(sorted('hotline'));
      expect(await search({ text: 'nothing-like-this' })).toEqual([]);
    });

    it('combines filters', async () => {
      expect(await search({ serviceType: 'EMERGENCY_SHELTER', age: 15, sex: 'FEMALE', hasCapacity: true, openNow: true, near: { ...STL, km: 10 }, text: 'safe' })).toEqual(sorted('haven'));
    });

    it('refuses bad filters with BAD_USER_INPUT naming the field', async () => {
      const bad = async (filter: Record<string, unknown>) => {
        const response = await t.gql.query(IDS, { filter }, cast.people.cw1.token);
        return [response.errors[0]?.extensions?.code, (response.errors[0]?.extensions?.fields as { path: string }[] | undefined)?.[0]?.path ?? response.errors[0]?.message];
      };
      expect(await bad({ near: { lat: 91, lng: 0, km: 5 } })).toEqual(['BAD_USER_INPUT', 'filter.near.lat']);
      expect(await bad({ near: { lat: 0, lng: -181, km: 5 } })).toEqual(['BAD_USER_INPUT', 'filter.near.lng']);
      expect(await bad({ near: { lat: 0, lng: 0, km: 0 } })).toEqual(['BAD_USER_INPUT', 'filter.near.km']);
      expect(await bad({ near: { lat: 0, lng: 0, km: 501 } })).toEqual(['BAD_USER_INPUT', 'filter.near.km']);
      expect(await bad({ age: -1 })).toEqual(['BAD_USER_INPUT', 'filter.age']);
      expect(await bad({ age: 121 })).toEqual(['BAD_USER_INPUT', 'filter.age']);
      expect(await bad({ sex: 'ANY' })).toEqual(['BAD_USER_INPUT', 'filter.sex']);
      expect(await bad({ text: '&&&' })).toEqual(['BAD_USER_INPUT', 'filter.text']);
      expect(await bad({ text: '' })).toEqual(['BAD_USER_INPUT', 'filter.text']);
      expect(await bad({ jurisdictionId: 'not-an-id' })).toEqual(['BAD_USER_INPUT', 'filter.jurisdictionId']);
      expect((await t.gql.query(IDS, { first: 101 }, cast.people.cw1.token)).errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('is for signed-in users', async () => {
      expect(await t.gql.code(IDS, {})).toBe('UNAUTHENTICATED');
    });
  });

  describe('pages', () => {
    it('walks the sites by name in pages with signed cursors, and refuses a cursor of another filter or a forged one', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page += 1) {
        const data: Page = await t.gql.ok(IDS, { filter: { jurisdictionId: jurisdiction }, first: 2, after }, cast.people.cw1.token);
        seen.push(...ids(data.resources.edges));
        after = data.resources.pageInfo.endCursor;
        if (!data.resources.pageInfo.hasNextPage) break;
      }
      expect(seen).toEqual([site.bridge, site.dropin, site.far, site.haven, site.hotline]);
      const first = await t.gql.ok(IDS, { filter: { jurisdictionId: jurisdiction }, first: 1 }, cast.people.cw1.token);
      const cursor = first.resources.pageInfo.endCursor as string;
      expect(await t.gql.code(IDS, { filter: { jurisdictionId: jurisdiction, openNow: true }, after: cursor }, cast.people.cw1.token)).toBe('BAD_USER_INPUT');
      expect(await t.gql.code(IDS, { filter: { jurisdictionId: jurisdiction }, after: `${cursor.split('.')[0]}.${'A'.repeat(43)}` }, cast.people.cw1.token)).toBe('BAD_USER_INPUT');
    });

    it('walks a near search in pages by distance', async () => {
      const filter = { jurisdictionId: jurisdiction, near: { ...STL, km: 200 } };
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page += 1) {
        const data: Page = await t.gql.ok(IDS, { filter, first: 2, after }, cast.people.sh1.token);
        seen.push(...ids(data.resources.edges));
        after = data.resources.pageInfo.endCursor;
        if (!data.resources.pageInfo.hasNextPage) break;
      }
      expect(seen).toEqual([site.hotline, site.dropin, site.haven, site.bridge, site.far]);
    });
  });

  describe('what a site shows', () => {
    it('gives the service, population, capacity with staleness, schedules, phones, contacts, areas and the organization’s agency', async () => {
      const data = await t.gql.ok(RESOURCES, { filter: { jurisdictionId: jurisdiction, serviceType: 'EMERGENCY_SHELTER' } }, cast.people.sh1.token);
      const [far, haven] = data.resources.edges.map((edge: { node: unknown }) => edge.node);
      expect(haven.service.population).toEqual({ ageBand: '12–17', sex: 'FEMALE', minorsOnly: true, traffickingSurvivors: true });
      expect(haven.capacity).toEqual([{ unit: 'Bed', available: 3, maximum: 8, stale: false, updatedBy: null, version: 1 }]);
      expect(haven.organization.agency).toEqual({ id: cast.agencies.SH.id });
      expect(haven.phones).toEqual([{ number: '+1 314 555 0100' }]);
      expect(haven.contacts).toEqual([{ name: 'Intake desk' }]);
      expect(haven.serviceAreas).toEqual([{ name: 'St. Louis City' }]);
      expect(haven.schedules).toEqual([{ appliesTo: 'SITE', byday: null, opensAt: null, closesAt: null }]);
      expect(far.service.population).toEqual({ ageBand: '18+', sex: 'MALE', minorsOnly: false, traffickingSurvivors: false });
      expect(far.capacity[0].stale).toBe(true);
      expect(far.organization.agency).toBeNull();
    });

    it('reads one site by id, whatever its status, and answers NOT_FOUND for an id that names none', async () => {
      expect((await t.gql.ok(RESOURCE, { id: site.closed }, cast.people.cw1.token)).resource.id).toBe(site.closed);
      expect(await t.gql.code(RESOURCE, { id: `${p}-nothing` }, cast.people.cw1.token)).toBe('NOT_FOUND');
      expect(await t.gql.code(RESOURCE, { id: 'x'.repeat(251) }, cast.people.cw1.token)).toBe('BAD_USER_INPUT');
    });
  });

  describe('confidential sites', () => {
    const located = { latitude: 38.6489, longitude: -90.2104, address: { address1: '12 Hidden Lane', city: 'St. Louis' } };
    const hidden = { latitude: null, longitude: null, address: { address1: null, city: 'St. Louis' } };

    it.each([
      ['SH staff (its own agency)', 'sh1', located],
      ['SH supervisor (its own agency)', 'shSup', located],
      ['CW staff (an accepted referral to it)', 'cw1', located],
      ['CW supervisor (an accepted referral to it)', 'cwSup', located],
      ['PD staff (another agency)', 'pd1', hidden],
      ['PD2 staff (another jurisdiction)', 'pd2', hidden],
      ['CO staff (another agency)', 'co1', hidden],
      ['the auditor (no agency)', 'auditor', hidden],
      ['the system administrator (no agency)', 'sysadmin', hidden],
    ] as const)('%s reads the expected address', async (_who, person, expected) => {
      const response = await t.gql.query(RESOURCE, { id: site.haven }, cast.people[person].token);
      expect(response.errors).toEqual([]);
      expect(response.data!.resource.location).toEqual(expected);
      expect(response.data!.resource.phones).toEqual([{ number: '+1 314 555 0100' }]);
      const redacted = (response.extensions.redacted as string[] | undefined) ?? [];
      if (expected === hidden) {
        expect(redacted.sort()).toEqual(['resource.location.address.address1', 'resource.location.latitude', 'resource.location.longitude']);
      } else {
        expect(redacted).toEqual([]);
      }
    });

    it('gives an outsider no distance, and finds the site only by a position rounded to about 11 km', async () => {
      const filter = { jurisdictionId: jurisdiction, serviceType: 'EMERGENCY_SHELTER', near: { lat: 38.6489, lng: -90.2104, km: 0.5 } };
      // 0.5 km around the real place: the own agency finds it; an outsider does not (its rounded position, 38.6 -90.2, is ~5.5 km off).
      expect(ids((await t.gql.ok(IDS, { filter }, cast.people.sh1.token)).resources.edges)).toEqual([site.haven]);
      expect(ids((await t.gql.ok(IDS, { filter }, cast.people.pd1.token)).resources.edges)).toEqual([]);
      const wide = await t.gql.query(RESOURCES, { filter: { ...filter, near: { ...STL, km: 20 } } }, cast.people.pd1.token);
      const haven = wide.data!.resources.edges.find((edge: { node: { id: string } }) => edge.node.id === site.haven);
      expect(haven.node.distanceKm).toBeNull();
      expect(haven.node.location.address).toEqual({ address1: null, postalCode: null, city: 'St. Louis', stateProvince: 'MO' });
      expect(haven.node.location.transportation).toBeNull();
      expect((wide.extensions.redacted as string[]).sort()).toEqual(
        ['distanceKm', 'location.address.address1', 'location.address.postalCode', 'location.latitude', 'location.longitude', 'location.transportation']
          .map((field) => `resources.edges.${wide.data!.resources.edges.indexOf(haven)}.node.${field}`)
          .sort(),
      );
      const own = await t.gql.ok(IDS, { filter: { ...filter, near: { ...STL, km: 20 } } }, cast.people.sh1.token);
      expect(own.resources.edges[0].node.distanceKm).toBeGreaterThan(3);
    });
  });

  describe('the public listing', () => {
    it('lists only public services of ordinary sites, without signing in, without capacity, contacts or agency', async () => {
      const response = await t.gql.query(PUBLIC, { filter: { text: 'hotline' } });
      expect(response.errors).toEqual([]);
      const nodes = response.data!.publicResources.edges.map((edge: { node: unknown }) => edge.node);
      expect(nodes.map((node: { id: string }) => node.id)).toContain(site.hotline);
      const hotline = nodes.find((node: { id: string }) => node.id === site.hotline);
      expect(hotline).toMatchObject({ service: { public: true }, location: { confidential: false, address: { address1: '1 hotline Street' } }, capacity: [], contacts: [] });
      expect(response.extensions.redacted).toEqual(expect.arrayContaining([expect.stringMatching(/\.capacity$/), expect.stringMatching(/\.contacts$/)]));
      const everything: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: Page['resources'] = (await t.gql.ok(PUBLIC, { first: 100, after })).publicResources;
        everything.push(...ids(page.edges));
        after = page.pageInfo.endCursor;
        if (!page.pageInfo.hasNextPage) break;
      }
      expect(everything).toContain(site.hotline);
      for (const name of ['haven', 'bridge', 'far', 'closed', 'dropin', 'elsewhere']) expect(everything).not.toContain(site[name]);
    });

    it('takes no capacity or jurisdiction filter', async () => {
      expect(await t.gql.code(`{ publicResources(filter: { hasCapacity: true }) { edges { node { id } } } }`)).toBe('BAD_USER_INPUT');
    });

    it('is rate limited per client address', async () => {
      const limited = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '2', QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}-dir-${randomBytes(3).toString('hex')}` });
      try {
        const codes: (string | undefined)[] = [];
        for (let i = 0; i < 3; i += 1) codes.push((await limited.gql.query(PUBLIC, { first: 1 })).errors[0]?.extensions?.code);
        expect(codes).toEqual([undefined, undefined, 'RATE_LIMITED']);
      } finally {
        await limited.close();
      }
    });
  });

  describe('editing', () => {
    const serviceRow = async (name: string) =>
      (await t.db.query(`SELECT status, accepting_referrals, eligibility_description, minimum_age::float8 AS min, maximum_age::float8 AS max, public, last_modified FROM directory.service WHERE id = $1`, [`${site[name]}-svc`]))[0];
    const audits = async (action: string, subject: string) =>
      (await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = $1 AND subject_id = $2`, [action, subject]))[0].n as number;

    it("lets the owning agency's admin and supervisors change a service, audited", async () => {
      const id = `${site.haven}-svc`;
      const data = await t.gql.ok(UPDATE_SERVICE, { id, input: { acceptingReferrals: false, eligibilityDescription: 'Girls 12-17', minimumAge: 11 } }, cast.people.shSup.token);
      expect(data.updateService).toMatchObject({ acceptingReferrals: false, eligibilityDescription: 'Girls 12-17', population: { minimumAge: 11, maximumAge: 17, ageBand: '11–17' } });
      expect(await audits('DIRECTORY_SERVICE_UPDATE', id)).toBe(1);
      const admin = await t.world.user(Role.AGENCY_ADMIN, cast.agencies.SH.id);
      const token = await t.signIn(admin);
      await t.gql.ok(UPDATE_SERVICE, { id, input: { acceptingReferrals: true, minimumAge: 12 } }, token);
      expect(await serviceRow('haven')).toMatchObject({ accepting_referrals: true, min: 12, max: 17 });
      expect(await audits('DIRECTORY_SERVICE_UPDATE', id)).toBe(2);
    });

    it('refuses everyone else, changing nothing', async () => {
      const id = `${site.haven}-svc`;
      const before = await serviceRow('haven');
      const tries: [string, string, string][] = [
        ['SH staff', cast.people.sh1.token, 'FORBIDDEN'],
        ['CW supervisor (another agency)', cast.people.cwSup.token, 'FORBIDDEN'],
        ['CW admin (another agency)', cast.people.cwAdmin.token, 'FORBIDDEN'],
        ['the system administrator', cast.people.sysadmin.token, 'FORBIDDEN'],
        ['the auditor', cast.people.auditor.token, 'FORBIDDEN'],
      ];
      for (const [, token, code] of tries) expect(await t.gql.code(UPDATE_SERVICE, { id, input: { status: 'DEFUNCT' } }, token)).toBe(code);
      // Each refusal is audited: by the guard for a role that may not try (the operation), by the policy for the others (the act).
      const refused = async (people: Actor[], condition: string) =>
        (await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'ACCESS_DENIED' AND ${condition} AND actor_user_id = ANY($1::uuid[])`, [people.map((person) => person.id)]))[0].n;
      expect(await refused([cast.people.sh1, cast.people.sysadmin, cast.people.auditor], `details->>'operation' = 'updateService'`)).toBe(3);
      expect(await refused([cast.people.cwSup, cast.people.cwAdmin], `details->>'attempted' = 'DIRECTORY_SERVICE_UPDATE'`)).toBe(2);
      // A service of an organization linked to no agency: no one edits it.
      expect(await t.gql.code(UPDATE_SERVICE, { id: `${site.bridge}-svc`, input: { status: 'INACTIVE' } }, cast.people.shSup.token)).toBe('FORBIDDEN');
      expect(await t.gql.code(UPDATE_SERVICE, { id: `${p}-none`, input: { status: 'INACTIVE' } }, cast.people.shSup.token)).toBe('NOT_FOUND');
      expect(await serviceRow('haven')).toEqual(before);
      expect((await serviceRow('bridge')).status).toBe('active');
    });

    it('refuses bad input with BAD_USER_INPUT, changing nothing', async () => {
      const id = `${site.haven}-svc`;
      const before = await serviceRow('haven');
      const auditsBefore = await audits('DIRECTORY_SERVICE_UPDATE', id);
      const bad: [Record<string, unknown>, string][] = [
        [{}, 'input'],
        [{ status: null }, 'input.status'],
        [{ acceptingReferrals: null }, 'input.acceptingReferrals'],
        [{ minimumAge: -1 }, 'input.minimumAge'],
        [{ maximumAge: 121 }, 'input.maximumAge'],
        [{ minimumAge: 18 }, 'input.minimumAge'],
        [{ maximumAge: 10 }, 'input.maximumAge'],
        [{ eligibilityDescription: '' }, 'input.eligibilityDescription'],
        [{ eligibilityDescription: 'x'.repeat(4001) }, 'input.eligibilityDescription'],
      ];
      for (const [input, path] of bad) {
        const response = await t.gql.query(UPDATE_SERVICE, { id, input }, cast.people.shSup.token);
        expect([input, response.errors[0]?.extensions?.code, (response.errors[0]?.extensions?.fields as { path: string }[])?.[0]?.path]).toEqual([input, 'BAD_USER_INPUT', path]);
      }
      expect(await t.gql.code(UPDATE_SERVICE, { id, input: { status: 'closed' } }, cast.people.shSup.token)).toBe('BAD_USER_INPUT');
      expect(await t.gql.code(UPDATE_SERVICE, { id: '', input: { public: true } }, cast.people.shSup.token)).toBe('BAD_USER_INPUT');
      expect(await serviceRow('haven')).toEqual(before);
      expect(await audits('DIRECTORY_SERVICE_UPDATE', id)).toBe(auditsBefore);
    });

    it("lets the owning agency mark a location confidential or not, audited; others are refused and nothing changes", async () => {
      const loc = `${site.dropin}-loc`;
      expect(await t.gql.code(SET_CONFIDENTIAL, { id: loc, c: false }, cast.people.cwSup.token)).toBe('FORBIDDEN');
      expect(await t.gql.code(SET_CONFIDENTIAL, { id: loc, c: false }, cast.people.sh1.token)).toBe('FORBIDDEN');
      expect(await t.gql.code(SET_CONFIDENTIAL, { id: `${p}-none`, c: false }, cast.people.shSup.token)).toBe('NOT_FOUND');
      expect(await t.gql.code(SET_CONFIDENTIAL, { id: 'x'.repeat(251), c: false }, cast.people.shSup.token)).toBe('BAD_USER_INPUT');
      expect(await t.gql.code(SET_CONFIDENTIAL, { id: loc, c: null }, cast.people.shSup.token)).toBe('BAD_USER_INPUT');
      expect((await t.db.query(`SELECT confidential FROM directory.location WHERE id = $1`, [loc]))[0].confidential).toBe(true);
      expect((await t.gql.ok(SET_CONFIDENTIAL, { id: loc, c: false }, cast.people.shSup.token)).setLocationConfidential).toEqual({ id: loc, confidential: false });
      expect(await audits('DIRECTORY_SITE_UPDATE', loc)).toBe(1);
      // Now an ordinary public site, the drop-in enters the public listing.
      const everything = (await t.gql.ok(PUBLIC, { filter: { serviceType: 'DROP_IN' }, first: 100 })).publicResources.edges;
      expect(ids(everything)).toContain(site.dropin);
      await t.gql.ok(SET_CONFIDENTIAL, { id: loc, c: true }, cast.people.shSup.token);
    });

    it('lets a system administrator link an organization to an agency, audited; bad input and others change nothing', async () => {
      const org = `${p}-co`;
      const CO = cast.agencies.CO.id;
      expect(await t.gql.code(LINK, { org, agency: CO }, cast.people.coSup.token)).toBe('FORBIDDEN');
      expect(await t.gql.code(LINK, { org, agency: randomUUID() }, cast.people.sysadmin.token)).toBe('BAD_USER_INPUT');
      expect(await t.gql.code(LINK, { org, agency: 'nope' }, cast.people.sysadmin.token)).toBe('BAD_USER_INPUT');
      expect(await t.gql.code(LINK, { org: `${p}-none`, agency: CO }, cast.people.sysadmin.token)).toBe('BAD_USER_INPUT');
      // SH is already the haven's organization.
      expect(await t.gql.code(LINK, { org, agency: cast.agencies.SH.id }, cast.people.sysadmin.token)).toBe('CONFLICT');
      expect((await t.db.query(`SELECT agency_id FROM directory.organization WHERE id = $1`, [org]))[0].agency_id).toBeNull();
      expect(await audits('DIRECTORY_ORGANIZATION_LINK', org)).toBe(0);
      expect((await t.gql.ok(LINK, { org, agency: CO }, cast.people.sysadmin.token)).linkAgencyToOrganization).toEqual({ id: org, agencyId: CO, agency: { id: CO } });
      expect(await audits('DIRECTORY_ORGANIZATION_LINK', org)).toBe(1);
      // Now CO's supervisor edits the counseling service.
      await t.gql.ok(UPDATE_SERVICE, { id: `${site.bridge}-svc`, input: { public: true } }, cast.people.coSup.token);
      // Signed in, the organization names its agency; the public listing does not.
      const signedInView = await t.gql.ok(`query($id: ID!) { resource(id: $id) { organization { agencyId agency { id } } } }`, { id: site.hotline }, cast.people.pd1.token);
      expect(signedInView.resource.organization).toEqual({ agencyId: CO, agency: { id: CO } });
      const publicView = await t.gql.query(
        `query($text: String) { publicResources(filter: { text: $text }, first: 100) { edges { node { id organization { name agencyId agency { id } } } } } }`,
        { text: 'crisis hotline' },
      );
      const index = publicView.data!.publicResources.edges.findIndex((edge: { node: { id: string } }) => edge.node.id === site.hotline);
      expect(publicView.data!.publicResources.edges[index].node.organization).toEqual({ name: 'Bridge Counseling', agencyId: null, agency: null });
      expect(publicView.extensions.redacted).toEqual(
        expect.arrayContaining([`publicResources.edges.${index}.node.organization.agencyId`, `publicResources.edges.${index}.node.organization.agency`]),
      );
      await t.gql.ok(LINK, { org, agency: null }, cast.people.sysadmin.token);
      expect((await t.db.query(`SELECT agency_id FROM directory.organization WHERE id = $1`, [org]))[0].agency_id).toBeNull();
    });
  });
});
