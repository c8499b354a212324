import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { PiiCipher } from '@tandem/crypto';
import { AppConfig } from '@tandem/platform';
import { Pool, QueryConfig } from 'pg';
import { Redis } from 'ioredis';
import { baselineStatistics } from './statistics-bench';
import { TipBaseline } from './tip-bench';

/**
 * The baseline of every read scenario, and of an anonymous tip: a bare Node `http` server that
 * answers the same question as Tandem, for the same viewer, with hand-written SQL through `pg` (and
 * Redis for a tip's proof and rate count) and nothing else. It keeps
 * the product's obligations, because an answer without them would not be the same answer:
 * - the bearer token is verified and the session and account re-checked on every request (in SQL);
 * - visibility follows docs/access-policy.md for the viewer's role (written here by hand, not from CASL);
 * - every read writes its audit event in the same statement, before the answer leaves;
 * - the child is decrypted only when the viewer holds the scope.
 * What it leaves out is everything a framework adds: GraphQL parsing and validation, resolvers,
 * DataLoaders, per-request transactions, the hash chain of the audit trail.
 */

const CONSENTED = ['IDENTITY', 'LOCATION', 'SERVICES'];
/** CAPACITY_STALE_HOURS as the API runs in the benchmark (its default). */
const STALE_HOURS = 12;
/** The directory search's geometry, as the API's (libs/directory): the earth's mean radius, km per degree of latitude, a box margin in degrees. */
const EARTH_KM = 6371.0088;
const KM_PER_DEGREE = 111.045;
const COARSE_MARGIN = 0.05;

/** A search box's words as a full-text query: each word a prefix, all required (at most 8 words of letters and digits). */
function textQuery(text: string): string {
  return (text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8).map((word) => `${word.slice(0, 60)}:*`).join(' & ');
}

/** A child's age in whole years on today's UTC date. */
function ageOn(dateOfBirth: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
  if (!match) return null;
  const now = new Date();
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const birthdayPassed = now.getUTCMonth() + 1 > month || (now.getUTCMonth() + 1 === month && now.getUTCDate() >= day);
  return now.getUTCFullYear() - year - (birthdayPassed ? 0 : 1);
}
const LEAD = ['SUMMARY', 'IDENTITY', 'LOCATION', 'SERVICES', 'INVESTIGATION'];
const BREAK_GLASS = ['SUMMARY', 'IDENTITY', 'LOCATION'];

interface Claims {
  sub: string;
  sid: string;
}

interface KnownViewer {
  role: string;
  agencyId: string;
  agencyType: string;
}

function verifyToken(token: string, secret: string): Claims | null {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return null;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: string; sid?: string; exp?: number; iss?: string; aud?: string };
  if (!claims.sub || !claims.sid || claims.iss !== 'tandem' || claims.aud !== 'tandem-api' || !claims.exp || claims.exp * 1000 < Date.now()) return null;
  return { sub: claims.sub, sid: claims.sid };
}

/** The viewer still exists, is active, in an active agency, with an open session: the first CTE of every statement. */
const VIEWER = `v AS (
  SELECT u.id AS user_id FROM app_user u
    JOIN auth_session s ON s.id = $2 AND s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > now()
    JOIN agency a ON a.id = u.agency_id AND a.active
   WHERE u.id = $1 AND u.active AND u.agency_id = $3 AND u.role = $4)`;

function sign(secret: string, value: unknown): string {
  const body = Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url').slice(0, 22)}`;
}

function unsign(secret: string, cursor: string): [string, string] | null {
  const [body, signature] = cursor.split('.');
  if (!body || signature !== createHmac('sha256', secret).update(body).digest('base64url').slice(0, 22)) return null;
  return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as [string, string];
}

export class Baseline {
  private readonly viewers = new Map<string, KnownViewer>();

  constructor(
    private readonly pool: Pool,
    private readonly secret: string,
    private readonly cipher: PiiCipher,
    private readonly tips: TipBaseline,
  ) {}

  private async viewer(claims: Claims): Promise<KnownViewer | null> {
    let known = this.viewers.get(claims.sub);
    if (!known) {
      const { rows } = await this.pool.query(`SELECT u.role, u.agency_id AS "agencyId", a.type AS "agencyType" FROM app_user u JOIN agency a ON a.id = u.agency_id WHERE u.id = $1`, [claims.sub]);
      if (!rows[0]) return null;
      known = rows[0] as KnownViewer;
      this.viewers.set(claims.sub, known);
    }
    return known;
  }

