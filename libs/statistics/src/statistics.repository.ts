import { Injectable } from '@nestjs/common';
import { execute, firstRow, rows, Tx } from '@tandem/platform';
import { CubeRow, LatticeBody } from './statistics-lattice';
import { DimensionName, DIMENSIONS, SourceName, STATUTORY_KINDS } from './statistics.measures';

/**
 * A source of statistics: what is counted (one row per counted unit, or `amount` units per row), when
 * it happened, the jurisdiction and agency it belongs to, and the SQL of each dimension it can be cut
 * by. Sources read other domains' tables for aggregates only, never write them, and never select a
 * free-text column, an id or a date finer than a month into what they return.
 */
interface Source {
  from: string;
  time: string;
  jurisdiction: string;
  agency: string;
  amount?: string;
  where?: string;
  dimensions: Partial<Record<DimensionName, string>>;
  /** Hours, for the median shown beside each row. */
  hours?: string;
}

const MONTH_FORMATS: Record<string, string> = { MONTH: 'YYYY-MM', QUARTER: 'YYYY-"Q"Q', YEAR: 'YYYY' };

/** Each shelter figure's count on each night of the period: the last change before the night's end. */
const BED_NIGHTS = `
  SELECT coalesce(l.jurisdiction_id, s.jurisdiction_id) AS jurisdiction_id, o.agency_id, night, h.available, h.maximum
    FROM directory.service_capacity c
    JOIN directory.service s ON s.id = c.service_id AND s.service_type = 'EMERGENCY_SHELTER'
    JOIN directory.organization o ON o.id = s.organization_id
    LEFT JOIN directory.service_at_location sal ON sal.id = c.service_at_location_id
    LEFT JOIN directory.location l ON l.id = sal.location_id
   CROSS JOIN generate_series($1::timestamptz, $2::timestamptz - interval '1 day', interval '1 day') AS night
    JOIN LATERAL (SELECT h.available::int AS available, h.maximum::int AS maximum FROM directory.capacity_history h
                   WHERE h.capacity_id = c.id AND h.updated < night + interval '1 day' ORDER BY h.updated DESC, h.id DESC LIMIT 1) h ON true`;

const timeliness = (table: string) => `CASE WHEN ${table}.status = 'MET' AND ${table}.met_at <= ${table}.due_at THEN 'ON_TIME' ELSE 'LATE' END`;

const REFERRAL_DIMENSIONS = {
  SERVICE_TYPE: 'r.service_type',
  URGENCY: 'r.urgency',
  REFERRAL_OUTCOME: 'r.status',
  EXPIRY: `CASE WHEN r.status = 'EXPIRED' THEN 'EXPIRED' ELSE 'NOT_EXPIRED' END`,
  NO_CAPACITY: `CASE WHEN r.status = 'DECLINED' AND r.decline_reason = 'NO_CAPACITY' THEN 'DECLINED_NO_CAPACITY' ELSE 'OTHERWISE' END`,
  JURISDICTION: 'ag.jurisdiction_id::text',
};

