import { Client } from 'pg';
import { Rng } from './prng';

/** Where each jurisdiction of the data set is, and its time zone (the order of seed.ts's JURISDICTIONS). */
export const DIRECTORY_PLACES = [
  { code: 'STL', lat: 38.627, lng: -90.199, timezone: 'America/Chicago' },
  { code: 'ATL', lat: 33.749, lng: -84.388, timezone: 'America/New_York' },
  { code: 'DET', lat: 42.331, lng: -83.046, timezone: 'America/Detroit' },
  { code: 'MIA', lat: 25.762, lng: -80.192, timezone: 'America/New_York' },
] as const;

/** Sites per jurisdiction at scale 1, and the share of each service type among them. */
const SITES_PER_JURISDICTION = 500;
const TYPES: readonly [string, number][] = [
  ['EMERGENCY_SHELTER', 0.3],
  ['COUNSELING', 0.2],
  ['MEDICAL_EXAM', 0.1],
  ['LEGAL_ADVOCACY', 0.15],
  ['HOTLINE', 0.05],
  ['HOUSING', 0.1],
  ['CASE_MANAGEMENT', 0.1],
];
const NAMES: Record<string, string[]> = {
  EMERGENCY_SHELTER: ['Youth Shelter', 'Safe House', 'Emergency Beds', 'Harbor House', 'Crisis Shelter for Girls', 'Runaway and Homeless Youth Shelter'],
  COUNSELING: ['Trauma Counseling', 'Youth Counseling', 'Family Therapy', 'Survivor Support Group'],
  MEDICAL_EXAM: ['Forensic Medical Exam', 'Child Advocacy Clinic', 'Sexual Assault Nurse Examiners'],
  LEGAL_ADVOCACY: ['Legal Advocacy', 'Immigration Legal Services', 'Victim Rights Clinic'],
  HOTLINE: ['Crisis Line', 'Trafficking Hotline', 'Text Line for Youth'],
  HOUSING: ['Transitional Housing', 'Host Homes', 'Independent Living Program'],
  CASE_MANAGEMENT: ['Case Management', 'Youth Navigators', 'Reentry Support'],
};
const DAYS = ['MO,TU,WE,TH,FR', 'MO,TU,WE,TH,FR,SA,SU', 'SA,SU', 'MO,WE,FR'];
const KM_PER_DEGREE = 111.2;

/** The site ids of the benchmark's directory sort as their numbers do. */
const pad = (n: number) => String(n).padStart(6, '0');

export interface DirectorySeed {
  rows: Record<string, number>;
}

/**
 * The resource directory of the benchmark's data set: per jurisdiction, sites of every service type
 * within about 40 km of its city (a quarter of the shelters confidential), each with an address, its
 * opening hours in the city's time zone, a population served, and a bed count for shelters and housing
 * (updated over the last day, so that some are stale); each jurisdiction's shelter agency is the
 * organization of a tenth of its shelters. A pure function of the seed and `now`.
 */