  /** `GET /cases?first=&after=&key=&statuses=&risks=`: the viewer's cases, newest first, keyset-paged. */
  async cases(claims: Claims, viewer: KnownViewer, query: URLSearchParams): Promise<unknown> {
    const first = Number(query.get('first') ?? 50);
    const after = query.get('after') ? unsign(this.secret, query.get('after')!) : query.get('key') ? (query.get('key')!.split(',') as [string, string]) : null;
    const statuses = query.get('statuses')?.split(',') ?? null;
    const risks = query.get('risks')?.split(',') ?? null;
    const values: unknown[] = [claims.sub, claims.sid, viewer.agencyId, viewer.role];
    const param = (value: unknown, cast: string) => `$${values.push(value)}::${cast}`;
    const where: string[] = ['EXISTS (SELECT 1 FROM v)'];
    const agency = param(viewer.agencyId, 'uuid');
    const user = param(claims.sub, 'uuid');
    // Pending referrals and handoffs to the agency, and the user's unexpired break-glass grants.
    const inboxAndGrants = `SELECT r.case_id FROM referral r WHERE r.to_agency_id = ${agency} AND r.status = 'REQUESTED'
      UNION ALL SELECT h.case_id FROM handoff h WHERE h.to_agency_id = ${agency} AND h.status = 'REQUESTED'
      UNION ALL SELECT g.case_id FROM access_grant g WHERE g.user_id = ${user} AND g.agency_id = ${agency} AND g.revoked_at IS NULL AND g.expires_at > now()`;
    if (viewer.role === 'SUPERVISOR') {
      where.push(`(EXISTS (SELECT 1 FROM membership m WHERE m.case_id = c.id AND m.agency_id = ${agency} AND m.active) OR c.id IN (${inboxAndGrants}))`);
    } else {
      where.push(`c.id IN (SELECT a.case_id FROM assignment a WHERE a.user_id = ${user} AND a.agency_id = ${agency} AND a.active
                            AND EXISTS (SELECT 1 FROM membership m WHERE m.case_id = a.case_id AND m.agency_id = ${agency} AND m.active)
                           UNION ALL ${inboxAndGrants})`);
    }
    if (statuses) where.push(`c.status = ANY(${param(statuses, 'text[]')})`);
    if (risks) where.push(`c.risk_level = ANY(${param(risks, 'text[]')})`);
    if (after) where.push(`(c.opened_at, c.id) < (${param(after[0], 'timestamptz')}, ${param(after[1], 'uuid')})`);
    const limit = param(first + 1, 'int');
    const shown = param(first, 'int');
    const text = `WITH ${VIEWER},
      page AS (SELECT c.id, c.case_number, c.status, c.risk_level, c.flags, c.opened_at, c.lead_agency_id FROM case_file c
                WHERE ${where.join(' AND ')} ORDER BY c.opened_at DESC, c.id DESC LIMIT ${limit}),
      logged AS (INSERT INTO audit_event (actor_type, actor_user_id, actor_agency_id, action, outcome, details)
                 SELECT 'USER', v.user_id, ${agency}, 'CASE_LIST', 'ALLOWED', jsonb_build_object('caseIds', coalesce((SELECT jsonb_agg(p.id) FROM (SELECT id FROM page LIMIT ${shown}) p), '[]'::jsonb)) FROM v)
      SELECT ok.ok, p.id, p.case_number, p.status, p.risk_level, p.flags, p.opened_at, p.lead_agency_id, ag.name AS lead_agency_name
        FROM (SELECT EXISTS (SELECT 1 FROM v) AS ok) ok
        LEFT JOIN (page p JOIN agency ag ON ag.id = p.lead_agency_id) ON true
       ORDER BY p.opened_at DESC, p.id DESC`;
    const { rows } = await this.pool.query(named(text, values));
    if (!rows[0]?.ok) return null;
    const found = rows.filter((row) => row.id);
    const page = found.slice(0, first);
    return {
      data: {
        cases: {
          edges: page.map((row) => ({
            cursor: sign(this.secret, [row.opened_at.toISOString(), row.id]),
            node: {
              id: row.id,
              caseNumber: row.case_number,
              status: row.status,
              riskLevel: row.risk_level,
              flags: row.flags,
              openedAt: row.opened_at.toISOString(),
              leadAgency: { id: row.lead_agency_id, name: row.lead_agency_name },
            },
          })),
          pageInfo: { hasNextPage: found.length > first, endCursor: page.length ? sign(this.secret, [page.at(-1)!.opened_at.toISOString(), page.at(-1)!.id]) : null },
        },
      },
    };
  }

  /** Whether the viewer is still who the token says, and what decides their scopes on a case (null when they are not). */
  private async caseFacts(claims: Claims, viewer: KnownViewer, caseId: string): Promise<(Facts & { ok: boolean; record: Facts['record'] & Record<string, unknown> }) | null> {
    const facts = await this.pool.query(
      named(
        `WITH ${VIEWER}
         SELECT EXISTS (SELECT 1 FROM v) AS ok,
                (SELECT row_to_json(x) FROM (SELECT id, case_number, status, risk_level, flags, version, opened_at, lead_agency_id, jurisdiction_id FROM case_file WHERE id = $5) x) AS record,
                (SELECT json_agg(m) FROM (SELECT agency_id, role, scopes, consent_scopes, active FROM membership WHERE case_id = $5) m) AS memberships,
                (SELECT json_agg(a) FROM (SELECT user_id, agency_id, active FROM assignment WHERE case_id = $5) a) AS assignments,
                (SELECT json_agg(k) FROM (SELECT scopes, agency_ids, agency_types, effective_at, expires_at, revoked_at FROM consent WHERE case_id = $5) k) AS consents,
                (SELECT json_agg(i) FROM (SELECT agency_id, scopes, consent_required FROM case_inbox WHERE case_id = $5) i) AS inbox,
                (SELECT json_agg(g) FROM (SELECT user_id, agency_id, expires_at, revoked_at FROM access_grant WHERE case_id = $5) g) AS grants`,
        [claims.sub, claims.sid, viewer.agencyId, viewer.role, caseId],
      ),
    );
    return facts.rows[0]?.ok ? facts.rows[0] : null;
  }