export const SOURCES: Record<SourceName, Source> = {
  missingEpisodes: {
    // The de-identified facts the worker derived from the sealed child; an episode it has not reached yet is NOT_RECORDED.
    from: 'missing_episode e JOIN agency ag ON ag.id = e.agency_id LEFT JOIN statistics.episode_fact f ON f.episode_id = e.id',
    time: 'e.missing_since',
    jurisdiction: 'ag.jurisdiction_id',
    agency: 'e.agency_id',
    dimensions: {
      JURISDICTION: 'ag.jurisdiction_id::text',
      AGE_BAND: `coalesce(f.age_band, 'NOT_RECORDED')`,
      SEX: `coalesce(f.sex, 'NOT_RECORDED')`,
      PLACEMENT_KIND: `coalesce(f.placement_kind, 'NOT_RECORDED')`,
      RETURNED_WITHIN_7_DAYS: `CASE WHEN e.returned_at IS NULL THEN 'NOT_RETURNED' WHEN e.returned_at - e.missing_since <= interval '7 days' THEN 'YES' ELSE 'NO' END`,
    },
    hours: 'extract(epoch FROM e.returned_at - e.missing_since) / 3600',
  },
  statutoryReports: {
    from: 'deadline d JOIN agency ag ON ag.id = d.agency_id',
    time: 'd.started_at',
    jurisdiction: 'ag.jurisdiction_id',
    agency: 'd.agency_id',
    where: `d.kind IN (${STATUTORY_KINDS.map((kind) => `'${kind}'`).join(', ')}) AND d.status IN ('MET', 'BREACHED')`,
    dimensions: { REPORT_KIND: 'd.kind', JURISDICTION: 'ag.jurisdiction_id::text', TIMELINESS: timeliness('d') },
    hours: 'extract(epoch FROM d.met_at - d.started_at) / 3600',
  },
  agencyDeadlines: {
    from: 'deadline d JOIN agency ag ON ag.id = d.agency_id',
    time: 'd.started_at',
    jurisdiction: 'ag.jurisdiction_id',
    agency: 'd.agency_id',
    where: `d.status IN ('MET', 'BREACHED')`,
    dimensions: { DEADLINE_KIND: 'd.kind', TIMELINESS: timeliness('d') },
    hours: 'extract(epoch FROM d.met_at - d.started_at) / 3600',
  },
  referralsSent: {
    from: 'referral r JOIN agency ag ON ag.id = r.from_agency_id',
    time: 'r.created_at',
    jurisdiction: 'ag.jurisdiction_id',
    agency: 'r.from_agency_id',
    dimensions: REFERRAL_DIMENSIONS,
    hours: 'extract(epoch FROM r.responded_at - r.created_at) / 3600',
  },
  referralsReceived: {
    from: 'referral r JOIN agency ag ON ag.id = r.to_agency_id',
    time: 'r.created_at',
    jurisdiction: 'ag.jurisdiction_id',
    agency: 'r.to_agency_id',
    dimensions: REFERRAL_DIMENSIONS,
    hours: 'extract(epoch FROM r.responded_at - r.created_at) / 3600',
  },
  bedNights: {
    from: `(${BED_NIGHTS}) b CROSS JOIN LATERAL (VALUES ('OCCUPIED', greatest(coalesce(b.maximum, b.available) - b.available, 0)), ('FREE', b.available)) AS beds(state, nights)`,
    time: 'b.night',
    jurisdiction: 'b.jurisdiction_id',
    agency: 'b.agency_id',
    amount: 'beds.nights',
    dimensions: { JURISDICTION: 'b.jurisdiction_id::text', BED_STATE: 'beds.state' },
  },
  tips: {
    from: 'tip t',
    time: 't.submitted_at',
    jurisdiction: 't.jurisdiction_id',
    agency: 't.reviewer_agency_id',
    dimensions: { TIP_OUTCOME: 't.status', JURISDICTION: 't.jurisdiction_id::text' },
    hours: 'extract(epoch FROM t.decided_at - t.submitted_at) / 3600',
  },
  screenings: {
    from: 'screening s JOIN agency ag ON ag.id = s.agency_id',
    time: 's.administered_at',
    jurisdiction: 'ag.jurisdiction_id',
    agency: 's.agency_id',
    dimensions: { INSTRUMENT: 's.instrument_id', SCREEN_OUTCOME: 's.outcome', JURISDICTION: 'ag.jurisdiction_id::text' },
  },
  nightsWithoutBed: {
    from: `(SELECT jurisdiction_id, night FROM (${BED_NIGHTS}) b WHERE jurisdiction_id IS NOT NULL GROUP BY 1, 2 HAVING sum(available) = 0) n`,
    time: 'n.night',
    jurisdiction: 'n.jurisdiction_id',
    agency: 'NULL::uuid',
    dimensions: { JURISDICTION: 'n.jurisdiction_id::text' },
  },
};

/** A dimension as a query asks for it: its name and, for months, the level (MONTH, QUARTER, YEAR). */
export interface DimensionLevel {
  name: DimensionName;
  level?: string;
}

/** The period (`to` exclusive) and whose records are counted. */
export interface SourceFilter {
  from: Date;
  to: Date;
  jurisdictionIds: readonly string[] | null;
  /** Only this agency's records (operational figures). */
  agencyId: string | null;
}

export interface CountRow {
  values: string[];
  n: number;
}

