import { Injectable } from '@nestjs/common';
import { firstRow, rows, Tx } from '@tandem/platform';
import {
  AddressRecord,
  CapacityRecord,
  ContactRecord,
  LocationRecord,
  OrganizationRecord,
  PhoneRecord,
  ScheduleRecord,
  ServiceAreaRecord,
  ServiceRecord,
  SiteHit,
  SiteKey,
  SiteSearch,
} from './directory.records';

const SERVICE_COLUMNS = `id, organization_id AS "organizationId", program_id AS "programId", name, alternate_name AS "alternateName", description, url, email,
  status, interpretation_services AS "interpretationServices", application_process AS "applicationProcess", fees_description AS "feesDescription",
  wait_time AS "waitTime", fees, accreditations, eligibility_description AS "eligibilityDescription", minimum_age::float8 AS "minimumAge",
  maximum_age::float8 AS "maximumAge", alert, last_modified AS "lastModified", service_type AS "serviceType", population_sex AS "populationSex",
  minors_only AS "minorsOnly", trafficking_survivors AS "traffickingSurvivors", accepting_referrals AS "acceptingReferrals", public,
  jurisdiction_id AS "jurisdictionId"`;

const LOCATION_COLUMNS = `id, location_type AS "locationType", url, organization_id AS "organizationId", name, alternate_name AS "alternateName", description,
  transportation, latitude::float8 AS latitude, longitude::float8 AS longitude, external_identifier AS "externalIdentifier",
  external_identifier_type AS "externalIdentifierType", confidential, jurisdiction_id AS "jurisdictionId"`;

const ORGANIZATION_COLUMNS = `id, name, alternate_name AS "alternateName", description, email, website, tax_status AS "taxStatus", tax_id AS "taxId",
  year_incorporated AS "yearIncorporated", legal_status AS "legalStatus", uri, parent_organization_id AS "parentOrganizationId", agency_id AS "agencyId"`;

/** Mean Earth radius in km (IUGG), for the haversine distance. */
const EARTH_KM = 6371.0088;
/** How far a coarse position (a confidential site, for those who may not know where it is) lies from the real one, at most, in degrees. */
const COARSE_MARGIN = 0.05;
/** Km in a degree of latitude. */
const KM_PER_DEGREE = 111.045;

/** The keys of sites for a batch statement: three parallel arrays, unnested together. */
function siteArrays(keys: readonly SiteKey[]): [string[], string[], string[]] {
  return [keys.map((key) => key.siteId), keys.map((key) => key.serviceId), keys.map((key) => key.locationId)];
}

/** What an editor may change of a service, column by field. */
export const SERVICE_EDITABLE = {
  status: 'status',
  acceptingReferrals: 'accepting_referrals',
  eligibilityDescription: 'eligibility_description',
  minimumAge: 'minimum_age',
  maximumAge: 'maximum_age',
  public: 'public',
  minorsOnly: 'minors_only',
  traffickingSurvivors: 'trafficking_survivors',
  populationSex: 'population_sex',
} as const;
/** A service as an edit needs it: the agency it belongs to, and its ages (checked together with the new ones). */
export interface ServiceForEdit {
  id: string;
  ownerAgencyId: string | null;
  minimumAge: number | null;
  maximumAge: number | null;
}

export type ServicePatch = Partial<Record<keyof typeof SERVICE_EDITABLE, unknown>>;

/**
 * The directory's tables (schema `directory`). Searches return the sites of a page and what decides
 * who reads their addresses; the records of a page are then read in one statement per kind, whatever
 * the page's size. The directory reads `agency` and `referral` of no other lib: a site's agencies come
 * from its organizations' `agency_id`, and the referrals to it from its own bed holds.
 */