  /** `GET /case/:id`: one case with its child, memberships, first notes, referrals and first timeline entries. */
  async case(claims: Claims, viewer: KnownViewer, caseId: string, query: URLSearchParams): Promise<unknown> {
    const noteCount = Number(query.get('notes') ?? 20);
    const timelineCount = Number(query.get('timeline') ?? 20);
    const row = await this.caseFacts(claims, viewer, caseId);
    if (!row) return null;
    const scopes = row.record ? scopesOf(claims.sub, viewer, row) : [];
    if (scopes.length === 0) {
      await this.pool.query(
        `INSERT INTO audit_event (actor_type, actor_user_id, actor_agency_id, action, outcome, case_id, subject_type, subject_id, reason, details)
         VALUES ('USER', $1, $2, 'ACCESS_DENIED', 'DENIED', $3, 'Case', $3, 'case not visible', '{"attempted":"CASE_VIEW"}')`,
        [claims.sub, viewer.agencyId, caseId],
      );
      return { errors: [{ message: 'Case not found', extensions: { code: 'NOT_FOUND' } }], data: null };
    }
    const categories = [...(scopes.includes('SERVICES') ? ['GENERAL'] : []), ...(scopes.includes('INVESTIGATION') ? ['INVESTIGATION'] : [])];
    const timelineScopes = [...scopes, 'CLINICAL'];
    const { rows } = await this.pool.query(
      named(
        `WITH notes AS (SELECT n.id, n.category, n.body_sealed, n.created_at, u.display_name FROM note n JOIN app_user u ON u.id = n.author_id
                         WHERE n.case_id = $1 AND (n.category = ANY($2::text[]) OR (n.category = 'CLINICAL' AND n.agency_id = $3))
                         ORDER BY n.created_at DESC, n.id DESC LIMIT $4),
              timeline AS (SELECT id, kind, occurred_at FROM case_event WHERE case_id = $1 AND scope = ANY($5::text[]) AND (only_agency_id IS NULL OR only_agency_id = $3)
                         ORDER BY occurred_at, id LIMIT $6),
              logged AS (INSERT INTO audit_event (actor_type, actor_user_id, actor_agency_id, action, outcome, case_id, subject_type, subject_id, scopes, details)
                         SELECT 'USER', $7::uuid, $3::uuid, action, 'ALLOWED', $1::uuid, subject_type, subject_id, scopes, details FROM (
                           VALUES ('CASE_VIEW', 'Case', $1::text, $8::text[], '{}'::jsonb),
                                  ('NOTE_VIEW', 'Note', NULL, '{}', jsonb_build_object('noteIds', (SELECT coalesce(jsonb_agg(x.id), '[]') FROM (SELECT id FROM notes LIMIT $9) x))),
                                  ('TIMELINE_VIEW', 'Case', $1::text, $8::text[], jsonb_build_object('entries', (SELECT count(*) FROM (SELECT 1 FROM timeline LIMIT $10) t)))
                         ) AS e(action, subject_type, subject_id, scopes, details))
         SELECT (SELECT row_to_json(ch) FROM (SELECT identity_sealed, location_sealed FROM child WHERE case_id = $1) ch) AS child,
                (SELECT json_agg(n ORDER BY n.created_at DESC, n.id DESC) FROM notes n) AS notes,
                (SELECT json_agg(t ORDER BY t.occurred_at, t.id) FROM timeline t) AS timeline,
                (SELECT json_agg(r ORDER BY r.created_at, r.id) FROM (SELECT r.id, r.status, r.service_type, r.urgency, r.created_at, a.name AS to_agency
                   FROM referral r JOIN agency a ON a.id = r.to_agency_id WHERE r.case_id = $1) r) AS referrals,
                (SELECT json_agg(m ORDER BY m.role, m.created_at) FROM (SELECT m.role, m.scopes, m.granted_via, m.active, m.created_at, a.id, a.name
                   FROM membership m JOIN agency a ON a.id = m.agency_id WHERE m.case_id = $1 AND m.active) m) AS memberships,
                (SELECT name FROM agency WHERE id = $11) AS lead_name`,
        [caseId, categories, viewer.agencyId, noteCount + 1, timelineScopes, timelineCount + 1, claims.sub, scopes, noteCount, timelineCount, row.record.lead_agency_id],
      ),
    );
    const doc = rows[0];
    const identity = scopes.includes('IDENTITY') && doc.child ? this.cipher.decryptJson<Record<string, unknown>>(doc.child.identity_sealed, `child:${caseId}:identity`) : null;
    const location = scopes.includes('LOCATION') && doc.child?.location_sealed ? this.cipher.decryptJson<Record<string, unknown>>(doc.child.location_sealed, `child:${caseId}:location`) : null;
    const notes = (doc.notes ?? []) as { id: string; category: string; body_sealed: string; created_at: string; display_name: string }[];
    const timeline = (doc.timeline ?? []) as { kind: string; occurred_at: string }[];
    return {
      data: {
        case: {
          id: caseId,
          caseNumber: row.record.case_number,
          status: row.record.status,
          riskLevel: row.record.risk_level,
          flags: row.record.flags,
          openedAt: row.record.opened_at,
          viewerScopes: scopes,
          leadAgency: { name: doc.lead_name },
          child: {
            legalName: identity?.legalName ?? null,
            aliases: identity?.aliases ?? null,
            dateOfBirth: identity?.dateOfBirth ?? null,
            sex: identity?.sex ?? null,
            identifyingMarks: identity?.identifyingMarks ?? null,
            placement: location?.placement ?? null,
            guardianContacts: location ? (location.guardianContacts ?? []) : null,
          },
          memberships: ((doc.memberships ?? []) as { id: string; name: string; role: string; scopes: string[]; granted_via: string; active: boolean }[]).map((m) => ({
            agency: { id: m.id, name: m.name },
            role: m.role,
            scopes: m.scopes,
            grantedVia: m.granted_via,
            active: m.active,
          })),
          notes: {
            edges: notes.slice(0, noteCount).map((n) => ({ node: { id: n.id, category: n.category, body: this.cipher.decrypt(n.body_sealed, `note:${n.id}:body`), createdAt: n.created_at, author: { displayName: n.display_name } } })),
            pageInfo: { hasNextPage: notes.length > noteCount, endCursor: notes.length ? sign(this.secret, [notes[Math.min(noteCount, notes.length) - 1]!.created_at, notes[Math.min(noteCount, notes.length) - 1]!.id]) : null },
          },
          referrals: ((doc.referrals ?? []) as { id: string; status: string; service_type: string; urgency: string; created_at: string; to_agency: string }[]).map((r) => ({
            id: r.id,
            status: r.status,
            serviceType: r.service_type,
            urgency: r.urgency,
            createdAt: r.created_at,
            toAgency: { name: r.to_agency },
          })),
          timeline: { edges: timeline.slice(0, timelineCount).map((t) => ({ node: { kind: t.kind, occurredAt: t.occurred_at } })) },
        },
      },
    };
  }

