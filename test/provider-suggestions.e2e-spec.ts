import { Role } from '@tandem/authz';
import { assignDirectly, makePartner, policyCast, signedIn } from './support/case-fixtures';
import { directorySite, Site } from './support/directory-fixtures';
import { createTestApp, TestApp } from './support/test-app';

// suggestProviders ranks the directory's sites for a case's child: eligible with a bed first, the
// child's age and sex read from the sealed identity on the server and used only for a viewer who may
// see them (docs/design.md, "Bed holds and suggestions").

const SUGGEST = `query($caseId: ID!, $type: ServiceType!, $first: Int) {
  suggestProviders(caseId: $caseId, serviceType: $type, first: $first) {
    rank serviceAtLocationId serviceName locationName city distanceKm available stale eligible score reasons { criterion outcome }
  }
}`;
const HOUR = 3600_000;

interface Suggested {
  rank: number;
  serviceAtLocationId: string;
  serviceName: string;
  locationName: string | null;
  distanceKm: number | null;
  eligible: boolean;
  reasons: { criterion: string; outcome: string }[];
}

describe('suggestProviders', () => {
  let t: TestApp;
  let cast: Awaited<ReturnType<typeof policyCast>>;
  let sites: Record<string, Site>;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await policyCast(t);
    const here = cast.agencies.SH.jurisdictionId;
    // HOUSING sites of this suite's own: the child of case K is a girl of 15 (born 2011-04-09).
    const girls = { serviceType: 'HOUSING', maximum: 10, minimumAge: 12, maximumAge: 17, populationSex: 'FEMALE', minorsOnly: true, jurisdictionId: here };
    const other = await t.world.agency('SHELTER' as never, here);
    sites = {
      bed: await directorySite(t, cast.agencies.SH.id, { ...girls, available: 2, latitude: 38.7, longitude: -90.3, name: 'Girls House' }),
      boys: await directorySite(t, cast.agencies.SH.id, { ...girls, populationSex: 'MALE', available: 5, latitude: 38.63, longitude: -90.2, name: 'Boys House' }),
      adults: await directorySite(t, cast.agencies.SH.id, { ...girls, minimumAge: 18, maximumAge: null, minorsOnly: false, populationSex: 'ANY', available: 5, latitude: 38.63, longitude: -90.2, name: 'Adult House' }),
      full: await directorySite(t, cast.agencies.SH.id, { ...girls, available: 0, latitude: 38.63, longitude: -90.2, name: 'Full House' }),
      staleBed: await directorySite(t, cast.agencies.SH.id, { ...girls, available: 1, updated: new Date(t.clock.now().getTime() - 30 * HOUR), latitude: 38.63, longitude: -90.2, name: 'Stale House' }),
      hidden: await directorySite(t, other.id, { ...girls, available: 1, confidential: true, latitude: 38.64, longitude: -90.21, name: 'Hidden House' }),
    };
  });
  afterAll(() => t.close());

  const mine = (list: Suggested[]) => {
    const ids = new Map(Object.entries(sites).map(([name, site]) => [site.serviceAtLocationId, name]));
    return list.filter((s) => ids.has(s.serviceAtLocationId)).map((s) => ({ ...s, name: ids.get(s.serviceAtLocationId)! }));
  };
  const outcome = (s: Suggested, criterion: string) => s.reasons.find((r) => r.criterion === criterion)?.outcome;

  it('ranks for the lead’s caseworker: eligible sites with a bed first (fresh before stale), never a full or ineligible one above them', async () => {
    const answer = await t.gql.ok(SUGGEST, { caseId: cast.K.id, type: 'HOUSING', first: 100 }, cast.people.cw1.token);
    const ranked = mine(answer.suggestProviders);
    expect(ranked.slice(0, 3).map((s) => s.name)).toEqual(['bed', 'hidden', 'staleBed']);
    expect(ranked.slice(3).map((s) => s.name).sort()).toEqual(['adults', 'boys', 'full']);
    const byName = Object.fromEntries(ranked.map((s) => [s.name, s]));
    expect(ranked.slice(0, 3).every((s) => s.eligible)).toBe(true);
    expect(ranked.slice(3).some((s) => s.eligible)).toBe(false);
    expect(outcome(byName.boys!, 'SEX')).toBe('UNMET');
    expect(outcome(byName.adults!, 'AGE')).toBe('UNMET');
    expect(outcome(byName.full!, 'BED_AVAILABLE')).toBe('UNMET');
    expect(outcome(byName.staleBed!, 'CAPACITY_FRESH')).toBe('UNMET');
    // A confidential site of another agency the caseworker's agency never referred to: neither its location's name nor its distance.
    expect(byName.hidden).toMatchObject({ locationName: null, distanceKm: null, serviceName: 'Hidden House' });
    expect(byName.bed!.distanceKm).toEqual(expect.any(Number));
    const read = await t.db.query(`SELECT case_id, details FROM audit_event WHERE action = 'PROVIDER_SUGGEST' AND actor_user_id = $1`, [cast.people.cw1.id]);
    expect(read).toHaveLength(1);
    expect(read[0]).toMatchObject({ case_id: cast.K.id, details: { serviceType: 'HOUSING' } });
  });

  it('for a partner without IDENTITY, leaves age and sex UNKNOWN and ranks without them', async () => {
    await makePartner(t, cast.K.id, cast.agencies.CO.id, ['SERVICES'], false);
    await assignDirectly(t, cast.K.id, cast.people.co1);
    const answer = await t.gql.ok(SUGGEST, { caseId: cast.K.id, type: 'HOUSING', first: 100 }, cast.people.co1.token);
    const ranked = mine(answer.suggestProviders);
    expect(ranked).toHaveLength(6);
    // A site for any sex meets SEX whoever the child is; every other age or sex criterion is left unknown.
    for (const s of ranked) expect([s.name, outcome(s, 'AGE'), outcome(s, 'SEX')]).toEqual([s.name, 'UNKNOWN', s.name === 'adults' ? 'MET' : 'UNKNOWN']);
    // With age and sex unknown, boys' and adults' houses with beds rank with the girls' house, and only full or stale ones lag.
    expect(ranked.filter((s) => s.eligible).map((s) => s.name).sort()).toEqual(['adults', 'bed', 'boys', 'hidden', 'staleBed']);
    expect(ranked.at(-1)!.name).toBe('full');
  });

  it('refuses who may not refer the case: not found to an outsider, a role that works no cases is forbidden', async () => {
    const outsider = await t.gql.query(SUGGEST, { caseId: cast.K.id, type: 'HOUSING' }, cast.people.pd2.token);
    expect(outsider.errors[0]?.extensions?.code).toBe('NOT_FOUND');
    const admin = await signedIn(t, Role.AGENCY_ADMIN, cast.agencies.CW.id);
    expect((await t.gql.query(SUGGEST, { caseId: cast.K.id, type: 'HOUSING' }, admin.token)).errors[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await t.gql.query(SUGGEST, { caseId: cast.K.id, type: 'HOUSING', first: 0 }, cast.people.cw1.token);
    expect(bad.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