@Injectable()
export class DirectoryRepository {
  /**
   * One page of sites, in order of distance when the search is near a point (then by id), else by the
   * service's name (then by id), from after the `after` key.
   *
   * A confidential site the viewer may not locate is found and ordered by a coarse position (its
   * coordinates rounded to 0.1 degree, about 11 km) and gets no distance (docs/design.md,
   * "The resource directory"): repeated searches cannot tell more of where it is than its city.
   */
  async searchSites(tx: Tx, search: SiteSearch, after: [number | string, string] | null, limit: number): Promise<SiteHit[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [];
    const agency = search.audience.kind === 'agency' ? param(search.audience.agencyId) : null;
    if (search.audience.kind === 'public') where.push(`s.public`, `NOT l.confidential`);
    if (!search.includeInactive) where.push(`s.status = 'active'`);
    if (search.siteIds) where.push(`sal.id = ANY(${param(search.siteIds)}::text[])`);
    if (search.serviceType) where.push(`s.service_type = ${param(search.serviceType)}`);
    if (search.jurisdictionId) {
      const jurisdiction = param(search.jurisdictionId);
      where.push(`(l.jurisdiction_id = ${jurisdiction}::uuid OR s.jurisdiction_id = ${jurisdiction}::uuid)`);
    }
    if (search.age !== null && search.age !== undefined) {
      const age = param(search.age);
      where.push(
        `(s.minimum_age IS NULL OR s.minimum_age <= ${age}::numeric) AND (s.maximum_age IS NULL OR s.maximum_age >= ${age}::numeric) AND (NOT s.minors_only OR ${age}::numeric < 18)`,
      );
    }
    if (search.sex) where.push(`coalesce(s.population_sex, 'ANY') IN ('ANY', ${param(search.sex)})`);
    if (search.textQuery) where.push(`s.search @@ to_tsquery('simple', ${param(search.textQuery)})`);
    if (search.hasCapacity !== null && search.hasCapacity !== undefined) {
      where.push(
        `${search.hasCapacity ? '' : 'NOT '}EXISTS (SELECT 1 FROM directory.service_capacity c
           WHERE (c.service_at_location_id = sal.id OR (c.service_at_location_id IS NULL AND c.service_id = s.id)) AND c.available > 0)`,
      );
    }
    if (search.openNow !== null && search.openNow !== undefined) {
      where.push(`directory.site_open_at(sal.id, s.id, l.id, ${param(search.at)}::timestamptz) = ${param(search.openNow)}::boolean`);
    }

    // Whether the viewer knows where a confidential site is: its organizations are the viewer's
    // agency, or the viewer's agency holds or held a bed there for an accepted referral.
    const owners = agency
      ? `CASE WHEN l.confidential AND ${agency}::uuid IS NOT NULL THEN ARRAY(
           SELECT o.agency_id::text FROM directory.organization o WHERE o.id IN (l.organization_id, s.organization_id) AND o.agency_id = ${agency}::uuid LIMIT 1)
         ELSE '{}'::text[] END`
      : `'{}'::text[]`;
    const referrers = agency
      ? `CASE WHEN l.confidential AND ${agency}::uuid IS NOT NULL THEN ARRAY(
           SELECT h.referring_agency_id::text FROM directory.bed_hold h JOIN directory.service_at_location hs ON hs.id = h.service_at_location_id
           WHERE hs.location_id = l.id AND h.referring_agency_id = ${agency}::uuid LIMIT 1)
         ELSE '{}'::text[] END`
      : `'{}'::text[]`;

    let distance = 'NULL::float8';
    let order = `s.name, sal.id`;
    let sortKey = `s.name`;
    if (search.near) {
      const { lat, lng, km } = search.near;
      const latMargin = km / KM_PER_DEGREE + COARSE_MARGIN;
      where.push(`l.latitude BETWEEN ${param(lat - latMargin)}::numeric AND ${param(lat + latMargin)}::numeric`);
      const widest = Math.min(89, Math.abs(lat) + latMargin);
      const lngMargin = km / (KM_PER_DEGREE * Math.cos((widest * Math.PI) / 180)) + COARSE_MARGIN;
      // Near a pole or the antimeridian the box would wrap: the distance alone decides there.
      if (lng - lngMargin > -180 && lng + lngMargin < 180 && widest < 89) {
        where.push(`l.longitude BETWEEN ${param(lng - lngMargin)}::numeric AND ${param(lng + lngMargin)}::numeric`);
      }
      const [pLat, pLng] = [param(lat), param(lng)];
      distance = `(2 * ${EARTH_KM} * asin(sqrt(
          power(sin(radians(p.lat - ${pLat}::float8) / 2), 2)
          + cos(radians(${pLat}::float8)) * cos(radians(p.lat)) * power(sin(radians(p.lng - ${pLng}::float8) / 2), 2))))`;
      where.push(`d.km <= ${param(km)}::float8`);
      order = `d.km, sal.id`;
      sortKey = `d.km`;
    }
    if (after) where.push(`(${sortKey}, sal.id) > (${param(after[0])}${search.near ? '::float8' : '::text'}, ${param(after[1])}::text)`);

    return rows<SiteHit>(
      tx,
      `SELECT sal.id, sal.service_id AS "serviceId", sal.location_id AS "locationId", sal.description, l.confidential,
              k.owners AS "ownerAgencyIds", k.referrers AS "referringAgencyIds",
              CASE WHEN k.knows THEN d.km END AS "distanceKm", ${sortKey} AS "sortKey"
         FROM directory.service_at_location sal
         JOIN directory.service s ON s.id = sal.service_id
         JOIN directory.location l ON l.id = sal.location_id
         -- OFFSET 0 keeps the planner from copying these subqueries into each place they are used.
         CROSS JOIN LATERAL (
           SELECT k0.owners, k0.referrers, NOT l.confidential OR cardinality(k0.owners) > 0 OR cardinality(k0.referrers) > 0 AS knows
             FROM (SELECT ${owners} AS owners, ${referrers} AS referrers) k0 OFFSET 0) k
         CROSS JOIN LATERAL (
           SELECT CASE WHEN k.knows THEN l.latitude ELSE round(l.latitude, 1) END::float8 AS lat,
                  CASE WHEN k.knows THEN l.longitude ELSE round(l.longitude, 1) END::float8 AS lng) p
         CROSS JOIN LATERAL (SELECT ${distance} AS km) d
        WHERE ${where.length ? where.join(' AND ') : 'true'}
        ORDER BY ${order}
        LIMIT ${param(limit)}`,
      params,
    );
  }