  /** `GET /audit?from=&to=&first=`: a supervisor's audit events (their agency's, and others' on the cases it leads), newest first. */
  async audit(claims: Claims, viewer: KnownViewer, query: URLSearchParams): Promise<unknown> {
    if (viewer.role !== 'SUPERVISOR') return null;
    const first = Number(query.get('first') ?? 50);
    const { rows } = await this.pool.query(
      named(
        `WITH ${VIEWER},
              own AS (SELECT e.id, e.occurred_at, e.action, e.outcome, e.case_id, e.subject_type, e.scopes, e.actor_user_id, e.actor_agency_id FROM audit_event e
                       WHERE e.actor_agency_id = $3 AND e.occurred_at >= $5 AND e.occurred_at <= $6 ORDER BY e.occurred_at DESC, e.id DESC LIMIT $7),
              led AS (SELECT e.id, e.occurred_at, e.action, e.outcome, e.case_id, e.subject_type, e.scopes, e.actor_user_id, e.actor_agency_id FROM audit_event e
                       WHERE e.case_id IN (SELECT c.id FROM case_file c WHERE c.lead_agency_id = $3) AND e.actor_agency_id IS DISTINCT FROM $3
                         AND e.occurred_at >= $5 AND e.occurred_at <= $6 ORDER BY e.occurred_at DESC, e.id DESC LIMIT $7),
              page AS (SELECT * FROM (SELECT * FROM own UNION ALL SELECT * FROM led) u WHERE EXISTS (SELECT 1 FROM v) ORDER BY occurred_at DESC, id DESC LIMIT $7),
              logged AS (INSERT INTO audit_event (actor_type, actor_user_id, actor_agency_id, action, outcome, details)
                         SELECT 'USER', v.user_id, $3, 'AUDIT_VIEW', 'ALLOWED', jsonb_build_object('view', 'auditEvents', 'returned', (SELECT least(count(*), $8) FROM page)) FROM v)
         SELECT ok.ok, p.*, u.display_name, a.name AS agency_name
           FROM (SELECT EXISTS (SELECT 1 FROM v) AS ok) ok
           LEFT JOIN (page p LEFT JOIN app_user u ON u.id = p.actor_user_id LEFT JOIN agency a ON a.id = p.actor_agency_id) ON true
          ORDER BY p.occurred_at DESC, p.id DESC`,
        [claims.sub, claims.sid, viewer.agencyId, viewer.role, new Date(query.get('from')!), new Date(query.get('to')!), first + 1, first],
      ),
    );
    if (!rows[0]?.ok) return null;
    const found = rows.filter((row) => row.id);
    const page = found.slice(0, first);
    return {
      data: {
        auditEvents: {
          edges: page.map((row) => ({
            cursor: sign(this.secret, [row.occurred_at.toISOString(), row.id]),
            node: {
              id: row.id,
              occurredAt: row.occurred_at.toISOString(),
              action: row.action,
              outcome: row.outcome,
              caseId: row.case_id,
              subjectType: row.subject_type,
              scopes: row.scopes,
              actorUser: row.actor_user_id ? { displayName: row.display_name } : null,
              actorAgency: row.actor_agency_id ? { name: row.agency_name } : null,
            },
          })),
          pageInfo: { hasNextPage: found.length > first },
        },
      },
    };
  }

