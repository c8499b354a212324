import { randomUUID } from 'node:crypto';
import { TestApp } from './test-app';

export interface SiteOptions {
  serviceType?: string;
  available?: number | null;
  maximum?: number | null;
  confidential?: boolean;
  jurisdictionId?: string | null;
  latitude?: number;
  longitude?: number;
  minimumAge?: number | null;
  maximumAge?: number | null;
  populationSex?: string;
  minorsOnly?: boolean;
  acceptingReferrals?: boolean;
  updated?: Date;
  name?: string;
  address?: string;
  city?: string;
}

export interface Site {
  organizationId: string;
  serviceId: string;
  locationId: string;
  serviceAtLocationId: string;
  capacityId: string | null;
}

/** The directory unit `bed` (id `bed`), made once. */
export async function bedUnit(t: TestApp): Promise<string> {
  await t.db.query(`INSERT INTO directory.unit (id, name) VALUES ('bed', 'bed') ON CONFLICT (id) DO NOTHING`);
  return 'bed';
}

/**
 * A site of an agency's directory organization (made once per agency): a service of a type at a
 * location with an address, and its figure in beds unless `available` is null.
 */
export async function directorySite(t: TestApp, agencyId: string, options: SiteOptions = {}): Promise<Site> {
  const [organization] = await t.db.query(
    `INSERT INTO directory.organization (id, name, agency_id) VALUES ($1, $2, $3)
     ON CONFLICT (agency_id) DO UPDATE SET name = directory.organization.name RETURNING id`,
    [randomUUID(), `Organization ${agencyId.slice(0, 8)}`, agencyId],
  );
  const [serviceId, locationId, serviceAtLocationId] = [randomUUID(), randomUUID(), randomUUID()];
  await t.db.query(
    `INSERT INTO directory.service (id, organization_id, name, status, service_type, minimum_age, maximum_age, population_sex, minors_only, accepting_referrals, jurisdiction_id)
     VALUES ($1, $2, $3, 'active', $4, $5, $6, $7, $8, $9, $10)`,
    [serviceId, organization.id, options.name ?? 'Harbor Youth Shelter', options.serviceType ?? 'EMERGENCY_SHELTER', options.minimumAge ?? null, options.maximumAge ?? null,
      options.populationSex ?? 'ANY', options.minorsOnly ?? false, options.acceptingReferrals ?? true, options.jurisdictionId ?? null],
  );
  await t.db.query(
    `INSERT INTO directory.location (id, location_type, organization_id, name, latitude, longitude, confidential, jurisdiction_id) VALUES ($1, 'physical', $2, $3, $4, $5, $6, $7)`,
    [locationId, organization.id, `${options.name ?? 'Harbor Youth Shelter'} house`, options.latitude ?? 38.63, options.longitude ?? -90.2, options.confidential ?? false, options.jurisdictionId ?? null],
  );
  await t.db.query(`INSERT INTO directory.address (id, location_id, address_1, city, address_type) VALUES ($1, $2, $3, $4, 'physical')`, [
    randomUUID(), locationId, options.address ?? '400 Quiet Street', options.city ?? 'St. Louis',
  ]);
  await t.db.query(`INSERT INTO directory.service_at_location (id, service_id, location_id) VALUES ($1, $2, $3)`, [serviceAtLocationId, serviceId, locationId]);
  let capacityId: string | null = null;
  if (options.available !== null) {
    capacityId = randomUUID();
    await t.db.query(
      `INSERT INTO directory.service_capacity (id, service_id, unit_id, available, maximum, updated, service_at_location_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [capacityId, serviceId, await bedUnit(t), options.available ?? 3, options.maximum === undefined ? 3 : options.maximum, options.updated ?? t.clock.now(), serviceAtLocationId],
    );
  }
  return { organizationId: organization.id, serviceId, locationId, serviceAtLocationId, capacityId };
}

/** A site's figure as stored. */
export async function figureOf(t: TestApp, capacityId: string): Promise<{ available: number; maximum: number | null; version: number; updated: Date; updated_by: string | null }> {
  const [row] = await t.db.query(`SELECT available::int AS available, maximum::int AS maximum, version, updated, updated_by FROM directory.service_capacity WHERE id = $1`, [capacityId]);
  return row;
}

/** The reasons of a figure's history, oldest first. */
export async function historyOf(t: TestApp, capacityId: string): Promise<string[]> {
  const rows: { reason: string }[] = await t.db.query(`SELECT reason FROM directory.capacity_history WHERE capacity_id = $1 ORDER BY id`, [capacityId]);
  return rows.map((row) => row.reason);
}
