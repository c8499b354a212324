import { CONSENTED_SCOPES, LEAD_SCOPES } from '@tandem/authz';
import { NOTE_TEXT } from '@tandem/cases';
import { BlindIndex } from '@tandem/crypto';
import { DeadlineKind, stageTime } from '@tandem/deadlines';
import { PasswordHasher } from '@tandem/identity';
import { AppConfig, runMigrations } from '@tandem/platform';
import { HANDOFF_TEXT, REFERRAL_TEXT } from '@tandem/referrals';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { CopyWriter, isoTime, pgArray, pgBytea } from './pg-copy';
import { Kind, Rng, rngFor, uuidOf } from './prng';
import { seedDirectory } from './seed-directory';
import { BulkSealer } from './sealer';

/** Every seeded user signs in with this password. */
export const BENCH_PASSWORD = 'Bench-Password-2026!';

/** Bumped whenever the data set's shape or keys change, so a kept (`--reuse`) database is not reused stale (5: a resource directory). */
export const SEED_VERSION = 5;

/**
 * The keys of the benchmark's data set. They are not the development defaults, so the API and the
 * baseline can run as they do in production (NODE_ENV=production refuses the defaults), and
 * they protect nothing but generated data.
 */
export const BENCH_SECRETS = {
  JWT_SECRET: 'tandem-benchmark-jwt-secret-generated-data-only',
  PII_ENCRYPTION_KEY: 'bench1:6SDCYCzVNZ51M1qGfUdwziZg3mTymEFpQQnXiLQy6y8=',
  BLIND_INDEX_KEY: 'tandem-benchmark-blind-index-key-generated-data',
  AUDIT_HASH_KEY: 'tandem-benchmark-audit-chain-key-generated-data',
  TIP_CODE_KEY: 'tandem-benchmark-tip-code-key-generated-data-only',
  TIP_CHALLENGE_KEY: 'tandem-benchmark-tip-challenge-key-generated-data',
  BOOTSTRAP_ADMIN_PASSWORD: 'Bench-Admin-Password-2026!',
} as const;

export interface SeedOptions {
  scale: number;
  seed: number;
  log?: (line: string) => void;
}

export interface SeedResult {
  scale: number;
  seed: number;
  seconds: number;
  rows: Record<string, number>;
  totalRows: number;
  rowsPerSecond: number;
  phases: Record<string, number>;
  /** Active assignments per staff member. */
  caseload: { staff: number; min: number; p50: number; mean: number; max: number };
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const YEAR = 365 * DAY;

const JURISDICTIONS = [
  { code: 'STL', name: 'St. Louis County', city: 'St. Louis', weight: 0.3 },
  { code: 'ATL', name: 'Fulton County', city: 'Atlanta', weight: 0.3 },
  { code: 'DET', name: 'Wayne County', city: 'Detroit', weight: 0.2 },
  { code: 'MIA', name: 'Miami-Dade County', city: 'Miami', weight: 0.2 },
];
const TYPES = ['CHILD_WELFARE', 'LAW_ENFORCEMENT', 'SHELTER', 'COUNSELING', 'MEDICAL', 'ADVOCACY', 'PROSECUTION'] as const;
const CW = 0;
const LE = 1;
const SH = 2;
const CO = 3;
const ME = 4;
const PR = 6;
const TYPE_LABELS = ["Children's Division", 'Police Department', 'Youth Shelter', 'Counseling Center', 'Child Advocacy Medical Clinic', 'Victim Advocates', "Prosecuting Attorney's Office"];
const LEAD_WEIGHTS = [0.6, 0.2, 0.04, 0.04, 0.04, 0.04, 0.04];
const PARTNER_WEIGHTS = [0.05, 0.25, 0.15, 0.2, 0.15, 0.12, 0.08];
const PARTNER_COUNT_WEIGHTS = [0.08, 0.22, 0.3, 0.22, 0.18];
const SERVICES: readonly (readonly string[])[] = [
  ['CASE_MANAGEMENT', 'EDUCATION'],
  ['INVESTIGATION', 'FORENSIC_INTERVIEW'],
  ['EMERGENCY_SHELTER', 'HOUSING'],
  ['COUNSELING'],
  ['MEDICAL_EXAM'],
  ['LEGAL_ADVOCACY', 'CASE_MANAGEMENT'],
  ['LEGAL_ADVOCACY', 'FORENSIC_INTERVIEW'],
];
const RESPONSE_HOURS: Record<string, number> = { EMERGENCY: 2, URGENT: 24, ROUTINE: 72 };
/** Staff per 127 at scale 1: 508 staff, 56 supervisors, 28 agency admins, 6 auditors, 2 system admins = 600. */
const STAFF_PER_SCALE = 508;
const AUDITORS = 6;
const SYSTEM_ADMINS = 2;
const PARTNER_STAFFED = 0.8;

const FIRST = ['Maya', 'Jasmine', 'Aaliyah', 'Sofia', 'Destiny', 'Kayla', 'Brianna', 'Ana', 'Leah', 'Nevaeh', 'Imani', 'Gabriela', 'Hannah', 'Zoe', 'Mia', 'Trinity', 'Alexis', 'Diamond', 'Camila', 'Ariana', 'Marcus', 'Jamal', 'Diego', 'Tyler', 'Andre', 'Luis', 'Kevin', 'Malik', 'Jordan', 'Elijah', 'Sam', 'Riley', 'Avery', 'Taylor', 'Quinn', 'Morgan'];
const LAST = ['Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green'];
const STREETS = ['Elm', 'Oak', 'Maple', 'Cedar', 'Pine', 'Walnut', 'Washington', 'Lincoln', 'Jefferson', 'Park', 'Lake', 'Hill', 'Church', 'Market', 'Spring'];
const PLACEMENTS = ['FOSTER_HOME', 'KINSHIP', 'GROUP_HOME', 'SHELTER', 'RESIDENTIAL', 'HOME'];
const MARKS = [null, null, null, 'small scar above left eyebrow', 'tattoo on right wrist', 'birthmark on neck', 'pierced left ear'];
const NOTE_PHRASES = [
  'Met with the youth at the placement.',
  'Youth reports feeling safe this week.',
  'Discussed school attendance and transport.',
  'Guardian was present for part of the visit.',
  'Follow-up scheduled with the partner agency.',
  'Safety plan reviewed and updated.',
  'Youth declined to discuss recent absence.',
  'Coordinated with the school counselor.',
  'Court date confirmed; advocate will attend.',
  'Referral status checked with the receiving agency.',
  'Phone contact with the placement provider.',
  'Youth engaged well and asked about next steps.',
  'Medical appointment attended; results pending.',
  'Interview summary filed with the investigator.',
  'Transportation arranged for the next session.',
];
const USER_AGENTS = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) Safari/605.1', 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1) Mobile/15E148', 'Tandem-Mobile/2.3 (Android 15)'];

// Independent random streams per record, so one pass can re-derive what another wrote.
const S_CORE = 1;
const S_STAFF = 2;
const S_DETAIL = 3;
const S_CHILD = 4;
const S_AUDIT = 5;

interface Partner {
  agency: number;
  type: number;
  consentRequired: boolean;
  emergency: boolean;
  scopes: string[];
  staffed: boolean;
  staff: number;
}