  /**
   * `GET /resources?type=&lat=&lng=&km=&capacity=&open=&text=&first=`: the directory's active sites for a
   * signed-in viewer, nearest first within `km` of a point (else by the service's name), with the
   * service, the location and the capacity figures. A confidential site the viewer may not locate
   * (not their agency's, never referred to by it) is placed by its coordinates rounded to 0.1 degree
   * and gets no distance. The directory is not case data: no audit event.
   */
  async resources(claims: Claims, viewer: KnownViewer, query: URLSearchParams): Promise<unknown> {
    const first = Number(query.get('first') ?? 20);
    const values: unknown[] = [claims.sub, claims.sid, viewer.agencyId, viewer.role];
    const param = (value: unknown, cast: string) => `$${values.push(value)}::${cast}`;
    const where = [`s.status = 'active'`];
    if (query.get('type')) where.push(`s.service_type = ${param(query.get('type'), 'text')}`);
    if (query.get('text')) where.push(`s.search @@ to_tsquery('simple', ${param(textQuery(query.get('text')!), 'text')})`);
    if (query.get('capacity') === '1') {
      where.push(`EXISTS (SELECT 1 FROM directory.service_capacity c WHERE (c.service_at_location_id = sal.id OR (c.service_at_location_id IS NULL AND c.service_id = s.id)) AND c.available > 0)`);
    }
    if (query.get('open') === '1') where.push(`directory.site_open_at(sal.id, s.id, l.id, now())`);
    let distance = 'NULL::float8';
    let sortKey = 's.name';
    if (query.get('lat')) {
      const [lat, lng, km] = [Number(query.get('lat')), Number(query.get('lng')), Number(query.get('km'))];
      const latMargin = km / KM_PER_DEGREE + COARSE_MARGIN;
      const lngMargin = km / (KM_PER_DEGREE * Math.cos((Math.min(89, Math.abs(lat) + latMargin) * Math.PI) / 180)) + COARSE_MARGIN;
      where.push(`l.latitude BETWEEN ${param(lat - latMargin, 'numeric')} AND ${param(lat + latMargin, 'numeric')}`);
      where.push(`l.longitude BETWEEN ${param(lng - lngMargin, 'numeric')} AND ${param(lng + lngMargin, 'numeric')}`);
      const [pLat, pLng] = [param(lat, 'float8'), param(lng, 'float8')];
      distance = `2 * ${EARTH_KM} * asin(sqrt(power(sin(radians(p.lat - ${pLat}) / 2), 2) + cos(radians(${pLat})) * cos(radians(p.lat)) * power(sin(radians(p.lng - ${pLng}) / 2), 2)))`;
      where.push(`d.km <= ${param(km, 'float8')}`);
      sortKey = 'd.km';
    }
    const limit = param(first + 1, 'int');
    const text = `WITH ${VIEWER},
      hits AS (
        SELECT sal.id, s.id AS service_id, s.name AS service_name, l.id AS location_id, l.name AS location_name,
               CASE WHEN k.knows THEN d.km END AS distance_km, ${sortKey} AS sort_key, directory.site_open_at(sal.id, s.id, l.id, now()) AS open_now
          FROM directory.service_at_location sal
          JOIN directory.service s ON s.id = sal.service_id
          JOIN directory.location l ON l.id = sal.location_id
          CROSS JOIN LATERAL (SELECT NOT l.confidential
                 OR EXISTS (SELECT 1 FROM directory.organization o WHERE o.id IN (l.organization_id, s.organization_id) AND o.agency_id = $3)
                 OR EXISTS (SELECT 1 FROM directory.bed_hold h JOIN directory.service_at_location hs ON hs.id = h.service_at_location_id
                             WHERE hs.location_id = l.id AND h.referring_agency_id = $3) AS knows OFFSET 0) k
          CROSS JOIN LATERAL (SELECT CASE WHEN k.knows THEN l.latitude ELSE round(l.latitude, 1) END::float8 AS lat,
                                     CASE WHEN k.knows THEN l.longitude ELSE round(l.longitude, 1) END::float8 AS lng) p
          CROSS JOIN LATERAL (SELECT ${distance} AS km) d
         WHERE EXISTS (SELECT 1 FROM v) AND ${where.join(' AND ')}
         ORDER BY ${sortKey}, sal.id LIMIT ${limit})
      SELECT ok.ok, h.*,
             (SELECT json_agg(json_build_object('available', c.available::float8, 'maximum', c.maximum::float8, 'unit', u.name, 'updated', c.updated) ORDER BY u.name, c.id)
                FROM directory.service_capacity c JOIN directory.unit u ON u.id = c.unit_id
               WHERE c.service_at_location_id = h.id OR (c.service_at_location_id IS NULL AND c.service_id = h.service_id)) AS capacity
        FROM (SELECT EXISTS (SELECT 1 FROM v) AS ok) ok LEFT JOIN hits h ON true
       ORDER BY h.sort_key, h.id`;
    const { rows } = await this.pool.query(named(text, values));
    if (!rows[0]?.ok) return null;
    const found = rows.filter((row) => row.id);
    const page = found.slice(0, first);
    const staleBefore = Date.now() - STALE_HOURS * 3_600_000;
    return {
      data: {
        resources: {
          edges: page.map((row) => ({
            cursor: sign(this.secret, [row.sort_key, row.id]),
            node: {
              id: row.id,
              distanceKm: row.distance_km,
              openNow: row.open_now,
              service: { id: row.service_id, name: row.service_name },
              location: { name: row.location_name },
              capacity: ((row.capacity ?? []) as { available: number; maximum: number | null; unit: string; updated: string }[]).map((c) => ({
                available: c.available,
                maximum: c.maximum,
                unit: c.unit,
                stale: Date.parse(c.updated) < staleBefore,
              })),
            },
          })),
          pageInfo: { hasNextPage: found.length > first, endCursor: page.length ? sign(this.secret, [page.at(-1)!.sort_key, page.at(-1)!.id]) : null },
        },
      },
    };
  }