export interface MedianRow {
  /** The row's value, or null for the whole table. */
  value: string | null;
  median: number | null;
  n: number;
}

function expression(source: Source, dimension: DimensionLevel): string {
  if (dimension.name === 'MONTH') return `to_char(${source.time} AT TIME ZONE 'UTC', '${MONTH_FORMATS[dimension.level ?? 'MONTH']}')`;
  const sql = source.dimensions[dimension.name];
  if (!sql) throw new Error(`the source has no dimension ${dimension.name}`);
  const coarser = (DIMENSIONS[dimension.name] as { coarsening?: { level: string; of?: Readonly<Record<string, string>> } }).coarsening;
  // A coarser level of a list (age groups): each value mapped to its group; the values are the measures' own constants.
  if (coarser?.of && dimension.level === coarser.level) return `CASE ${sql} ${Object.entries(coarser.of).map(([value, group]) => `WHEN '${value}' THEN '${group}'`).join(' ')} END`;
  return sql;
}

function where(source: Source): string {
  return `${source.time} >= $1 AND ${source.time} < $2 AND ($3::uuid[] IS NULL OR ${source.jurisdiction} = ANY($3::uuid[])) AND ($4::uuid IS NULL OR ${source.agency} = $4::uuid)${source.where ? ` AND ${source.where}` : ''}`;
}

const params = (filter: SourceFilter) => [filter.from, filter.to, filter.jurisdictionIds, filter.agencyId];

/** Aggregates for statistics, and the releases published from them. */
@Injectable()
export class StatisticsRepository {
  /** Whether the source can be cut by the dimension (months always can). */
  static supports(source: SourceName, dimension: DimensionName): boolean {
    return dimension === 'MONTH' || Boolean(SOURCES[source].dimensions[dimension]);
  }

  /** The counts of the source in the period by month and by every one of the dimensions (a lattice's cube). */
  async cube(tx: Tx, sourceName: SourceName, dimensions: readonly DimensionName[], filter: SourceFilter): Promise<CubeRow[]> {
    const source = SOURCES[sourceName];
    const columns = [`to_char(${source.time} AT TIME ZONE 'UTC', 'YYYY-MM') AS month`, ...dimensions.map((dimension, index) => `${expression(source, { name: dimension })} AS d${index}`)];
    const found = await rows<Record<string, string> & { month: string; n: string }>(
      tx,
      `SELECT ${columns.join(', ')}, sum(${source.amount ?? '1'})::bigint AS n FROM ${source.from} WHERE ${where(source)} GROUP BY ${columns.map((_, index) => index + 1).join(', ')}`,
      params(filter),
    );
    return found.map((row) => ({ month: row.month, values: Object.fromEntries(dimensions.map((dimension, index) => [dimension, row[`d${index}`]!])), n: Number(row.n) }));
  }

  /** The stored lattices of a source (and agency) for the quarters. */
  async lattices(tx: Tx, source: SourceName, agencyId: string | null, quarters: readonly string[]): Promise<StoredLattice[]> {
    return rows<StoredLattice>(
      tx,
      `SELECT quarter, min_cell AS "minCell", built_at AS "builtAt", frozen_at IS NOT NULL AS frozen, body FROM statistics.lattice
        WHERE source = $1 AND agency_id IS NOT DISTINCT FROM $2::uuid AND quarter = ANY($3::text[])`,
      [source, agencyId, quarters],
    );
  }

  async saveLattices(tx: Tx, source: SourceName, agencyId: string | null, lattices: readonly StoredLattice[]): Promise<void> {
    for (const lattice of lattices) {
      await execute(
        tx,
        `INSERT INTO statistics.lattice (source, agency_id, quarter, min_cell, built_at, body) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (source, coalesce(agency_id, '00000000-0000-0000-0000-000000000000'::uuid), quarter)
         DO UPDATE SET min_cell = EXCLUDED.min_cell, built_at = EXCLUDED.built_at, body = EXCLUDED.body
         WHERE statistics.lattice.frozen_at IS NULL`,
        [source, agencyId, lattice.quarter, lattice.minCell, lattice.builtAt, JSON.stringify(lattice.body)],
      );
    }
  }