  async servicesByIds(tx: Tx, ids: readonly string[]): Promise<ServiceRecord[]> {
    return rows<ServiceRecord>(tx, `SELECT ${SERVICE_COLUMNS} FROM directory.service WHERE id = ANY($1::text[])`, [ids]);
  }

  async locationsByIds(tx: Tx, ids: readonly string[]): Promise<LocationRecord[]> {
    return rows<LocationRecord>(tx, `SELECT ${LOCATION_COLUMNS} FROM directory.location WHERE id = ANY($1::text[])`, [ids]);
  }

  async organizationsByIds(tx: Tx, ids: readonly string[]): Promise<OrganizationRecord[]> {
    return rows<OrganizationRecord>(tx, `SELECT ${ORGANIZATION_COLUMNS} FROM directory.organization WHERE id = ANY($1::text[])`, [ids]);
  }

  /** Each location's address: its physical one when it has several. */
  async addressesOfLocations(tx: Tx, locationIds: readonly string[]): Promise<AddressRecord[]> {
    return rows<AddressRecord>(
      tx,
      `SELECT DISTINCT ON (location_id) id, location_id AS "locationId", attention, address_1 AS "address1", address_2 AS "address2", city, region,
              state_province AS "stateProvince", postal_code AS "postalCode", country, address_type AS "addressType"
         FROM directory.address WHERE location_id = ANY($1::text[])
        ORDER BY location_id, (address_type = 'physical') DESC NULLS LAST, id`,
      [locationIds],
    );
  }

