import { Injectable } from '@nestjs/common';
import { execute, firstRow, rows, Tx } from '@tandem/platform';

/** Why a figure changed, as capacity_history keeps it. */
export type CapacityReason = 'UPDATE' | 'IMPORT' | 'HOLD' | 'RELEASE' | 'DECLINED_NO_CAPACITY';

/** A service at a site, with what capacity decisions need: the agency it belongs to, its jurisdiction, whether it is confidential. */
export interface CapacitySite {
  serviceAtLocationId: string;
  serviceId: string;
  serviceName: string;
  serviceType: string;
  /** The service's HSDS status: a site is in use while it is `active`. */
  serviceStatus: string;
  locationId: string;
  locationName: string | null;
  city: string | null;
  organizationId: string;
  /** The Tandem agency of the site's organization; null when the organization is no agency of Tandem. */
  agencyId: string | null;
  /** The site's jurisdiction (the location's, else the service's). */
  jurisdictionId: string | null;
  confidential: boolean;
}

/** A live capacity figure of a site. */
export interface CapacityFigure {
  id: string;
  serviceId: string;
  serviceAtLocationId: string | null;
  unitId: string;
  available: number;
  maximum: number | null;
  description: string | null;
  updated: Date;
  updatedBy: string | null;
  version: number;
}

/** A figure gone stale, with the agency whose supervisors answer for it. */
export interface StaleCapacity {
  id: string;
  serviceAtLocationId: string;
  updated: Date;
  agencyId: string;
  serviceName: string;
  locationName: string | null;
}

/** A site a suggestion may name, with what its ranking reads. */
export interface SuggestionSiteRow {
  serviceAtLocationId: string;
  serviceId: string;
  serviceName: string;
  organizationName: string;
  locationName: string | null;
  city: string | null;
  agencyId: string | null;
  confidential: boolean;
  jurisdictionId: string | null;
  latitude: number | null;
  longitude: number | null;
  acceptingReferrals: boolean;
  minimumAge: number | null;
  maximumAge: number | null;
  populationSex: string | null;
  minorsOnly: boolean;
  available: number | null;
  maximum: number | null;
  updated: Date | null;
  /** Whether its schedules say it is open at the moment asked (`directory.site_open_at`, docs/design.md). */
  openNow: boolean;
}

const CAPACITY_COLUMNS = `id, service_id AS "serviceId", service_at_location_id AS "serviceAtLocationId", unit_id AS "unitId",
  available::float8 AS available, maximum::float8 AS maximum, description, updated, updated_by AS "updatedBy", version`;

const SITE_COLUMNS = `sal.id AS "serviceAtLocationId", s.id AS "serviceId", s.name AS "serviceName", s.service_type AS "serviceType", s.status AS "serviceStatus",
  l.id AS "locationId", l.name AS "locationName",
  (SELECT a.city FROM directory.address a WHERE a.location_id = l.id ORDER BY (a.address_type = 'physical') DESC NULLS LAST, a.id LIMIT 1) AS city,
  o.id AS "organizationId", o.agency_id AS "agencyId", coalesce(l.jurisdiction_id, s.jurisdiction_id) AS "jurisdictionId", l.confidential`;

/** The site's figure a hold takes from and a suggestion reads: the one counted in beds, else its first by id. */
const BED_FIGURE_ORDER = `(SELECT lower(u.name) IN ('bed', 'beds') OR u.id = 'bed' FROM directory.unit u WHERE u.id = c.unit_id) DESC NULLS LAST, c.id`;

const SITE_FROM = `directory.service_at_location sal
  JOIN directory.service s ON s.id = sal.service_id
  JOIN directory.location l ON l.id = sal.location_id
  JOIN directory.organization o ON o.id = s.organization_id`;

/**
 * Live capacity: each site's figures, their history (every change appended with who made it and
 * why), and the beds held for accepted referrals. A hold takes a bed with one guarded UPDATE
 * (`available > 0`): concurrent holds queue on the row, and each sees the count the one before it left.
 */