  /**
   * `GET /suggest?case=&type=&first=`: the directory's active sites of a service type ranked for the
   * case's child, for a viewer who may refer on the case (the lead's, or a partner's holding SERVICES,
   * not through a break-glass grant, the case not closed): gates (accepting referrals, age and sex from
   * the child's identity when the viewer holds IDENTITY, a bed), then weights (fresh figure 4, open
   * now 3, same jurisdiction 2, within 50 km of the jurisdiction's sites 1), then distance; the read
   * audited in the same statement.
   */
  async suggest(claims: Claims, viewer: KnownViewer, query: URLSearchParams): Promise<unknown> {
    const caseId = query.get('case')!;
    const first = Number(query.get('first') ?? 10);
    const facts = await this.caseFacts(claims, viewer, caseId);
    if (!facts) return null;
    const scopes = facts.record ? scopesOf(claims.sub, viewer, { ...facts, grants: [] }) : [];
    const lead = (facts.memberships ?? []).some((m) => m.active && m.agency_id === viewer.agencyId && m.role === 'LEAD');
    if (!scopes.length || facts.record.status === 'CLOSED' || !(lead || scopes.includes('SERVICES'))) {
      return { errors: [{ message: 'Case not found', extensions: { code: 'NOT_FOUND' } }], data: null };
    }
    let age: number | null = null;
    let sex: string | null = null;
    if (scopes.includes('IDENTITY')) {
      const { rows } = await this.pool.query(named(`SELECT identity_sealed FROM child WHERE case_id = $1`, [caseId]));
      const identity = rows[0] ? this.cipher.decryptJson<{ dateOfBirth?: string; sex?: string | null }>(rows[0].identity_sealed, `child:${caseId}:identity`) : null;
      if (identity?.dateOfBirth) age = ageOn(identity.dateOfBirth);
      const given = identity?.sex?.trim().toUpperCase();
      sex = given === 'F' || given === 'FEMALE' || given === 'GIRL' ? 'FEMALE' : given === 'M' || given === 'MALE' || given === 'BOY' ? 'MALE' : null;
    }
    const { rows } = await this.pool.query(
      named(
        `WITH origin AS (SELECT avg(latitude)::float8 AS lat, avg(longitude)::float8 AS lng FROM directory.location
                          WHERE jurisdiction_id = $2 AND latitude IS NOT NULL AND longitude IS NOT NULL),
              sites AS (
                SELECT sal.id, s.name AS service_name, o.name AS organization_name, l.name AS location_name,
                       (SELECT a.city FROM directory.address a WHERE a.location_id = l.id ORDER BY (a.address_type = 'physical') DESC NULLS LAST, a.id LIMIT 1) AS city,
                       coalesce(l.jurisdiction_id, s.jurisdiction_id) AS jurisdiction_id, l.latitude::float8 AS lat, l.longitude::float8 AS lng,
                       s.accepting_referrals, s.minimum_age::float8 AS minimum_age, s.maximum_age::float8 AS maximum_age, s.population_sex, s.minors_only,
                       c.available::float8 AS available, c.maximum::float8 AS maximum, c.updated,
                       directory.site_open_at(sal.id, s.id, l.id, now()) AS open_now,
                       l.confidential AND o.agency_id IS DISTINCT FROM $3
                         AND NOT EXISTS (SELECT 1 FROM directory.bed_hold h WHERE h.service_at_location_id = sal.id AND h.referring_agency_id = $3) AS hidden
                  FROM directory.service_at_location sal
                  JOIN directory.service s ON s.id = sal.service_id
                  JOIN directory.location l ON l.id = sal.location_id
                  JOIN directory.organization o ON o.id = s.organization_id
                  LEFT JOIN LATERAL (SELECT c.available, c.maximum, c.updated FROM directory.service_capacity c WHERE c.service_at_location_id = sal.id
                                      ORDER BY (SELECT lower(u.name) IN ('bed', 'beds') OR u.id = 'bed' FROM directory.unit u WHERE u.id = c.unit_id) DESC NULLS LAST, c.id LIMIT 1) c ON true
                 CROSS JOIN origin
                 WHERE s.service_type = $1 AND s.status = 'active'
                 ORDER BY coalesce(l.jurisdiction_id, s.jurisdiction_id) = $2 DESC NULLS LAST,
                          power(l.latitude::float8 - origin.lat, 2) + power((l.longitude::float8 - origin.lng) * cos(radians(origin.lat)), 2) NULLS LAST, sal.id
                 LIMIT 2000),
              measured AS (
                SELECT sites.*, CASE WHEN exact IS NULL THEN NULL WHEN hidden THEN ceil(exact / 25) * 25 ELSE round((exact * 10)::numeric)::float8 / 10 END AS distance_km
                  FROM sites CROSS JOIN origin
                  CROSS JOIN LATERAL (SELECT CASE WHEN sites.lat IS NULL OR origin.lat IS NULL THEN NULL ELSE 2 * 6371 * asin(least(1, sqrt(
                         power(sin(radians(sites.lat - origin.lat) / 2), 2) + cos(radians(origin.lat)) * cos(radians(sites.lat)) * power(sin(radians(sites.lng - origin.lng) / 2), 2)))) END AS exact) e),
              judged AS (
                SELECT measured.*,
                       CASE WHEN accepting_referrals THEN 'MET' ELSE 'UNMET' END AS accepting,
                       CASE WHEN $4::float8 IS NULL THEN 'UNKNOWN'
                            WHEN (minimum_age IS NOT NULL AND $4 < minimum_age) OR (maximum_age IS NOT NULL AND $4 > maximum_age) OR (minors_only AND $4 >= 18) THEN 'UNMET' ELSE 'MET' END AS age,
                       CASE WHEN population_sex IS NULL OR population_sex = 'ANY' THEN 'MET' WHEN $5::text IS NULL THEN 'UNKNOWN' WHEN population_sex = $5 THEN 'MET' ELSE 'UNMET' END AS sex,
                       CASE WHEN available IS NULL OR updated IS NULL THEN 'UNKNOWN' WHEN available > 0 THEN 'MET' ELSE 'UNMET' END AS bed,
                       CASE WHEN available IS NULL OR updated IS NULL THEN 'UNKNOWN' WHEN updated >= now() - make_interval(hours => $6) THEN 'MET' ELSE 'UNMET' END AS fresh,
                       CASE WHEN open_now THEN 'MET' ELSE 'UNMET' END AS open,
                       CASE WHEN jurisdiction_id IS NULL THEN 'UNKNOWN' WHEN jurisdiction_id = $2 THEN 'MET' ELSE 'UNMET' END AS same_jurisdiction,
                       CASE WHEN distance_km IS NULL THEN 'UNKNOWN' WHEN distance_km <= 50 THEN 'MET' ELSE 'UNMET' END AS nearby
                  FROM measured),
              ranked AS (
                SELECT judged.*,
                       (accepting = 'UNMET')::int + (age = 'UNMET')::int + (sex = 'UNMET')::int + (bed = 'UNMET')::int AS gates_failed,
                       4 * (fresh = 'MET')::int + 3 * (open = 'MET')::int + 2 * (same_jurisdiction = 'MET')::int + (nearby = 'MET')::int AS score
                  FROM judged ORDER BY gates_failed, score DESC, distance_km NULLS LAST, id COLLATE "C" LIMIT $7),
              logged AS (INSERT INTO audit_event (actor_type, actor_user_id, actor_agency_id, action, outcome, case_id, subject_type, subject_id, scopes, details)
                         SELECT 'USER', $8::uuid, $3::uuid, 'PROVIDER_SUGGEST', 'ALLOWED', $9::uuid, 'Case', $9::text, $10::text[],
                                jsonb_build_object('serviceType', $1::text, 'serviceAtLocationIds', (SELECT coalesce(jsonb_agg(id ORDER BY gates_failed, score DESC, distance_km NULLS LAST, id COLLATE "C"), '[]') FROM ranked)))
         SELECT * FROM ranked ORDER BY gates_failed, score DESC, distance_km NULLS LAST, id COLLATE "C"`,
        [query.get('type'), facts.record.jurisdiction_id, viewer.agencyId, age, sex, STALE_HOURS, first, claims.sub, caseId, scopes],
      ),
    );
    const staleBefore = Date.now() - STALE_HOURS * 3_600_000;
    return {
      data: {
        suggestProviders: rows.map((row, index) => ({
          rank: index + 1,
          serviceAtLocationId: row.id,
          serviceName: row.service_name,
          organizationName: row.organization_name,
          locationName: row.hidden ? null : row.location_name,
          city: row.city,
          distanceKm: row.hidden ? null : row.distance_km,
          available: row.available,
          maximum: row.maximum,
          stale: row.updated ? row.updated.getTime() < staleBefore : null,
          eligible: row.gates_failed === 0,
          score: row.score,
          reasons: (
            [
              ['ACCEPTING_REFERRALS', row.accepting],
              ['AGE', row.age],
              ['SEX', row.sex],
              ['BED_AVAILABLE', row.bed],
              ['CAPACITY_FRESH', row.fresh],
              ['OPEN_NOW', row.open],
              ['SAME_JURISDICTION', row.same_jurisdiction],
              ['NEARBY', row.nearby],
            ] as const
          ).map(([criterion, outcome]) => ({ criterion, outcome })),
        })),
      },
    };
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://baseline');
    if (url.pathname === '/health') return send(response, 200, { ok: true });
    // A tip comes without an account.
    if (url.pathname === '/tip' && request.method === 'POST') return send(response, 200, await this.tips.submit(JSON.parse(await bodyOf(request)), request.socket.remoteAddress ?? 'unknown'));
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const claims = token ? verifyToken(token, this.secret) : null;
    const viewer = claims ? await this.viewer(claims) : null;
    if (!claims || !viewer) return send(response, 401, { errors: [{ message: 'sign in', extensions: { code: 'UNAUTHENTICATED' } }] });
    let body: unknown = null;
    if (url.pathname === '/cases') body = await this.cases(claims, viewer, url.searchParams);
    else if (url.pathname.startsWith('/case/')) body = await this.case(claims, viewer, url.pathname.slice('/case/'.length), url.searchParams);
    else if (url.pathname === '/audit') body = await this.audit(claims, viewer, url.searchParams);
    else if (url.pathname === '/statistics') body = await baselineStatistics(this.pool, url.searchParams);
    else if (url.pathname === '/resources') body = await this.resources(claims, viewer, url.searchParams);
    else if (url.pathname === '/suggest') body = await this.suggest(claims, viewer, url.searchParams);
    else return send(response, 404, { errors: [{ message: 'no such route' }] });
    if (body === null) {
      this.viewers.delete(claims.sub);
      return send(response, 401, { errors: [{ message: 'sign in', extensions: { code: 'UNAUTHENTICATED' } }] });
    }
    send(response, 200, body);
  }
}