interface CaseCore {
  index: number;
  id: string;
  jur: number;
  leadType: number;
  lead: number;
  opened: number;
  status: 'OPEN' | 'ACTIVE' | 'CLOSED';
  closedAt: number | null;
  primary: number;
  partners: Partner[];
}

interface UserRecord {
  index: number;
  id: string;
  agency: number | null;
  role: string;
}

const agencyIndex = (jur: number, type: number) => jur * TYPES.length + type;
const iso = (ms: number) => isoTime(Math.floor(ms));

function scopeOptions(type: number, rng: Rng): string[] {
  if (type === LE || type === PR) return rng.pick([['IDENTITY', 'SERVICES'], ['IDENTITY', 'LOCATION', 'SERVICES'], ['IDENTITY']]);
  if (type === SH) return rng.chance(0.6) ? ['IDENTITY', 'LOCATION', 'SERVICES'] : ['IDENTITY', 'LOCATION'];
  const roll = rng.next();
  return roll < 0.5 ? ['IDENTITY', 'SERVICES'] : roll < 0.8 ? ['SERVICES'] : [];
}

function sentence(rng: Rng, min: number, max: number): string {
  const parts: string[] = [];
  const target = Math.floor(rng.between(min, max));
  let length = 0;
  while (length < target) {
    const phrase = rng.pick(NOTE_PHRASES);
    parts.push(phrase);
    length += phrase.length + 1;
  }
  return parts.join(' ');
}

/** The generator of the data set: sizes and the pure per-case functions every pass shares. */
class Plan {
  readonly cases: number;
  readonly now: number;
  readonly start: number;
  readonly span: number;
  readonly agencies = JURISDICTIONS.length * TYPES.length;
  readonly staffOf: number[][] = [];
  readonly supervisorsOf: number[][] = [];
  readonly users: UserRecord[] = [];

  constructor(
    readonly scale: number,
    readonly seed: number,
    now: number,
  ) {
    this.cases = Math.round(100_000 * scale);
    this.now = now;
    this.span = 5 * YEAR - 2 * HOUR;
    this.start = now - 5 * YEAR;
  }

  caseId(i: number): string {
    return uuidOf(Kind.CASE, i, this.seed);
  }

  agencyId(a: number): string {
    return uuidOf(Kind.AGENCY, a, this.seed);
  }

  userId(u: number): string {
    return uuidOf(Kind.USER, u, this.seed);
  }

  /** The structure of case `i` (no staff picked unless the staff lists exist). */
  core(i: number): CaseCore {
    const rng = rngFor(this.seed, S_CORE, i);
    const jur = rng.weighted(JURISDICTIONS.map((j) => j.weight));
    const leadType = rng.weighted(LEAD_WEIGHTS);
    const lead = agencyIndex(jur, leadType);
    // Cases are numbered in the order they were opened, so the table is laid out like a real one.
    const opened = Math.floor(this.start + ((i + rng.next()) / this.cases) * this.span);
    const age = this.now - opened;
    const roll = rng.next();
    let status: CaseCore['status'];
    if (age < 30 * DAY) status = roll < 0.6 ? 'OPEN' : 'ACTIVE';
    else if (age < YEAR) status = roll < 0.08 ? 'OPEN' : roll < 0.8 ? 'ACTIVE' : 'CLOSED';
    else if (age < 2 * YEAR) status = roll < 0.45 ? 'ACTIVE' : 'CLOSED';
    else status = roll < 0.15 ? 'ACTIVE' : 'CLOSED';
    const closedAt = status === 'CLOSED' ? Math.floor(opened + Math.max(7 * DAY, rng.next() * Math.min(age - HOUR, 2 * YEAR))) : null;
    const partners: Partner[] = [];
    const count = rng.weighted(PARTNER_COUNT_WEIGHTS);
    const taken = new Set<number>([lead]);
    for (let k = 0; k < count; k += 1) {
      const type = rng.weighted(PARTNER_WEIGHTS.map((w, t) => (t === leadType ? 0 : w)));
      const partnerJur = rng.chance(0.95) ? jur : rng.int(JURISDICTIONS.length);
      const agency = agencyIndex(partnerJur, type);
      const emergency = type !== LE && rng.chance(0.08);
      const scopes = scopeOptions(type, rng);
      const staffed = rng.chance(PARTNER_STAFFED);
      if (taken.has(agency)) continue;
      taken.add(agency);
      partners.push({ agency, type, consentRequired: type !== LE && !emergency, emergency, scopes, staffed, staff: -1 });
    }
    let primary = -1;
    if (this.staffOf.length) {
      const pick = rngFor(this.seed, S_STAFF, i);
      const leadStaff = this.staffOf[lead]!;
      primary = leadStaff[pick.int(leadStaff.length)]!;
      for (const partner of partners) {
        const staff = this.staffOf[partner.agency]!;
        const chosen = staff[pick.int(staff.length)]!;
        if (partner.staffed) partner.staff = chosen;
      }
    }
    return { index: i, id: this.caseId(i), jur, leadType, lead, opened, status, closedAt, primary, partners };
  }

  /** Staff per agency in proportion to the active assignments its cases need, 508 per unit of scale. */
  planUsers(): { staffCounts: number[] } {
    const demand = new Array<number>(this.agencies).fill(0);
    for (let i = 0; i < this.cases; i += 1) {
      const core = this.core(i);
      if (core.status === 'CLOSED') continue;
      demand[core.lead]! += 1;
      for (const partner of core.partners) if (partner.staffed) demand[partner.agency]! += 1;
    }
    const total = demand.reduce((sum, value) => sum + value, 0);
    const staffTotal = Math.round(STAFF_PER_SCALE * this.scale);
    const staffCounts = demand.map((value) => Math.max(2, Math.round((staffTotal * value) / total)));
    let diff = staffTotal - staffCounts.reduce((sum, value) => sum + value, 0);
    while (diff !== 0) {
      const largest = staffCounts.indexOf(Math.max(...staffCounts));
      staffCounts[largest]! += diff > 0 ? 1 : -1;
      diff += diff > 0 ? -1 : 1;
    }
    const supervisors = Math.max(2, Math.round(2 * this.scale));
    const add = (agency: number | null, role: string) => {
      const index = this.users.length;
      this.users.push({ index, id: this.userId(index), agency, role });
      return index;
    };
    for (let a = 0; a < this.agencies; a += 1) {
      this.supervisorsOf.push(Array.from({ length: supervisors }, () => add(a, 'SUPERVISOR')));
      add(a, 'AGENCY_ADMIN');
      this.staffOf.push(Array.from({ length: staffCounts[a]! }, () => add(a, 'STAFF')));
    }
    for (let k = 0; k < AUDITORS; k += 1) add(null, 'AUDITOR');
    for (let k = 0; k < SYSTEM_ADMINS; k += 1) add(null, 'SYSTEM_ADMIN');
    return { staffCounts };
  }
}

/** The order of index builds: the audit trail's key, the other keys, other tables' indexes, the audit trail's. */
const rank = (item: { table: string; def: string }) => (item.def.startsWith('ALTER') ? (item.table === 'audit_event' ? 0 : 1) : item.table === 'audit_event' ? 3 : 2);

const TABLES = ['case_file', 'child', 'child_lookup', 'membership', 'assignment', 'consent', 'note', 'referral', 'handoff', 'case_event', 'deadline', 'audit_event'];