export async function seedDirectory(client: Client, options: { scale: number; seed: number; now: number; shelterAgencyIds: string[]; jurisdictionIds: string[] }): Promise<DirectorySeed> {
  const rng = new Rng(options.seed * 7919 + 13);
  const perJurisdiction = Math.max(20, Math.round(SITES_PER_JURISDICTION * Math.sqrt(options.scale)));
  const t: Record<string, unknown[][]> = { organization: [], service: [], location: [], address: [], service_at_location: [], schedule: [], service_capacity: [] };
  const push = (table: string, row: unknown[]) => t[table]!.push(row);
  let site = 0;
  DIRECTORY_PLACES.forEach((place, j) => {
    const agencyOrg = `bench-org-${place.code}-agency`;
    push('organization', [agencyOrg, `${place.code} Youth Shelter Network`, 'Shelters of the benchmark data set', options.shelterAgencyIds[j]]);
    const orgs = Math.ceil(perJurisdiction / 10);
    for (let o = 0; o < orgs; o += 1) push('organization', [`bench-org-${place.code}-${o}`, `${place.code} Community Organization ${o}`, 'Services for children and youth, invented for the benchmark', null]);
    for (let i = 0; i < perJurisdiction; i += 1, site += 1) {
      const type = TYPES[rng.weighted(TYPES.map(([, weight]) => weight))]![0];
      const shelter = type === 'EMERGENCY_SHELTER';
      const org = shelter && rng.chance(0.1) ? agencyOrg : `bench-org-${place.code}-${rng.int(orgs)}`;
      const [svc, loc, sal] = [`bench-svc-${pad(site)}`, `bench-loc-${pad(site)}`, `bench-sal-${pad(site)}`];
      const name = `${place.code} ${rng.pick(NAMES[type]!)} ${i}`;
      const minimum = shelter || rng.chance(0.5) ? 10 + rng.int(4) : null;
      const maximum = minimum === null ? null : 17 + rng.int(8);
      const sex = rng.chance(0.3) ? rng.pick(['FEMALE', 'MALE']) : 'ANY';
      const inJurisdiction = rng.chance(0.9) ? options.jurisdictionIds[j] : null;
      push('service', [svc, org, name, rng.chance(0.96) ? 'active' : 'inactive', type, minimum, maximum, sex, shelter && rng.chance(0.5), rng.chance(0.6), !rng.chance(0.08), type === 'HOTLINE', inJurisdiction,
        `${name}: ${type.toLowerCase().replace('_', ' ')} for children and youth, invented for the benchmark`]);
      // Within about 40 km of the city: uniform in a square of ±0.36 degrees of latitude.
      const lat = place.lat + (rng.next() - 0.5) * (80 / KM_PER_DEGREE);
      const lng = place.lng + ((rng.next() - 0.5) * (80 / KM_PER_DEGREE)) / Math.cos((place.lat * Math.PI) / 180);
      push('location', [loc, 'physical', org, `${name} site`, lat.toFixed(5), lng.toFixed(5), shelter && rng.chance(0.25), inJurisdiction]);
      push('address', [`bench-addr-${pad(site)}`, loc, `${100 + rng.int(9000)} Example Street`, place.code === 'STL' ? 'St. Louis' : place.code === 'ATL' ? 'Atlanta' : place.code === 'DET' ? 'Detroit' : 'Miami', 'physical']);
      push('service_at_location', [sal, svc, loc]);
      const allDay = shelter || type === 'HOTLINE';
      push('schedule', [`bench-sch-${pad(site)}`, sal, 'WEEKLY', allDay ? DAYS[1] : rng.pick(DAYS), allDay ? '00:00' : `${String(7 + rng.int(4)).padStart(2, '0')}:00`, allDay ? '23:59' : `${String(16 + rng.int(5)).padStart(2, '0')}:00`, place.timezone]);
      if (shelter || type === 'HOUSING') {
        const beds = 4 + rng.int(20);
        // A fifth of the sites full; the figure updated in the last 24 hours.
        const available = rng.chance(0.2) ? 0 : 1 + rng.int(beds);
        push('service_capacity', [`bench-cap-${pad(site)}`, svc, sal, 'bed', available, beds, new Date(options.now - rng.int(24 * 60) * 60_000).toISOString()]);
      }
    }
  });
  await client.query('BEGIN');
  try {
    await client.query(`INSERT INTO directory.unit (id, name) VALUES ('bed', 'Bed') ON CONFLICT (id) DO NOTHING`);
    const insert = async (table: string, columns: string[], types: string[]) => {
      const rows = t[table]!;
      const arrays = columns.map((_, index) => rows.map((row) => row[index] ?? null));
      await client.query(`INSERT INTO directory.${table} (${columns.join(', ')}) SELECT * FROM unnest(${types.map((type, i) => `$${i + 1}::${type}[]`).join(', ')})`, arrays);
    };
    await insert('organization', ['id', 'name', 'description', 'agency_id'], ['text', 'text', 'text', 'uuid']);
    await insert(
      'service',
      ['id', 'organization_id', 'name', 'status', 'service_type', 'minimum_age', 'maximum_age', 'population_sex', 'minors_only', 'trafficking_survivors', 'accepting_referrals', 'public', 'jurisdiction_id', 'description'],
      ['text', 'text', 'text', 'text', 'text', 'numeric', 'numeric', 'text', 'boolean', 'boolean', 'boolean', 'boolean', 'uuid', 'text'],
    );
    await insert('location', ['id', 'location_type', 'organization_id', 'name', 'latitude', 'longitude', 'confidential', 'jurisdiction_id'], ['text', 'text', 'text', 'text', 'numeric', 'numeric', 'boolean', 'uuid']);
    await insert('address', ['id', 'location_id', 'address_1', 'city', 'address_type'], ['text', 'text', 'text', 'text', 'text']);
    await insert('service_at_location', ['id', 'service_id', 'location_id'], ['text', 'text', 'text']);
    await insert('schedule', ['id', 'service_at_location_id', 'freq', 'byday', 'opens_at', 'closes_at', 'timezone'], ['text', 'text', 'text', 'text', 'time', 'time', 'text']);
    await insert('service_capacity', ['id', 'service_id', 'service_at_location_id', 'unit_id', 'available', 'maximum', 'updated'], ['text', 'text', 'text', 'text', 'numeric', 'numeric', 'timestamptz']);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  for (const table of Object.keys(t)) await client.query(`ANALYZE directory.${table}`);
  return { rows: Object.fromEntries(Object.entries(t).map(([table, rows]) => [`directory.${table}`, rows.length])) };
}