@Injectable()
export class CapacityRepository {
  async findSite(tx: Tx, serviceAtLocationId: string): Promise<CapacitySite | null> {
    return (await firstRow<CapacitySite>(tx, `SELECT ${SITE_COLUMNS} FROM ${SITE_FROM} WHERE sal.id = $1`, [serviceAtLocationId])) ?? null;
  }

  async findSites(tx: Tx, ids: readonly string[]): Promise<CapacitySite[]> {
    return rows<CapacitySite>(tx, `SELECT ${SITE_COLUMNS} FROM ${SITE_FROM} WHERE sal.id = ANY($1::text[])`, [ids]);
  }

  /** A unit named by its id, or by its name (any case). */
  async findUnit(tx: Tx, unit: string): Promise<{ id: string; name: string } | null> {
    return (
      (await firstRow<{ id: string; name: string }>(tx, `SELECT id, name FROM directory.unit WHERE id = $1 OR lower(name) = lower($1) ORDER BY (id = $1) DESC, id LIMIT 1`, [unit])) ?? null
    );
  }

  /** The site's figure in a unit, locked for the caller's change when asked. */
  async findCapacity(tx: Tx, serviceAtLocationId: string, unitId: string, lock = false): Promise<CapacityFigure | null> {
    const row = await firstRow<CapacityFigure>(
      tx,
      `SELECT ${CAPACITY_COLUMNS} FROM directory.service_capacity WHERE service_at_location_id = $1 AND unit_id = $2 ORDER BY id LIMIT 1${lock ? ' FOR UPDATE' : ''}`,
      [serviceAtLocationId, unitId],
    );
    return row ?? null;
  }

  async findCapacityById(tx: Tx, id: string): Promise<CapacityFigure | null> {
    return (await firstRow<CapacityFigure>(tx, `SELECT ${CAPACITY_COLUMNS} FROM directory.service_capacity WHERE id = $1`, [id])) ?? null;
  }

  /** The figures of the sites, by site (the first by id where a site counts in several units). */
  async capacitiesOfSites(tx: Tx, ids: readonly string[]): Promise<CapacityFigure[]> {
    return rows<CapacityFigure>(tx, `SELECT ${CAPACITY_COLUMNS} FROM directory.service_capacity WHERE service_at_location_id = ANY($1::text[]) ORDER BY id`, [ids]);
  }

  async insertCapacity(tx: Tx, input: { id: string; serviceId: string; serviceAtLocationId: string; unitId: string; available: number; maximum: number | null; updated: Date; updatedBy: string }): Promise<CapacityFigure> {
    const row = await firstRow<CapacityFigure>(
      tx,
      `INSERT INTO directory.service_capacity (id, service_id, service_at_location_id, unit_id, available, maximum, updated, updated_by, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1) RETURNING ${CAPACITY_COLUMNS}`,
      [input.id, input.serviceId, input.serviceAtLocationId, input.unitId, input.available, input.maximum, input.updated, input.updatedBy],
    );
    return row!;
  }

  /** Sets a figure as its staff give it; undefined when `expectedVersion` is given and the row moved past it (a lost race). */
  async setCapacity(tx: Tx, id: string, change: { available: number; maximum: number | null; updated: Date; updatedBy: string; expectedVersion: number | null }): Promise<CapacityFigure | undefined> {
    return firstRow<CapacityFigure>(
      tx,
      `UPDATE directory.service_capacity SET available = $2, maximum = $3, updated = $4, updated_by = $5, version = version + 1
        WHERE id = $1 AND ($6::int IS NULL OR version = $6) RETURNING ${CAPACITY_COLUMNS}`,
      [id, change.available, change.maximum, change.updated, change.updatedBy, change.expectedVersion],
    );
  }