/**
 * The indexes of the bulk-loaded tables, dropped before the load and rebuilt after: building a
 * B-tree from sorted data is far faster than inserting random uuids into it row by row (and at
 * 1,000,000 cases the primary keys alone outgrow the server's shared buffers). Secondary indexes
 * and the primary and unique keys that no foreign key depends on go; the keys that foreign keys
 * reference (cases, notes, deadlines) stay. Returns the statements that rebuild them, keys first.
 */
async function takeIndexes(client: Client): Promise<{ table: string; def: string }[]> {
  const { rows: secondary } = await client.query(
    `SELECT t.relname AS table, ic.relname AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
      WHERE t.relname = ANY($1::text[]) AND t.relnamespace = 'public'::regnamespace
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [TABLES],
  );
  const { rows: keys } = await client.query(
    `SELECT t.relname AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
      WHERE t.relname = ANY($1::text[]) AND t.relnamespace = 'public'::regnamespace AND c.contype IN ('p', 'u')
        AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid)`,
    [TABLES],
  );
  for (const row of secondary) await client.query(`DROP INDEX ${row.name}`);
  for (const row of keys) await client.query(`ALTER TABLE ${row.table} DROP CONSTRAINT ${row.name}`);
  return [
    ...keys.map((row: { table: string; name: string; def: string }) => ({ table: row.table, def: `ALTER TABLE ${row.table} ADD CONSTRAINT ${row.name} ${row.def}` })),
    // A partitioned table's index is printed ON ONLY the parent; rebuilt, it must cover the partitions too.
    ...secondary.map((row: { table: string; def: string }) => ({ table: row.table, def: row.def.replace(' ON ONLY ', ' ON ') })),
  ];
}

/** Creates the past year's monthly audit partitions, as a deployment running for a year would have them. */
async function pastPartitions(client: Client, now: number): Promise<void> {
  const current = new Date(now);
  for (let back = 13; back >= 1; back -= 1) {
    const from = new Date(Date.UTC(current.getUTCFullYear(), current.getUTCMonth() - back, 1));
    const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
    const name = `audit_event_${from.getUTCFullYear()}_${String(from.getUTCMonth() + 1).padStart(2, '0')}`;
    const { rows } = await client.query(`SELECT to_regclass($1) AS found`, [name]);
    if (rows[0].found) continue;
    await client.query(`CREATE TABLE ${name} PARTITION OF audit_event FOR VALUES FROM ('${iso(from.getTime())}') TO ('${iso(to.getTime())}')`);
    await client.query(`REVOKE ALL ON ${name} FROM tandem_app`);
  }
}

/**
 * Seeds a migrated, empty database with a state-sized data set: 100,000 cases per unit of scale
 * across 4 jurisdictions and 28 agencies, 600 users, about 300,000 referrals in every status,
 * 1,000,000 audit events over the past 12 months, with notes, consents, memberships, assignments,
 * timelines and running deadlines. Loaded with COPY as the owner.
 */
export async function seedDatabase(url: string, options: SeedOptions): Promise<SeedResult> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const phases: Record<string, number> = {};
  const phase = (name: string, since: number) => {
    phases[name] = Math.round((Date.now() - since) / 100) / 10;
  };
  const env = { ...process.env, ...BENCH_SECRETS, DATABASE_URL: url, NODE_ENV: 'development' };
  const config = AppConfig.fromEnv(env);
  let mark = Date.now();
  await runMigrations(config);
  phase('migrate', mark);

  const clients = Array.from({ length: 3 }, () => new Client({ connectionString: url }));
  const admin = new Client({ connectionString: url });
  let stopSide = () => undefined as void;
  try {
    await Promise.all([...clients, admin].map((client) => client.connect()));
    for (const client of [...clients, admin]) await client.query(LOAD_SETTINGS);
    const plan = new Plan(options.scale, options.seed, Math.floor(Date.now() / 1000) * 1000);
    const indexes = await takeIndexes(admin);
    await pastPartitions(admin, plan.now);

    mark = Date.now();
    plan.planUsers();
    const passwordHash = await new PasswordHasher(config).hash(BENCH_PASSWORD);
    const cipher = new BulkSealer(config);
    const writer = new CopyWriter(clients);
    phase('plan', mark);

    mark = Date.now();
    const jurisdiction = writer.table('jurisdiction', ['id', 'code', 'name']);
    JURISDICTIONS.forEach((j, index) => jurisdiction([uuidOf(Kind.JURISDICTION, index, plan.seed), j.code, j.name]));
    const agency = writer.table('agency', ['id', 'name', 'type', 'jurisdiction_id', 'contact_email', 'contact_phone']);
    for (let a = 0; a < plan.agencies; a += 1) {
      const j = JURISDICTIONS[Math.floor(a / TYPES.length)]!;
      const t = a % TYPES.length;
      agency([plan.agencyId(a), `${j.city} ${TYPE_LABELS[t]}`, TYPES[t], uuidOf(Kind.JURISDICTION, Math.floor(a / TYPES.length), plan.seed), `intake.${j.code.toLowerCase()}.${t}@agency.bench.test`, `+1-555-01${String(a).padStart(2, '0')}`]);
    }
    const user = writer.table('app_user', ['id', 'email', 'display_name', 'agency_id', 'role', 'password_hash']);
    for (const u of plan.users) {
      const where = u.agency === null ? 'oversight' : `${JURISDICTIONS[Math.floor(u.agency / TYPES.length)]!.code.toLowerCase()}.${TYPES[u.agency % TYPES.length]!.toLowerCase().replace('_', '-')}`;
      const email = `${u.role.toLowerCase().replace('_', '-')}${u.index}@${where}.bench.test`;
      user([u.id, email, `Bench ${u.role.toLowerCase().replace('_', ' ')} ${u.index}`, u.agency === null ? null : plan.agencyId(u.agency), u.role, passwordHash]);
    }
    await writer.drain();

    mark = Date.now();
    const directory = await seedDirectory(admin, {
      scale: options.scale,
      seed: options.seed,
      now: plan.now,
      shelterAgencyIds: JURISDICTIONS.map((_, j) => plan.agencyId(agencyIndex(j, SH))),
      jurisdictionIds: JURISDICTIONS.map((_, j) => uuidOf(Kind.JURISDICTION, j, plan.seed)),
    });
    phase('directory', mark);

    // A second process writes the children and the audit trail meanwhile (both pure functions of the plan).
    const side = startSide({ url, scale: options.scale, seed: options.seed, now: plan.now }, log);
    stopSide = side.stop;
    const loading = Date.now();

    // Each table over one connection in one transaction, most of them loaded frozen (see CopyWriter);
    // the cases, referrals (the directory's bed holds name them) and deadlines are referenced by foreign keys,
    // so they are loaded as they are and vacuumed.
    const caseFile = writer.table('case_file', ['id', 'case_number', 'jurisdiction_id', 'lead_agency_id', 'status', 'risk_level', 'flags', 'version', 'opened_at', 'closed_at', 'close_reason', 'created_by', 'updated_at'], { lane: 2, freeze: false });
    const membership = writer.table('membership', ['id', 'case_id', 'agency_id', 'role', 'scopes', 'granted_via', 'consent_scopes', 'active', 'created_at'], { lane: 2, freeze: true });
    const assignment = writer.table('assignment', ['id', 'case_id', 'user_id', 'agency_id', 'role', 'active', 'assigned_by', 'created_at', 'ended_at'], { lane: 2, freeze: true });
    const consent = writer.table('consent', ['id', 'case_id', 'granted_by', 'scopes', 'agency_ids', 'agency_types', 'purpose', 'effective_at', 'expires_at', 'revoked_at', 'revoked_by', 'recorded_by', 'created_at'], { lane: 2, freeze: true });
    const note = writer.table('note', ['id', 'case_id', 'author_id', 'agency_id', 'category', 'body_sealed', 'corrects_id', 'created_at'], { lane: 1, freeze: true });
    const referral = writer.table('referral', [
      'id', 'case_id', 'from_agency_id', 'to_agency_id', 'sent_by', 'service_type', 'urgency', 'scopes', 'consent_required', 'reason_sealed', 'emergency_justification_sealed',
      'status', 'response_due_at', 'decline_reason', 'status_note_sealed', 'outcome_sealed', 'responded_by', 'responded_at', 'closed_at', 'version', 'created_at',
    ], { lane: 1, freeze: false });
    const handoff = writer.table('handoff', ['id', 'case_id', 'from_agency_id', 'to_agency_id', 'requested_by', 'reason_sealed', 'status', 'response_due_at', 'status_note_sealed', 'responded_by', 'responded_at', 'version', 'created_at'], { lane: 2, freeze: true });
    // Case free text sealed to its row and field, as the repositories write it.
    const seal = (context: (id: string) => string, id: string, text: string | null) => (text === null ? null : cipher.seal(text, context(id)));
    const caseEvent = writer.table('case_event', ['id', 'case_id', 'occurred_at', 'kind', 'scope', 'only_agency_id', 'actor_user_id', 'actor_agency_id', 'subject_id', 'data'], { lane: 0, freeze: true });
    const deadline = writer.table('deadline', ['id', 'kind', 'case_id', 'subject_type', 'subject_id', 'agency_id', 'started_at', 'due_at', 'status', 'stage', 'next_at', 'data', 'created_at'], { lane: 2, freeze: false });

    const counters = new Map<string, number>();
    const next = { membership: 0, assignment: 0, consent: 0, note: 0, referral: 0, handoff: 0, event: 0, deadline: 0 };
    const activeLoad = new Map<number, number>();

    for (let i = 0; i < plan.cases; i += 1) {
      const c = plan.core(i);
      const rng = rngFor(plan.seed, S_DETAIL, i);
      const leadId = plan.agencyId(c.lead);
      const primaryId = plan.userId(c.primary);
      const end = c.closedAt ?? plan.now;
      const active = c.status !== 'CLOSED';
      const year = new Date(c.opened).getUTCFullYear();
      const counterKey = `${c.jur}:${year}`;
      const seq = (counters.get(counterKey) ?? 0) + 1;
      counters.set(counterKey, seq);
      const caseNumber = `${JURISDICTIONS[c.jur]!.code}-${year}-${String(seq).padStart(6, '0')}`;
      const events: { at: number; kind: string; scope: string; only: string | null; actor: number | null; actorAgency: number | null; subject: string | null; data: string }[] = [];
      const event = (at: number, kind: string, actor: number | null, actorAgency: number | null, subject: string | null, data: Record<string, unknown> = {}, scope = 'SUMMARY', only: string | null = null) =>
        events.push({ at: Math.floor(at), kind, scope, only, actor, actorAgency, subject, data: JSON.stringify(data) });

      const risk = ['UNKNOWN', 'LOW', 'ELEVATED', 'HIGH'][rng.weighted([0.15, 0.35, 0.3, 0.2])]!;
      const flags: string[] = [];
      if (rng.chance(0.3)) flags.push('TRAFFICKING_VICTIM');
      if (rng.chance(0.1)) flags.push('HIGH_RISK_CONTACT');
      if (active && rng.chance(0.03)) flags.push('MISSING');
      if (rng.chance(0.05)) flags.push('PREGNANT_OR_PARENTING');
      if (rng.chance(0.05)) flags.push('RECENT_RECOVERY');
      flags.sort();
      caseFile([c.id, caseNumber, uuidOf(Kind.JURISDICTION, c.jur, plan.seed), leadId, c.status, risk, pgArray(flags), 1 + rng.int(8), iso(c.opened), c.closedAt === null ? null : iso(c.closedAt), c.closedAt === null ? null : rng.pick(['Reunified with family', 'Aged out of care', 'Services completed', 'Transferred out of state', 'Closed after review']), primaryId, iso(end)]);
      event(c.opened, 'CASE_CREATED', c.primary, c.lead, c.id);


      membership([uuidOf(Kind.MEMBERSHIP, next.membership++, plan.seed), c.id, leadId, 'LEAD', pgArray(LEAD_SCOPES), 'CREATED', pgArray([]), true, iso(c.opened)]);
      assignment([uuidOf(Kind.ASSIGNMENT, next.assignment++, plan.seed), c.id, primaryId, leadId, 'PRIMARY', active, primaryId, iso(c.opened), active ? null : iso(end)]);
      if (active) activeLoad.set(c.primary, (activeLoad.get(c.primary) ?? 0) + 1);

      // Referrals that were accepted made the partners; their scopes are the partners' scopes.
      const consentTypes = new Set<string>();
      const window = Math.max(HOUR, Math.min(end - c.opened, 60 * DAY));
      const referralRow = (r: {
        id: string; to: number; service: string; urgency: string; scopes: string[]; consentRequired: boolean; emergency: boolean; status: string; created: number;
        respondedBy: number | null; respondedAt: number | null; closedAt: number | null; declineReason?: string | null; statusNote?: string | null; outcome?: string | null; version: number;
      }) =>
        referral([r.id, c.id, leadId, plan.agencyId(r.to), primaryId, r.service, r.urgency, pgArray(r.scopes), r.consentRequired,
          seal(REFERRAL_TEXT.columns.reason_sealed!, r.id, `Referral for ${r.service.toLowerCase().replace('_', ' ')} support`),
          seal(REFERRAL_TEXT.columns.emergency_justification_sealed!, r.id, r.emergency ? 'Youth at immediate risk at the current placement; needs a safe bed tonight' : null),
          r.status, iso(r.created + RESPONSE_HOURS[r.urgency]! * HOUR), r.declineReason ?? null,
          seal(REFERRAL_TEXT.columns.status_note_sealed!, r.id, r.statusNote ?? null), seal(REFERRAL_TEXT.columns.outcome_sealed!, r.id, r.outcome ?? null),
          r.respondedBy === null ? null : plan.userId(r.respondedBy), r.respondedAt === null ? null : iso(r.respondedAt),
          r.closedAt === null ? null : iso(r.closedAt), r.version, iso(r.created)]);
      for (const partner of c.partners) {
        if (partner.consentRequired && partner.scopes.length) consentTypes.add(TYPES[partner.type]!);
        const services = SERVICES[partner.type]!;
        const count = services.length > 1 && rng.chance(0.38) ? 2 : 1;
        let joined = Number.POSITIVE_INFINITY;
        const partnerStaff = partner.staff >= 0 ? partner.staff : plan.staffOf[partner.agency]![rng.int(plan.staffOf[partner.agency]!.length)]!;
        for (let k = 0; k < count; k += 1) {
          const created = Math.floor(c.opened + rng.next() * window * 0.5);
          const urgency = partner.emergency && k === 0 ? 'EMERGENCY' : rng.chance(0.6) ? 'ROUTINE' : 'URGENT';
          const due = created + RESPONSE_HOURS[urgency]! * HOUR;
          const respondedAt = Math.floor(Math.min(created + rng.next() * (due - created) * 0.9, plan.now - 1000));
          joined = Math.min(joined, respondedAt);
          const status = active ? ['COMPLETED', 'IN_PROGRESS', 'ACCEPTED', 'FAILED'][rng.weighted([0.35, 0.3, 0.25, 0.1])]! : rng.chance(0.8) ? 'COMPLETED' : 'FAILED';
          const done = status === 'COMPLETED' || status === 'FAILED';
          const closedAt = done ? Math.floor(respondedAt + rng.next() * Math.max(HOUR, Math.min(end - respondedAt, 90 * DAY))) : null;
          const id = uuidOf(Kind.REFERRAL, next.referral++, plan.seed);
          referralRow({
            id, to: partner.agency, service: services[k]!, urgency, scopes: partner.scopes, consentRequired: partner.consentRequired, emergency: partner.emergency && k === 0, status, created,
            respondedBy: partnerStaff, respondedAt, closedAt, outcome: status === 'COMPLETED' ? 'Service delivered as planned' : null, statusNote: status === 'FAILED' ? 'Youth did not attend' : null,
            version: status === 'ACCEPTED' ? 2 : status === 'IN_PROGRESS' ? 3 : 4,
          });
          event(created, 'REFERRAL_REQUESTED', c.primary, c.lead, id, { toAgencyId: plan.agencyId(partner.agency), serviceType: services[k], urgency });
          event(respondedAt, 'REFERRAL_ACCEPTED', partnerStaff, partner.agency, id, { toAgencyId: plan.agencyId(partner.agency) });
          if (status !== 'ACCEPTED') event(closedAt ?? respondedAt + 1000, `REFERRAL_${status}`, partnerStaff, partner.agency, id, { toAgencyId: plan.agencyId(partner.agency) });
        }
        const partnerId = plan.agencyId(partner.agency);
        membership([uuidOf(Kind.MEMBERSHIP, next.membership++, plan.seed), c.id, partnerId, 'PARTNER', pgArray(partner.scopes), 'REFERRAL', pgArray(partner.consentRequired ? partner.scopes.filter((scope) => (CONSENTED_SCOPES as readonly string[]).includes(scope)) : []), true, iso(joined)]);
        if (partner.staff >= 0) {
          const staffId = plan.userId(partner.staff);
          assignment([uuidOf(Kind.ASSIGNMENT, next.assignment++, plan.seed), c.id, staffId, partnerId, 'SECONDARY', active, staffId, iso(joined), active ? null : iso(end)]);
          event(joined, 'USER_ASSIGNED', partner.staff, partner.agency, staffId, { role: 'SECONDARY' });
          if (active) activeLoad.set(partner.staff, (activeLoad.get(partner.staff) ?? 0) + 1);
        }
      }

      // Referrals that went nowhere: declined, withdrawn or expired.
      const partnerAgencies = new Set([c.lead, ...c.partners.map((p) => p.agency)]);
      const otherAgency = (): number | null => {
        const type = rng.weighted(PARTNER_WEIGHTS.map((w, t) => (t === c.leadType ? 0 : w)));
        const target = agencyIndex(rng.chance(0.9) ? c.jur : rng.int(JURISDICTIONS.length), type);
        return partnerAgencies.has(target) ? null : target;
      };
      const extra = rng.weighted([0.32, 0.4, 0.28]);
      for (let k = 0; k < extra; k += 1) {
        const to = otherAgency();
        if (to === null) continue;
        const created = Math.floor(c.opened + rng.next() * window);
        const urgency = rng.chance(0.7) ? 'ROUTINE' : 'URGENT';
        const due = created + RESPONSE_HOURS[urgency]! * HOUR;
        let status = ['DECLINED', 'CANCELLED', 'EXPIRED'][rng.weighted([0.45, 0.3, 0.25])]!;
        if (due >= plan.now) status = 'DECLINED';
        const respondedAt = status === 'EXPIRED' ? due : Math.floor(Math.min(created + rng.next() * (due - created) * 0.9, plan.now - 1000));
        const toStaff = plan.staffOf[to]![rng.int(plan.staffOf[to]!.length)]!;
        const id = uuidOf(Kind.REFERRAL, next.referral++, plan.seed);
        const type = to % TYPES.length;
        referralRow({
          id, to, service: rng.pick(SERVICES[type]!), urgency, scopes: type === LE ? ['IDENTITY'] : [], consentRequired: type !== LE, emergency: false, status, created,
          respondedBy: status === 'DECLINED' ? toStaff : status === 'CANCELLED' ? c.primary : null, respondedAt, closedAt: respondedAt,
          declineReason: status === 'DECLINED' ? rng.pick(['NO_CAPACITY', 'NOT_ELIGIBLE', 'OUT_OF_AREA', 'DUPLICATE', 'OTHER']) : null,
          statusNote: status === 'CANCELLED' ? 'Sent in error' : null, version: 2,
        });
        event(created, 'REFERRAL_REQUESTED', c.primary, c.lead, id, { toAgencyId: plan.agencyId(to), urgency });
        event(respondedAt, `REFERRAL_${status}`, status === 'DECLINED' ? toStaff : status === 'CANCELLED' ? c.primary : null, status === 'DECLINED' ? to : status === 'CANCELLED' ? c.lead : null, id, { toAgencyId: plan.agencyId(to) });
      }

      // A pending referral waits in the receiving agency's inbox, with its response clock running.
      if (active && rng.chance(0.22)) {
        const to = otherAgency();
        if (to !== null) {
          const type = to % TYPES.length;
          const urgency = ['ROUTINE', 'URGENT', 'EMERGENCY'][rng.weighted([0.6, 0.3, 0.1])]!;
          const back = urgency === 'ROUTINE' ? 24 * HOUR : urgency === 'URGENT' ? 6 * HOUR : 30 * 60_000;
          const created = Math.max(c.opened + 1000, Math.floor(plan.now - rng.next() * back));
          const emergency = urgency === 'EMERGENCY' && type !== LE;
          const consentRequired = type !== LE && !emergency;
          const scopes = scopeOptions(type, rng);
          if (consentRequired && scopes.length) consentTypes.add(TYPES[type]!);
          const id = uuidOf(Kind.REFERRAL, next.referral++, plan.seed);
          const service = rng.pick(SERVICES[type]!);
          referralRow({ id, to, service, urgency, scopes, consentRequired, emergency, status: 'REQUESTED', created, respondedBy: null, respondedAt: null, closedAt: null, version: 1 });
          event(created, 'REFERRAL_REQUESTED', c.primary, c.lead, id, { toAgencyId: plan.agencyId(to), serviceType: service, urgency });
          const dueAt = new Date(created + RESPONSE_HOURS[urgency]! * HOUR);
          const nextAt = stageTime({ kind: DeadlineKind.REFERRAL_RESPONSE, startedAt: new Date(created), dueAt }, 0)!;
          deadline([uuidOf(Kind.DEADLINE, next.deadline++, plan.seed), 'REFERRAL_RESPONSE', c.id, 'Referral', id, plan.agencyId(to), iso(created), dueAt.toISOString(), 'PENDING', 0, nextAt.toISOString(), JSON.stringify({ notifyUserId: primaryId, notifyAgencyId: leadId }), iso(created)]);
        }
      }

      // Handoffs: a few cases were offered to another child welfare agency.
      if (rng.chance(0.03)) {
        const to = agencyIndex((c.jur + 1 + rng.int(JURISDICTIONS.length - 1)) % JURISDICTIONS.length, c.leadType);
        const pending = active && rng.chance(0.2);
        const created = pending ? Math.floor(plan.now - rng.next() * 12 * HOUR) : Math.floor(c.opened + rng.next() * window);
        const due = created + 48 * HOUR;
        let status = pending ? 'REQUESTED' : ['DECLINED', 'CANCELLED', 'EXPIRED'][rng.weighted([0.4, 0.35, 0.25])]!;
        if (!pending && due >= plan.now) status = 'DECLINED';
        const responder = plan.supervisorsOf[to]![0]!;
        const respondedAt = pending ? null : status === 'EXPIRED' ? due : Math.floor(Math.min(created + rng.next() * 40 * HOUR, plan.now - 1000));
        const id = uuidOf(Kind.HANDOFF, next.handoff++, plan.seed);
        handoff([id, c.id, leadId, plan.agencyId(to), primaryId, seal(HANDOFF_TEXT.columns.reason_sealed!, id, 'Family moved to the other jurisdiction'), status, iso(due),
          seal(HANDOFF_TEXT.columns.status_note_sealed!, id, status === 'DECLINED' ? 'Not our area yet' : null),
          status === 'DECLINED' ? plan.userId(responder) : null, respondedAt === null ? null : iso(respondedAt), pending ? 1 : 2, iso(created)]);
        event(created, 'HANDOFF_REQUESTED', c.primary, c.lead, id, { toAgencyId: plan.agencyId(to) });
        if (respondedAt !== null) event(respondedAt, `HANDOFF_${status}`, status === 'DECLINED' ? responder : null, status === 'DECLINED' ? to : null, id, { toAgencyId: plan.agencyId(to) });
        if (pending) {
          const nextAt = stageTime({ kind: DeadlineKind.HANDOFF_RESPONSE, startedAt: new Date(created), dueAt: new Date(due) }, 0)!;
          deadline([uuidOf(Kind.DEADLINE, next.deadline++, plan.seed), 'HANDOFF_RESPONSE', c.id, 'Handoff', id, plan.agencyId(to), iso(created), iso(due), 'PENDING', 0, nextAt.toISOString(), JSON.stringify({ notifyUserId: primaryId, notifyAgencyId: leadId }), iso(created)]);
        }
      }

      // Consent behind the consent-based sharing (and, for some cases, an older one since revoked).
      if (consentTypes.size) {
        const id = uuidOf(Kind.CONSENT, next.consent++, plan.seed);
        consent([id, c.id, rng.pick(['GUARDIAN', 'GUARDIAN', 'COURT', 'YOUTH']), pgArray(['IDENTITY', 'LOCATION', 'SERVICES']), '{}', pgArray([...consentTypes].sort()), 'Coordinated services and placement support', iso(c.opened), null, null, null, primaryId, iso(c.opened)]);
        event(c.opened + 1000, 'CONSENT_RECORDED', c.primary, c.lead, id, { scopes: ['IDENTITY', 'LOCATION', 'SERVICES'] });
        if (rng.chance(0.15)) {
          const revokedAt = Math.floor(c.opened + rng.next() * (end - c.opened));
          const old = uuidOf(Kind.CONSENT, next.consent++, plan.seed);
          consent([old, c.id, 'YOUTH', pgArray(['SERVICES']), '{}', pgArray(['ADVOCACY']), 'Peer advocacy program', iso(c.opened), null, iso(revokedAt), primaryId, primaryId, iso(c.opened)]);
          event(c.opened + 2000, 'CONSENT_RECORDED', c.primary, c.lead, old, { scopes: ['SERVICES'] });
          event(revokedAt, 'CONSENT_REVOKED', c.primary, c.lead, old, { withdrawn: [] });
        }
      }

      // Notes: mostly the primary's; partners write their own (investigators INVESTIGATION, clinicians CLINICAL).
      const heavy = rng.chance(0.01);
      const noteCount = heavy ? 30 + rng.int(31) : active ? rng.int(7) : rng.int(4);
      const times = Array.from({ length: noteCount }, () => Math.floor(c.opened + rng.next() * (end - c.opened))).sort((a, b) => a - b);
      const written: { id: string; author: number }[] = [];
      const staffedPartners = c.partners.filter((p) => p.staff >= 0);
      for (const at of times) {
        const partner = staffedPartners.length && rng.chance(0.4) ? rng.pick(staffedPartners) : null;
        let category = 'GENERAL';
        let author = c.primary;
        let authorAgency = c.lead;
        if (partner) {
          author = partner.staff;
          authorAgency = partner.agency;
          const investigative = partner.type === LE || partner.type === PR;
          const clinical = partner.type === CO || partner.type === ME;
          if (investigative) category = rng.chance(0.7) || !partner.scopes.includes('SERVICES') ? 'INVESTIGATION' : 'GENERAL';
          else if (clinical) category = rng.chance(0.6) || !partner.scopes.includes('SERVICES') ? 'CLINICAL' : 'GENERAL';
          else if (!partner.scopes.includes('SERVICES')) {
            author = c.primary;
            authorAgency = c.lead;
          }
        } else if ((c.leadType === LE || c.leadType === CW) && rng.chance(0.2)) {
          category = 'INVESTIGATION';
        }
        const id = uuidOf(Kind.NOTE, next.note++, plan.seed);
        const earlier = written.filter((w) => w.author === author);
        const corrects = earlier.length && rng.chance(0.03) ? earlier[earlier.length - 1]!.id : null;
        note([id, c.id, plan.userId(author), plan.agencyId(authorAgency), category, seal(NOTE_TEXT.columns.body_sealed!, id, sentence(rng, 60, heavy ? 900 : 400)), corrects, iso(at)]);
        written.push({ id, author });
        const scope = category === 'INVESTIGATION' ? 'INVESTIGATION' : category === 'CLINICAL' ? 'CLINICAL' : 'SERVICES';
        event(at, 'NOTE_ADDED', author, authorAgency, id, { category }, scope, category === 'CLINICAL' ? plan.agencyId(authorAgency) : null);
      }

      if (c.status === 'ACTIVE') {
        const startedAt = Math.max(c.opened, Math.floor(plan.now - rng.next() * 29 * DAY));
        const dueAt = startedAt + 30 * DAY;
        deadline([uuidOf(Kind.DEADLINE, next.deadline++, plan.seed), 'CASE_REVIEW', c.id, 'Case', c.id, leadId, iso(startedAt), iso(dueAt), 'PENDING', 0, iso(dueAt), '{}', iso(startedAt)]);
      }
      if (c.closedAt !== null) event(c.closedAt, 'CASE_CLOSED', c.primary, c.lead, c.id);

      events.sort((a, b) => a.at - b.at);
      for (const e of events) {
        caseEvent([uuidOf(Kind.CASE_EVENT, next.event++, plan.seed), c.id, iso(e.at), e.kind, e.scope, e.only, e.actor === null ? null : plan.userId(e.actor), e.actorAgency === null ? null : plan.agencyId(e.actorAgency), e.subject, e.data]);
      }
      if (i % 500 === 499) await writer.pump();
      if (i % 20_000 === 19_999) log(`  cases: ${i + 1} of ${plan.cases}`);
    }
    await writer.drain();
    phase('cases', mark);
    const sideResult = await side.done;
    for (const [name, count] of Object.entries(sideResult.counts)) writer.counts.set(name, (writer.counts.get(name) ?? 0) + count);
    Object.assign(phases, sideResult.phases);
    phase('load', loading);

    await admin.query(
      `INSERT INTO case_number_counter (jurisdiction_id, year, last_value) SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[])`,
      [
        [...counters.keys()].map((key) => uuidOf(Kind.JURISDICTION, Number(key.split(':')[0]), plan.seed)),
        [...counters.keys()].map((key) => Number(key.split(':')[1])),
        [...counters.values()],
      ],
    );

    // Rebuild the indexes (unique ones check the data set on the way), two at a time. Adding a key
    // locks its table (all partitions of the audit trail): keys go first, the audit trail's key at
    // the head, so the other connection builds other tables' indexes meanwhile.
    mark = Date.now();
    const queue = [...indexes].sort((a, b) => rank(a) - rank(b));
    await Promise.all(
      clients.slice(0, 2).map(async (client) => {
        for (let item = queue.shift(); item; item = queue.shift()) await client.query(item.def);
      }),
    );
    phase('indexes', mark);
    mark = Date.now();
    // Set hint bits and the visibility map of what was not loaded frozen, so the first benchmark
    // reads do not write; statistics for everything.
    const vacuumed = ['jurisdiction', 'agency', 'app_user', 'case_number_counter', 'case_file', 'referral', 'deadline'];
    const statements = [...vacuumed.map((table) => `VACUUM (ANALYZE) ${table}`), ...TABLES.filter((table) => !vacuumed.includes(table)).map((table) => `ANALYZE ${table}`)];
    await Promise.all(
      clients.slice(0, 2).map(async (client) => {
        for (let statement = statements.shift(); statement; statement = statements.shift()) await client.query(statement);
      }),
    );
    phase('vacuum', mark);

    const rows: Record<string, number> = {};
    for (const table of ['jurisdiction', 'agency', 'app_user', ...TABLES]) if (writer.counts.get(table)) rows[table] = writer.counts.get(table)!;
    Object.assign(rows, directory.rows);
    const totalRows = Object.values(rows).reduce((sum, n) => sum + n, 0);
    const loads = plan.users.filter((u) => u.role === 'STAFF').map((u) => activeLoad.get(u.index) ?? 0).sort((a, b) => a - b);
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    return {
      scale: options.scale,
      seed: options.seed,
      seconds,
      rows,
      totalRows,
      rowsPerSecond: Math.round(totalRows / seconds),
      phases,
      caseload: {
        staff: loads.length,
        min: loads[0] ?? 0,
        p50: loads[Math.floor(loads.length / 2)] ?? 0,
        mean: Math.round(loads.reduce((sum, n) => sum + n, 0) / Math.max(1, loads.length)),
        max: loads.at(-1) ?? 0,
      },
    };
  } finally {
    stopSide();
    await Promise.all([...clients, admin].map((client) => client.end().catch(() => undefined)));
  }
}

/**
 * The children: identity and location sealed with the case's own context, as createCase does,
 * and the blind-index tokens of their names. A pure function of each case, so a second process
 * writes them while the first writes the cases.
 */
async function seedChildren(plan: Plan, writer: CopyWriter, sealer: BulkSealer, blindIndex: BlindIndex): Promise<void> {
  const child = writer.table('child', ['case_id', 'identity_sealed', 'location_sealed', 'key_id', 'updated_at'], { lane: 0, freeze: true });
  const lookup = writer.table('child_lookup', ['case_id', 'token'], { lane: 1, freeze: true });
  for (let i = 0; i < plan.cases; i += 1) {
    const c = plan.core(i);
    const childRng = rngFor(plan.seed, S_CHILD, i);
    const first = childRng.pick(FIRST);
    const lastName = childRng.pick(LAST);
    const legalName = `${first} ${childRng.pick(FIRST).slice(0, 1)}. ${lastName}`;
    const born = new Date(c.opened - childRng.between(10, 17.5) * YEAR);
    const dateOfBirth = born.toISOString().slice(0, 10);
    const aliases = childRng.chance(0.3) ? [`${first.slice(0, 3)} ${lastName}`] : [];
    const identity = { legalName, aliases, dateOfBirth, sex: childRng.pick(['F', 'F', 'F', 'M', 'X']), identifyingMarks: childRng.pick(MARKS) };
    const city = JURISDICTIONS[c.jur]!.city;
    const location = {
      placement: { kind: childRng.pick(PLACEMENTS), address: `${100 + childRng.int(9800)} ${childRng.pick(STREETS)} St, ${city}`, phone: `+1-555-${String(1000 + childRng.int(9000))}` },
      guardianContacts: childRng.chance(0.7) ? [{ name: `${childRng.pick(FIRST)} ${lastName}`, relationship: childRng.pick(['mother', 'father', 'aunt', 'grandmother', 'foster parent']), phone: `+1-555-${String(1000 + childRng.int(9000))}` }] : [],
    };
    child([c.id, sealer.sealJson(identity, `child:${c.id}:identity`), sealer.sealJson(location, `child:${c.id}:location`), sealer.keyId, iso(c.opened)]);
    const tokens = new Set([legalName, ...aliases].map((name) => pgBytea(blindIndex.token(name, dateOfBirth))));
    for (const token of tokens) lookup([c.id, token]);
    if (i % 500 === 499) await writer.pump();
  }
}

/** What the second seeding process writes: the children and the audit trail of one plan. */
export interface SideTask {
  url: string;
  scale: number;
  seed: number;
  now: number;
}

export interface SideResult {
  counts: Record<string, number>;
  phases: Record<string, number>;
}

/** Session settings of every seeding connection. */
const LOAD_SETTINGS =
  // Ids are consistent by construction; skipping per-row foreign-key triggers makes COPY several times faster.
  `SET session_replication_role = replica; SET synchronous_commit = off; SET maintenance_work_mem = '1GB'`;

/** The second seeding process's work (bench/src/seed-side.ts runs it): the children, then the audit trail. */
export async function seedSide(task: SideTask, log: (line: string) => void): Promise<SideResult> {
  const config = AppConfig.fromEnv({ ...process.env, ...BENCH_SECRETS, DATABASE_URL: task.url, NODE_ENV: 'development' });
  const plan = new Plan(task.scale, task.seed, task.now);
  plan.planUsers();
  const clients = Array.from({ length: 2 }, () => new Client({ connectionString: task.url }));
  const phases: Record<string, number> = {};
  try {
    await Promise.all(clients.map((client) => client.connect()));
    for (const client of clients) await client.query(LOAD_SETTINGS);
    const writer = new CopyWriter(clients);
    let mark = Date.now();
    await seedChildren(plan, writer, new BulkSealer(config), new BlindIndex(config));
    await writer.drain();
    phases.children = Math.round((Date.now() - mark) / 100) / 10;
    mark = Date.now();
    await seedAudit(plan, writer, log);
    await writer.drain();
    phases.audit = Math.round((Date.now() - mark) / 100) / 10;
    const counts: Record<string, number> = {};
    for (const [table, count] of writer.counts) {
      const name = table.startsWith('audit_event_') ? 'audit_event' : table;
      counts[name] = (counts[name] ?? 0) + count;
    }
    return { counts, phases };
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  }
}

/** Starts the second seeding process; `stop` ends it early (when the first fails). */
function startSide(task: SideTask, log: (line: string) => void): { done: Promise<SideResult>; stop: () => void } {
  const side = fork(join(__dirname, 'seed-side.js'), [], { stdio: 'inherit' });
  const done = new Promise<SideResult>((resolve, reject) => {
    side.on('message', (message: { log?: string; result?: SideResult; error?: string }) => {
      if (message.log) log(message.log);
      else if (message.result) resolve(message.result);
      else if (message.error) reject(new Error(`seeding the children and the audit trail: ${message.error}`));
    });
    side.on('error', reject);
    side.on('exit', (code, signal) => reject(new Error(`the seeding process of the children and the audit trail ended early (${signal ?? code})`)));
  });
  // Awaited later; a failure meanwhile must not count as unhandled.
  done.catch(() => undefined);
  side.send(task);
  return { done, stop: () => (side.exitCode === null && side.signalCode === null ? void side.kill() : undefined) };
}

/**
 * A year of audit trail, written day by day in time order (as the table fills in real life):
 * case reads, notes and timelines by the people on each case, lists and sign-ins, a few refusals.
 * Historic events sit in the `legacy` chain, unhashed, as events older than the chains do.
 */
async function seedAudit(plan: Plan, writer: CopyWriter, log: (line: string) => void): Promise<void> {
  const columns = [
    'id', 'occurred_at', 'actor_type', 'actor_user_id', 'actor_agency_id', 'action', 'outcome', 'case_id', 'subject_type', 'subject_id', 'scopes', 'reason', 'request_id', 'client_address', 'user_agent', 'details',
  ];
  // Straight into each month's partition (COPY FREEZE does not take a partitioned table), months alternating between the connections.
  const partitions = new Map<string, ReturnType<CopyWriter['table']>>();
  const audit = (values: (string | null | undefined)[]) => {
    const month = values[1]!.slice(0, 7);
    let partition = partitions.get(month);
    if (!partition) {
      partition = writer.table(`audit_event_${month.replace('-', '_')}`, columns, { lane: partitions.size % 2, freeze: true });
      partitions.set(month, partition);
    }
    partition(values);
  };
  const total = Math.round(1_000_000 * plan.scale);
  const days = 365;
  const first = plan.now - days * DAY;
  const weights = Array.from({ length: days }, (_, d) => ([0, 6].includes(new Date(first + d * DAY).getUTCDay()) ? 0.4 : 1));
  const weightSum = weights.reduce((sum, w) => sum + w, 0);
  const caseworkers = plan.users.filter((u) => u.role === 'STAFF');
  let written = 0;
  for (let d = 0; d < days; d += 1) {
    const rng = rngFor(plan.seed, S_AUDIT, d);
    const count = d === days - 1 ? total - written : Math.round((total * weights[d]!) / weightSum);
    const dayStart = first + d * DAY;
    const times = Array.from({ length: count }, () => Math.floor(dayStart + rng.next() * (Math.min(DAY, plan.now - dayStart) - 1))).sort((a, b) => a - b);
    const newest = Math.min(plan.cases - 1, Math.floor(((dayStart + DAY - plan.start) / plan.span) * plan.cases));
    for (const at of times) {
      // A case open at that moment: newer cases are likelier (they are the ones still active).
      let c: CaseCore | null = null;
      for (let attempt = 0; attempt < 30 && !c; attempt += 1) {
        const candidate = plan.core(Math.floor(newest * Math.sqrt(rng.next())));
        if (candidate.opened <= at && (candidate.closedAt ?? plan.now) >= at) c = candidate;
      }
      c ??= plan.core(newest);
      const staffed = c.partners.filter((p) => p.staff >= 0);
      const roll = rng.next();
      let actor = c.primary;
      let actorAgency = c.lead;
      let scopes: readonly string[] = LEAD_SCOPES;
      if (roll < 0.2 && staffed.length) {
        const partner = rng.pick(staffed);
        actor = partner.staff;
        actorAgency = partner.agency;
        scopes = ['SUMMARY', ...partner.scopes];
      } else if (roll < 0.4) {
        actor = rng.pick(plan.supervisorsOf[c.lead]!);
      }
      const kind = rng.next();
      let action = 'CASE_VIEW';
      let outcome = 'ALLOWED';
      let caseId: string | null = c.id;
      let subjectType: string | null = 'Case';
      let subjectId: string | null = c.id;
      let reason: string | null = null;
      let details = '{}';
      if (kind < 0.08) {
        action = 'LOGIN_SUCCESS';
        caseId = null;
        subjectType = 'User';
        subjectId = plan.userId(actor);
        scopes = [];
      } else if (kind < 0.2) {
        action = 'CASE_LIST';
        caseId = null;
        subjectType = null;
        subjectId = null;
        scopes = [];
        details = JSON.stringify({ caseIds: [c.id, plan.caseId(Math.max(0, c.index - 1 - rng.int(50))), plan.caseId(Math.max(0, c.index - 51 - rng.int(50)))] });
      } else if (kind < 0.3) {
        action = 'NOTE_VIEW';
        subjectType = 'Note';
        subjectId = null;
        scopes = [];
      } else if (kind < 0.38) {
        action = 'TIMELINE_VIEW';
        details = JSON.stringify({ entries: 1 + rng.int(20) });
      } else if (kind < 0.4) {
        action = 'NOTE_ADD';
        subjectType = 'Note';
        subjectId = null;
        scopes = [];
      } else if (kind < 0.42) {
        action = 'CASE_UPDATE';
        details = JSON.stringify({ fields: ['riskLevel'] });
      } else if (kind < 0.435) {
        // Someone who does not see the case asks for it.
        const stranger = rng.pick(caseworkers);
        actor = stranger.index;
        actorAgency = stranger.agency!;
        action = 'ACCESS_DENIED';
        outcome = 'DENIED';
        reason = 'case not visible';
        scopes = [];
        details = JSON.stringify({ attempted: 'CASE_VIEW' });
      }
      audit([
        uuidOf(Kind.AUDIT, written, plan.seed),
        iso(at),
        'USER',
        plan.userId(actor),
        plan.agencyId(actorAgency),
        action,
        outcome,
        caseId,
        subjectType,
        subjectId,
        pgArray(scopes),
        reason,
        uuidOf(Kind.REQUEST, written, plan.seed),
        `10.${c.jur}.${rng.int(256)}.${rng.int(256)}`,
        USER_AGENTS[actor % USER_AGENTS.length],
        details,
      ]);
      written += 1;
    }
    await writer.pump();
    if (d % 60 === 59) log(`  audit: ${written} events up to day ${d + 1} of ${days}`);
  }
}