/** Named statements: parsed and planned once per connection, as a hand-tuned server would. */
function named(text: string, values: unknown[]): QueryConfig {
  return { name: `b${createHmac('sha1', 'x').update(text).digest('hex').slice(0, 16)}`, text, values };
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  response.end(json);
}

interface Facts {
  record: { lead_agency_id: string };
  memberships: { agency_id: string; role: string; scopes: string[]; consent_scopes: string[]; active: boolean }[] | null;
  assignments: { user_id: string; agency_id: string; active: boolean }[] | null;
  consents: { scopes: string[]; agency_ids: string[]; agency_types: string[]; effective_at: string; expires_at: string | null; revoked_at: string | null }[] | null;
  inbox: { agency_id: string; scopes: string[]; consent_required: boolean }[] | null;
  grants: { user_id: string; agency_id: string; expires_at: string; revoked_at: string | null }[] | null;
}

/** docs/access-policy.md's "Who sees a case" and "Which scopes you hold", for one viewer and one case, by hand. */
export function scopesOf(userId: string, viewer: KnownViewer, facts: Facts): string[] {
  const now = Date.now();
  const held = new Set<string>();
  const covered = (scope: string) =>
    (facts.consents ?? []).some(
      (k) =>
        k.scopes.includes(scope) &&
        !k.revoked_at &&
        Date.parse(k.effective_at) <= now &&
        (!k.expires_at || Date.parse(k.expires_at) > now) &&
        (k.agency_ids.includes(viewer.agencyId) || k.agency_types.includes(viewer.agencyType)),
    );
  const member = (facts.memberships ?? []).find((m) => m.active && m.agency_id === viewer.agencyId);
  const assigned = (facts.assignments ?? []).some((a) => a.active && a.user_id === userId && a.agency_id === viewer.agencyId);
  if (member && (viewer.role === 'SUPERVISOR' || assigned)) {
    held.add('SUMMARY');
    if (member.role === 'LEAD') LEAD.forEach((scope) => held.add(scope));
    else {
      for (const scope of CONSENTED) if (member.scopes.includes(scope) && (!member.consent_scopes.includes(scope) || covered(scope))) held.add(scope);
      if (viewer.agencyType === 'LAW_ENFORCEMENT' || viewer.agencyType === 'PROSECUTION') held.add('INVESTIGATION');
    }
  }
  for (const entry of facts.inbox ?? []) {
    if (entry.agency_id !== viewer.agencyId) continue;
    held.add('SUMMARY');
    for (const scope of CONSENTED) if (entry.scopes.includes(scope) && (!entry.consent_required || covered(scope))) held.add(scope);
  }
  for (const grant of facts.grants ?? []) {
    if (grant.user_id === userId && grant.agency_id === viewer.agencyId && !grant.revoked_at && Date.parse(grant.expires_at) > now) BREAK_GLASS.forEach((scope) => held.add(scope));
  }
  return held.has('SUMMARY') ? LEAD.filter((scope) => held.has(scope)) : [];
}

if (require.main === module) {
  const config = AppConfig.fromEnv();
  const role = config.values.DATABASE_ROLE;
  // The same pool size and database role as the API.
  const pool = new Pool({ connectionString: config.values.DATABASE_URL, max: config.values.DATABASE_POOL_SIZE, ...(role ? { options: `-c role=${role}` } : {}) });
  const cipher = new PiiCipher(config);
  const redis = new Redis(config.values.REDIS_URL, { maxRetriesPerRequest: 1 });
  const tips = new TipBaseline(pool, redis, cipher, config.values.TIP_CHALLENGE_KEY, config.values.TIP_CODE_KEY, config.values.QUEUE_PREFIX);
  const baseline = new Baseline(pool, config.values.JWT_SECRET, cipher, tips);
  const server = createServer((request, response) => {
    baseline.handle(request, response).catch((error: Error) => {
      if (!response.headersSent) send(response, 500, { errors: [{ message: error.message }] });
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(Number(process.env.BASELINE_PORT ?? 3901), '127.0.0.1');
  process.on('SIGTERM', () => {
    server.close();
    redis.disconnect();
    void pool.end().then(() => process.exit(0));
  });
}