  async appendHistory(tx: Tx, capacity: CapacityFigure, reason: CapacityReason, at: Date, by: string | null): Promise<void> {
    await execute(
      tx,
      `INSERT INTO directory.capacity_history (capacity_id, version, available, maximum, updated, updated_by, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [capacity.id, capacity.version, capacity.available, capacity.maximum, at, by, reason],
    );
  }

  /**
   * Takes one bed of the site (its figure in beds, else its first), only while one is available. Undefined when
   * none is (or the site counts no beds). The row lock queues concurrent takers; each re-reads the
   * count after the one before it commits, so the count never goes below zero.
   */
  async takeBed(tx: Tx, serviceAtLocationId: string): Promise<CapacityFigure | undefined> {
    return firstRow<CapacityFigure>(
      tx,
      `UPDATE directory.service_capacity SET available = available - 1, version = version + 1
        WHERE id = (SELECT c.id FROM directory.service_capacity c WHERE c.service_at_location_id = $1 ORDER BY ${BED_FIGURE_ORDER} LIMIT 1) AND available > 0
        RETURNING ${CAPACITY_COLUMNS}`,
      [serviceAtLocationId],
    );
  }

  /** Gives a bed back to a figure, never above its maximum. */
  async returnBed(tx: Tx, capacityId: string): Promise<CapacityFigure | undefined> {
    return firstRow<CapacityFigure>(
      tx,
      `UPDATE directory.service_capacity SET available = CASE WHEN maximum IS NULL THEN available + 1 ELSE least(available + 1, maximum) END, version = version + 1
        WHERE id = $1 RETURNING ${CAPACITY_COLUMNS}`,
      [capacityId],
    );
  }

  /** Sets every figure of the site to none available, stamped as just updated by the user; the figures changed. */
  async markFull(tx: Tx, serviceAtLocationId: string, at: Date, by: string): Promise<CapacityFigure[]> {
    return rows<CapacityFigure>(
      tx,
      `UPDATE directory.service_capacity SET available = 0, updated = $2, updated_by = $3, version = version + 1
        WHERE service_at_location_id = $1 RETURNING ${CAPACITY_COLUMNS}`,
      [serviceAtLocationId, at, by],
    );
  }

  async insertHold(tx: Tx, hold: { referralId: string; capacityId: string; serviceAtLocationId: string; referringAgencyId: string; heldAt: Date }): Promise<void> {
    await execute(
      tx,
      `INSERT INTO directory.bed_hold (referral_id, capacity_id, service_at_location_id, referring_agency_id, held_at) VALUES ($1, $2, $3, $4, $5)`,
      [hold.referralId, hold.capacityId, hold.serviceAtLocationId, hold.referringAgencyId, hold.heldAt],
    );
  }

  /** Stamps the referral's open hold with the child's arrival (once). */
  async markArrived(tx: Tx, referralId: string, at: Date): Promise<void> {
    await execute(tx, `UPDATE directory.bed_hold SET arrived_at = $2 WHERE referral_id = $1 AND released_at IS NULL AND arrived_at IS NULL`, [referralId, at]);
  }

  /** Stamps the referral's hold released; its figure's id, or undefined when it held none (or was released before). */
  async endHold(tx: Tx, referralId: string, at: Date, reason: string): Promise<{ capacityId: string; serviceAtLocationId: string } | undefined> {
    return firstRow<{ capacityId: string; serviceAtLocationId: string }>(
      tx,
      `UPDATE directory.bed_hold SET released_at = $2, release_reason = $3 WHERE referral_id = $1 AND released_at IS NULL
       RETURNING capacity_id AS "capacityId", service_at_location_id AS "serviceAtLocationId"`,
      [referralId, at, reason],
    );
  }

  /**
   * Site figures last updated before `cutoff`, of organizations that are Tandem agencies (whose
   * supervisors are told); the oldest first, in pages after the (updated, id) of the last one read.
   */
  async staleCapacities(tx: Tx, cutoff: Date, after: { updated: Date; id: string } | null, limit: number): Promise<StaleCapacity[]> {
    return rows<StaleCapacity>(
      tx,
      `SELECT c.id, c.service_at_location_id AS "serviceAtLocationId", c.updated, o.agency_id AS "agencyId", s.name AS "serviceName", l.name AS "locationName"
         FROM directory.service_capacity c
         JOIN directory.service_at_location sal ON sal.id = c.service_at_location_id
         JOIN directory.service s ON s.id = sal.service_id
         JOIN directory.location l ON l.id = sal.location_id
         JOIN directory.organization o ON o.id = s.organization_id
        WHERE c.updated < $1 AND o.agency_id IS NOT NULL AND s.status = 'active'
          AND ($3::timestamptz IS NULL OR (date_trunc('milliseconds', c.updated), c.id) > ($3::timestamptz, $4::text))
        ORDER BY date_trunc('milliseconds', c.updated), c.id LIMIT $2`,
      [cutoff, limit, after?.updated ?? null, after?.id ?? null],
    );
  }

  /** Of the sites, those to which the agency has had a referral accepted (a bed held, released since or not). */
  async sitesHeldFor(tx: Tx, siteIds: readonly string[], agencyId: string): Promise<string[]> {
    const found = await rows<{ id: string }>(
      tx,
      `SELECT DISTINCT service_at_location_id AS id FROM directory.bed_hold WHERE service_at_location_id = ANY($1::text[]) AND referring_agency_id = $2`,
      [siteIds, agencyId],
    );
    return found.map((row) => row.id);
  }

  /** The mean position of the directory's sites in a jurisdiction: where a jurisdiction is, for distances. */
  async jurisdictionCentroid(tx: Tx, jurisdictionId: string): Promise<{ lat: number; lng: number } | null> {
    const row = await firstRow<{ lat: number | null; lng: number | null }>(
      tx,
      `SELECT avg(latitude)::float8 AS lat, avg(longitude)::float8 AS lng FROM directory.location
        WHERE jurisdiction_id = $1 AND latitude IS NOT NULL AND longitude IS NOT NULL`,
      [jurisdictionId],
    );
    return row && row.lat !== null && row.lng !== null ? { lat: row.lat, lng: row.lng } : null;
  }

  /**
   * The active sites of a service type, with what the ranking reads: the population served, the
   * site's figure in beds (else its first), its position and whether it is open at `at`. When there
   * are more than `limit`, those of the jurisdiction come first, then the nearest to `origin`.
   */
  async suggestionSites(tx: Tx, serviceType: string, limit: number, at: Date, near: { jurisdictionId: string; origin: { lat: number; lng: number } | null }): Promise<SuggestionSiteRow[]> {
    return rows<SuggestionSiteRow>(
      tx,
      `SELECT sal.id AS "serviceAtLocationId", s.id AS "serviceId", s.name AS "serviceName", o.name AS "organizationName",
              l.name AS "locationName",
              (SELECT a.city FROM directory.address a WHERE a.location_id = l.id ORDER BY (a.address_type = 'physical') DESC NULLS LAST, a.id LIMIT 1) AS city,
              o.agency_id AS "agencyId", l.confidential, coalesce(l.jurisdiction_id, s.jurisdiction_id) AS "jurisdictionId",
              l.latitude::float8 AS latitude, l.longitude::float8 AS longitude,
              s.accepting_referrals AS "acceptingReferrals", s.minimum_age::float8 AS "minimumAge", s.maximum_age::float8 AS "maximumAge",
              s.population_sex AS "populationSex", s.minors_only AS "minorsOnly",
              c.available::float8 AS available, c.maximum::float8 AS maximum, c.updated,
              directory.site_open_at(sal.id, s.id, l.id, $3::timestamptz) AS "openNow"
         FROM ${SITE_FROM}
         LEFT JOIN LATERAL (SELECT c.available, c.maximum, c.updated FROM directory.service_capacity c WHERE c.service_at_location_id = sal.id ORDER BY ${BED_FIGURE_ORDER} LIMIT 1) c ON true
        WHERE s.service_type = $1 AND s.status = 'active'
        ORDER BY coalesce(l.jurisdiction_id, s.jurisdiction_id) = $4 DESC NULLS LAST,
                 power(l.latitude::float8 - $5::float8, 2) + power((l.longitude::float8 - $6::float8) * cos(radians($5::float8)), 2) NULLS LAST, sal.id
        LIMIT $2`,
      [serviceType, limit, at, near.jurisdictionId, near.origin?.lat ?? null, near.origin?.lng ?? null],
    );
  }
}