  /** Freezes the public lattices of the source for the quarters as they are stored now (a release reads them next). */
  async freezeLattices(tx: Tx, source: SourceName, quarters: readonly string[], at: Date): Promise<void> {
    await execute(tx, `UPDATE statistics.lattice SET frozen_at = $3 WHERE source = $1 AND agency_id IS NULL AND quarter = ANY($2::text[]) AND frozen_at IS NULL`, [source, quarters, at]);
  }

  /** The median hours of the source by one dimension's values, and over the whole table. */
  async medians(tx: Tx, sourceName: SourceName, dimension: DimensionLevel | null, filter: SourceFilter): Promise<MedianRow[]> {
    const source = SOURCES[sourceName];
    if (!source.hours) return [];
    const by = dimension ? expression(source, dimension) : null;
    const found = await rows<{ value: string | null; median: number | null; n: number }>(
      tx,
      `SELECT ${by ? `CASE WHEN GROUPING(${by}) = 0 THEN ${by} END` : 'NULL'} AS value,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${source.hours})::float8 AS median, count(${source.hours})::int AS n
         FROM ${source.from} WHERE ${where(source)}
        GROUP BY GROUPING SETS (${by ? `(${by}), ` : ''}())`,
      params(filter),
    );
    return found;
  }

  /** The jurisdictions' names, of those given or of all. */
  async jurisdictions(tx: Tx, ids: readonly string[] | null): Promise<{ id: string; name: string }[]> {
    return rows<{ id: string; name: string }>(tx, `SELECT id::text, name FROM jurisdiction WHERE ($1::uuid[] IS NULL OR id = ANY($1::uuid[])) ORDER BY name, id`, [ids]);
  }

  async insertRelease(tx: Tx, release: NewRelease): Promise<ReleaseRow> {
    const row = await firstRow<ReleaseRow>(
      tx,
      `INSERT INTO statistics.release (kind, period_from, period_to, made_at, made_by, min_cell, body)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${RELEASE_COLUMNS}`,
      [release.kind, release.periodFrom, release.periodTo, release.madeAt, release.madeBy, release.minCell, JSON.stringify(release.body)],
    );
    return row!;
  }

  /** Whether the quarterly release of the quarter starting at `periodFrom` exists already. */
  async quarterlyReleaseExists(tx: Tx, periodFrom: string): Promise<boolean> {
    return Boolean(await firstRow(tx, `SELECT 1 FROM statistics.release WHERE kind = 'QUARTERLY' AND period_from = $1::date`, [periodFrom]));
  }

  /** Published releases, the latest first, after the (made at, id) of the last one read. */
  async releases(tx: Tx, limit: number, after: { madeAt: Date; id: string } | null): Promise<ReleaseRow[]> {
    return rows<ReleaseRow>(
      tx,
      `SELECT ${RELEASE_COLUMNS} FROM statistics.release
        WHERE ($2::timestamptz IS NULL OR (made_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY made_at DESC, id DESC LIMIT $1`,
      [limit, after?.madeAt ?? null, after?.id ?? null],
    );
  }

  async release(tx: Tx, id: string): Promise<ReleaseRow | undefined> {
    return firstRow<ReleaseRow>(tx, `SELECT ${RELEASE_COLUMNS} FROM statistics.release WHERE id = $1`, [id]);
  }
}

const RELEASE_COLUMNS = `id, kind, to_char(period_from, 'YYYY-MM') AS "periodFrom", to_char(period_to, 'YYYY-MM') AS "periodTo", made_at AS "madeAt", made_by AS "madeBy", min_cell AS "minCell", body`;

/** A quarter's protected lattice as stored: when it was built, and with what minimum cell. */
export interface StoredLattice {
  quarter: string;
  minCell: number;
  builtAt: Date;
  /** Frozen by a release of its quarter: never built again. */
  frozen?: boolean;
  body: LatticeBody;
}

export type ReleaseKind = 'QUARTERLY' | 'MANUAL' | 'MONTHLY';

export interface NewRelease {
  kind: ReleaseKind;
  /** First day of the first month, and of the last month. */
  periodFrom: string;
  periodTo: string;
  madeAt: Date;
  madeBy: string | null;
  minCell: number;
  body: unknown;
}

/** A release as stored: what was published, with its id. */
export interface ReleaseRow extends NewRelease {
  id: string;
}