  /** The phones of sites: the site's own, its service's and its location's. */
  async phonesOfSites(tx: Tx, keys: readonly SiteKey[]): Promise<(PhoneRecord & { siteId: string })[]> {
    return rows<PhoneRecord & { siteId: string }>(
      tx,
      `SELECT x.site AS "siteId", p.id, p.number, p.extension, p.type, p.description
         FROM unnest($1::text[], $2::text[], $3::text[]) AS x(site, service, place)
         JOIN directory.phone p ON p.service_at_location_id = x.site OR p.service_id = x.service OR p.location_id = x.place
        ORDER BY x.site, (p.service_at_location_id IS NULL), (p.service_id IS NULL), p.id`,
      siteArrays(keys),
    );
  }

  /** The contacts of sites: the site's own, its service's and its location's. */
  async contactsOfSites(tx: Tx, keys: readonly SiteKey[]): Promise<(ContactRecord & { siteId: string })[]> {
    return rows<ContactRecord & { siteId: string }>(
      tx,
      `SELECT x.site AS "siteId", c.id, c.name, c.title, c.department, c.email
         FROM unnest($1::text[], $2::text[], $3::text[]) AS x(site, service, place)
         JOIN directory.contact c ON c.service_at_location_id = x.site OR c.service_id = x.service OR c.location_id = x.place
        ORDER BY x.site, c.id`,
      siteArrays(keys),
    );
  }

  /** The areas sites serve: the site's own and its service's. */
  async serviceAreasOfSites(tx: Tx, keys: readonly SiteKey[]): Promise<(ServiceAreaRecord & { siteId: string })[]> {
    return rows<ServiceAreaRecord & { siteId: string }>(
      tx,
      `SELECT x.site AS "siteId", a.id, a.name, a.description, a.extent, a.extent_type AS "extentType", a.uri
         FROM unnest($1::text[], $2::text[]) AS x(site, service)
         JOIN directory.service_area a ON a.service_at_location_id = x.site OR a.service_id = x.service
        ORDER BY x.site, a.id`,
      siteArrays(keys).slice(0, 2),
    );
  }

  /** Every schedule that may apply to sites, with what it hangs on. */
  async schedulesOfSites(tx: Tx, keys: readonly SiteKey[]): Promise<(ScheduleRecord & { siteId: string })[]> {
    return rows<ScheduleRecord & { siteId: string }>(
      tx,
      `SELECT x.site AS "siteId", sc.id,
              CASE WHEN sc.service_at_location_id = x.site THEN 'site' WHEN sc.service_id = x.service THEN 'service' ELSE 'location' END AS level,
              sc.freq, sc.interval, sc.byday, sc.bymonthday, to_char(sc.opens_at, 'HH24:MI') AS "opensAt", to_char(sc.closes_at, 'HH24:MI') AS "closesAt",
              sc.timezone, sc.valid_from::text AS "validFrom", sc.valid_to::text AS "validTo", sc.dtstart::text AS dtstart, sc.until::text AS until,
              sc.description, sc.notes
         FROM unnest($1::text[], $2::text[], $3::text[]) AS x(site, service, place)
         JOIN directory.schedule sc
           ON sc.service_at_location_id = x.site
           OR (sc.service_id = x.service AND sc.service_at_location_id IS NULL)
           OR (sc.location_id = x.place AND sc.service_id IS NULL AND sc.service_at_location_id IS NULL)
        ORDER BY x.site, sc.id`,
      siteArrays(keys),
    );
  }

  /** Whether each site is open at a moment (`directory.site_open_at`, docs/design.md). */
  async openAt(tx: Tx, keys: readonly SiteKey[], at: Date): Promise<{ siteId: string; open: boolean }[]> {
    return rows<{ siteId: string; open: boolean }>(
      tx,
      `SELECT x.site AS "siteId", directory.site_open_at(x.site, x.service, x.place, $4::timestamptz) AS open
         FROM unnest($1::text[], $2::text[], $3::text[]) AS x(site, service, place)`,
      [...siteArrays(keys), at],
    );
  }

  /** The capacity figures of sites: the site's own, and its service's that name no site. */
  async capacitiesOfSites(tx: Tx, keys: readonly SiteKey[]): Promise<(CapacityRecord & { forSiteId: string })[]> {
    return rows<CapacityRecord & { forSiteId: string }>(
      tx,
      `SELECT x.site AS "forSiteId", c.id, c.service_id AS "serviceId", c.service_at_location_id AS "siteId", c.unit_id AS "unitId", u.name AS "unitName",
              c.available::float8 AS available, c.maximum::float8 AS maximum, c.description, c.updated, c.updated_by AS "updatedBy", c.version
         FROM unnest($1::text[], $2::text[]) AS x(site, service)
         JOIN directory.service_capacity c ON c.service_at_location_id = x.site OR (c.service_at_location_id IS NULL AND c.service_id = x.service)
         JOIN directory.unit u ON u.id = c.unit_id
        ORDER BY x.site, u.name, c.id`,
      siteArrays(keys).slice(0, 2),
    );
  }

  /** A service and the agency its organization is, locked for an edit. */
  async serviceForEdit(tx: Tx, id: string): Promise<ServiceForEdit | undefined> {
    return firstRow<ServiceForEdit>(
      tx,
      `SELECT s.id, o.agency_id AS "ownerAgencyId", s.minimum_age::float8 AS "minimumAge", s.maximum_age::float8 AS "maximumAge" FROM directory.service s JOIN directory.organization o ON o.id = s.organization_id
        WHERE s.id = $1 FOR UPDATE OF s`,
      [id],
    );
  }

  /**
   * Changes the given fields of a service of the editor's agency (the editors' policy, in the WHERE:
   * its organization is that agency) and stamps it. Undefined when no such service is the agency's.
   */
  async updateService(tx: Tx, id: string, agencyId: string, patch: ServicePatch, at: Date): Promise<ServiceRecord | undefined> {
    const values: unknown[] = [id, agencyId, at];
    const sets = ['last_modified = $3'];
    for (const [field, column] of Object.entries(SERVICE_EDITABLE)) {
      if (!(field in patch)) continue;
      values.push(patch[field as keyof ServicePatch]);
      sets.push(`${column} = $${values.length}`);
    }
    return firstRow<ServiceRecord>(
      tx,
      `UPDATE directory.service SET ${sets.join(', ')}
        WHERE id = $1 AND organization_id IN (SELECT id FROM directory.organization WHERE agency_id = $2::uuid)
        RETURNING ${SERVICE_COLUMNS}`,
      values,
    );
  }

  /** A location and the agency its organization is, locked for an edit. */
  async locationForEdit(tx: Tx, id: string): Promise<{ id: string; ownerAgencyId: string | null } | undefined> {
    return firstRow<{ id: string; ownerAgencyId: string | null }>(
      tx,
      `SELECT l.id, o.agency_id AS "ownerAgencyId" FROM directory.location l LEFT JOIN directory.organization o ON o.id = l.organization_id
        WHERE l.id = $1 FOR UPDATE OF l`,
      [id],
    );
  }

  /** Marks a location of the editor's agency confidential or not; undefined when no such location is the agency's. */
  async setLocationConfidential(tx: Tx, id: string, agencyId: string, confidential: boolean): Promise<LocationRecord | undefined> {
    return firstRow<LocationRecord>(
      tx,
      `UPDATE directory.location SET confidential = $3
        WHERE id = $1 AND organization_id IN (SELECT id FROM directory.organization WHERE agency_id = $2::uuid)
        RETURNING ${LOCATION_COLUMNS}`,
      [id, agencyId, confidential],
    );
  }

  async organizationForEdit(tx: Tx, id: string): Promise<OrganizationRecord | undefined> {
    return firstRow<OrganizationRecord>(tx, `SELECT ${ORGANIZATION_COLUMNS} FROM directory.organization WHERE id = $1 FOR UPDATE`, [id]);
  }

  /** Says which agency an organization is (null: none); the agency's existence and uniqueness are the database's to check. */
  async linkAgency(tx: Tx, id: string, agencyId: string | null): Promise<OrganizationRecord | undefined> {
    return firstRow<OrganizationRecord>(tx, `UPDATE directory.organization SET agency_id = $2 WHERE id = $1 RETURNING ${ORGANIZATION_COLUMNS}`, [id, agencyId]);
  }
}
