import { randomBytes, randomUUID } from 'node:crypto';
import { subject } from '@casl/ability';
import {
  AgencyType,
  CaseAbility,
  CaseFacts,
  canSee,
  caseScopeFilter,
  caseScopePredicate,
  caseVisibilityPredicate,
  DataScope,
  defineCaseAbility,
  LEAD_SCOPES,
  Role,
  scopesOf,
  SqlParams,
  Viewer,
} from '@tandem/authz';
import { CaseRepository } from '@tandem/cases';
import { Tx } from '@tandem/platform';
import * as fc from 'fast-check';
import { createTestApp, TestApp } from './support/test-app';

/*
 * The access rules exist twice: as CASL rules evaluated in memory (`ability.can`) and as the SQL
 * predicates SQL reads them with: per row (`caseScopePredicate`) and as a search from the most
 * selective relation (`caseScopeFilter`). This suite builds random worlds of
 * agencies, users, cases, memberships, assignments, break-glass grants and consents straight into
 * PostgreSQL and requires both forms to give the same answer for every user, case and scope, then
 * pins each rule of docs/access-policy.md ("Who sees a case", "What a case holds, by scope", "Consent") with a small world whose
 * answer is written out by hand.
 */

const SEED = 20_260_117;
const WORLDS = 200;
const SCOPES: readonly DataScope[] = [DataScope.SUMMARY, DataScope.IDENTITY, DataScope.LOCATION, DataScope.SERVICES, DataScope.INVESTIGATION];
const SHARED: readonly DataScope[] = [DataScope.IDENTITY, DataScope.LOCATION, DataScope.SERVICES, DataScope.INVESTIGATION];
const CONSENTABLE: readonly DataScope[] = [DataScope.IDENTITY, DataScope.LOCATION, DataScope.SERVICES];
const CONTENT_ROLES: readonly Role[] = [Role.STAFF, Role.SUPERVISOR];
const NO_CONTENT_ROLES: readonly Role[] = [Role.AGENCY_ADMIN, Role.AUDITOR, Role.SYSTEM_ADMIN];
const MINUTE = 60_000;

// ---------------------------------------------------------------------------------------------
// A world, described by indices into its own lists; times are minutes relative to `now`.
// ---------------------------------------------------------------------------------------------

interface PartnerSpec {
  agency: number;
  scopes: DataScope[];
  /** Of `scopes`, those held on consent (IDENTITY, LOCATION, SERVICES only); the others on no consent. */
  consentScopes: DataScope[];
  active: boolean;
  via: 'REFERRAL' | 'HANDOFF' | 'SHARE' | 'BREAK_GLASS' | 'REPORT';
}

interface AssignmentSpec {
  user: number;
  /** The agency recorded on the assignment; null: the user's current agency. Another one models a moved user. */
  agency: number | null;
  active: boolean;
  primary: boolean;
}

interface GrantSpec {
  user: number;
  /** The agency recorded on the grant; null: the user's current agency. */
  agency: number | null;
  expiresIn: number;
  revoked: boolean;
}

interface ConsentSpec {
  scopes: DataScope[];
  agencies: number[];
  types: AgencyType[];
  effectiveIn: number;
  /** Minutes after `effectiveIn`; null: no end date. */
  lasts: number | null;
  revoked: boolean;
  grantedBy: 'YOUTH' | 'GUARDIAN' | 'COURT';
}

/** A deadline of the case: only a PENDING one is an open clock (docs/access-policy.md, "Who sees a case", rule 6, reads the NCIC entry's). */
interface ClockSpec {
  agency: number;
  kind: 'NCIC_ENTRY' | 'REFERRAL_RESPONSE' | 'CASE_REVIEW';
  status: 'PENDING' | 'MET' | 'BREACHED' | 'CANCELLED';
}

interface CaseSpec {
  lead: number;
  partners: PartnerSpec[];
  assignments: AssignmentSpec[];
  grants: GrantSpec[];
  consents: ConsentSpec[];
  clocks: ClockSpec[];
}

interface WorldSpec {
  jurisdictions: number;
  agencies: { type: AgencyType; jurisdiction: number }[];
  users: { role: Role; agency: number | null }[];
  cases: CaseSpec[];
}

interface World {
  spec: WorldSpec;
  agencyIds: string[];
  viewers: Viewer[];
  caseIds: string[];
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

/** Minutes away from now, never closer than one minute, either side. */
const awayFromNow = fc.oneof(fc.integer({ min: -3 * 24 * 60, max: -1 }), fc.integer({ min: 1, max: 3 * 24 * 60 }));
const index = fc.nat({ max: 31 });
const agencyType = fc.constantFrom(...Object.values(AgencyType));

/** Scopes shared with a partner, each on its own basis: some on consent, some not, in one membership. */
const basisArb = fc.subarray([...SHARED]).chain((scopes) => fc.record({ scopes: fc.constant(scopes), consentScopes: fc.subarray(scopes.filter((scope) => CONSENTABLE.includes(scope))) }));

const partnerArb: fc.Arbitrary<PartnerSpec> = fc
  .tuple(
    basisArb,
    fc.record({
      agency: index,
      active: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }),
      via: fc.constantFrom('REFERRAL' as const, 'HANDOFF' as const, 'SHARE' as const, 'BREAK_GLASS' as const, 'REPORT' as const),
    }),
  )
  .map(([basis, rest]) => ({ ...rest, ...basis }));

const clockArb: fc.Arbitrary<ClockSpec> = fc.record({
  agency: index,
  kind: fc.oneof({ arbitrary: fc.constant('NCIC_ENTRY' as const), weight: 3 }, { arbitrary: fc.constantFrom('REFERRAL_RESPONSE' as const, 'CASE_REVIEW' as const), weight: 1 }),
  status: fc.oneof({ arbitrary: fc.constant('PENDING' as const), weight: 3 }, { arbitrary: fc.constantFrom('MET' as const, 'BREACHED' as const, 'CANCELLED' as const), weight: 1 }),
});

const assignmentArb: fc.Arbitrary<AssignmentSpec> = fc.record({
  user: index,
  agency: fc.option(index, { freq: 4 }),
  active: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }),
  primary: fc.boolean(),
});

const grantArb: fc.Arbitrary<GrantSpec> = fc.record({
  user: index,
  agency: fc.option(index, { freq: 4 }),
  expiresIn: awayFromNow,
  revoked: fc.boolean(),
});

const consentArb: fc.Arbitrary<ConsentSpec> = fc
  .record({
    scopes: fc.subarray([...SHARED]),
    agencies: fc.array(index, { maxLength: 3 }),
    types: fc.subarray(Object.values(AgencyType), { maxLength: 3 }),
    effectiveIn: awayFromNow,
    lasts: fc.option(fc.integer({ min: 1, max: 4 * 24 * 60 }), { freq: 3 }),
    revoked: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
    grantedBy: fc.constantFrom('YOUTH' as const, 'GUARDIAN' as const, 'COURT' as const),
  })
  // The end of a consent is kept away from now too.
  .map((consent) => (consent.lasts !== null && consent.effectiveIn + consent.lasts === 0 ? { ...consent, lasts: consent.lasts + 1 } : consent));

const caseArb: fc.Arbitrary<CaseSpec> = fc.record({
  lead: index,
  partners: fc.array(partnerArb, { maxLength: 4 }),
  assignments: fc.array(assignmentArb, { maxLength: 6 }),
  grants: fc.array(grantArb, { maxLength: 2 }),
  consents: fc.array(consentArb, { maxLength: 4 }),
  clocks: fc.array(clockArb, { maxLength: 3 }),
});

const roleArb = fc.oneof(
  { arbitrary: fc.constantFrom(...CONTENT_ROLES), weight: 3 },
  { arbitrary: fc.constantFrom(...NO_CONTENT_ROLES), weight: 1 },
);

const worldArb: fc.Arbitrary<WorldSpec> = fc.record({
  jurisdictions: fc.integer({ min: 1, max: 2 }),
  agencies: fc.array(fc.record({ type: agencyType, jurisdiction: index }), { minLength: 3, maxLength: 6 }),
  users: fc.array(
    fc.record({ role: roleArb, agency: index, agencyless: fc.boolean() }).map(({ role, agency, agencyless }) => ({
      role,
      // Only auditors and system administrators may have no agency (app_user_agency_required).
      agency: agencyless && (role === Role.AUDITOR || role === Role.SYSTEM_ADMIN) ? null : agency,
    })),
    { minLength: 3, maxLength: 8 },
  ),
  cases: fc.array(caseArb, { minLength: 1, maxLength: 6 }),
});

// ---------------------------------------------------------------------------------------------
// Writing a world into the database (explicit ids, a few multi-row inserts)
// ---------------------------------------------------------------------------------------------

async function insertRows(tx: Tx, table: string, columns: Record<string, string>, rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  const casts = Object.values(columns);
  const values: unknown[] = [];
  const tuples = rows.map((row) => `(${row.map((value, i) => `$${values.push(value)}::${casts[i]}`).join(', ')})`);
  await tx.query(`INSERT INTO ${table} (${names.join(', ')}) VALUES ${tuples.join(', ')}`, values);
}

function jurisdictionCode(): string {
  return Array.from(randomBytes(5), (byte) => String.fromCharCode(65 + (byte % 26))).join('');
}

async function materialize(tx: Tx, spec: WorldSpec, now: Date): Promise<World> {
  const at = (minutes: number) => new Date(now.getTime() + Math.round(minutes * MINUTE));
  const jurisdictionIds: string[] = [];
  while (jurisdictionIds.length < spec.jurisdictions) {
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO jurisdiction (code, name) VALUES ($1, 'Property County') ON CONFLICT (code) DO NOTHING RETURNING id`,
      [jurisdictionCode()],
    );
    if (rows[0]) jurisdictionIds.push(rows[0].id);
  }

  const agencies = spec.agencies.map((agency) => ({
    id: randomUUID(),
    type: agency.type,
    jurisdictionId: jurisdictionIds[agency.jurisdiction % jurisdictionIds.length]!,
  }));
  const agencyAt = (i: number) => agencies[i % agencies.length]!;
  await insertRows(
    tx,
    'agency',
    { id: 'uuid', name: 'text', type: 'text', jurisdiction_id: 'uuid' },
    agencies.map((agency) => [agency.id, `${agency.type} ${agency.id}`, agency.type, agency.jurisdictionId]),
  );

  const viewers: Viewer[] = spec.users.map((user) => {
    const agency = user.agency === null ? null : agencyAt(user.agency);
    const id = randomUUID();
    return {
      userId: id,
      sessionId: randomUUID(),
      email: `property-${id}@tandem.test`,
      displayName: `${user.role} ${id.slice(0, 8)}`,
      role: user.role,
      agencyId: agency?.id ?? null,
      agencyType: agency?.type ?? null,
      jurisdictionId: agency?.jurisdictionId ?? null,
    };
  });
  const userAt = (i: number) => viewers[i % viewers.length]!;
  await insertRows(
    tx,
    'app_user',
    { id: 'uuid', email: 'text', display_name: 'text', agency_id: 'uuid', role: 'text', password_hash: 'text' },
    viewers.map((viewer) => [viewer.userId, viewer.email, viewer.displayName, viewer.agencyId, viewer.role, 'not-a-real-hash']),
  );
  // The agency a row records for a user: the given one, or the user's own (the first agency for agencyless users).
  const recordedAgency = (user: Viewer, agency: number | null) => (agency === null ? (user.agencyId ?? agencies[0]!.id) : agencyAt(agency).id);

  const caseIds = spec.cases.map(() => randomUUID());
  const creator = viewers[0]!.userId;
  await insertRows(
    tx,
    'case_file',
    { id: 'uuid', case_number: 'text', jurisdiction_id: 'uuid', lead_agency_id: 'uuid', created_by: 'uuid' },
    spec.cases.map((c, i) => {
      const lead = agencyAt(c.lead);
      return [caseIds[i], `PT-${caseIds[i]}`, lead.jurisdictionId, lead.id, creator];
    }),
  );

  const memberships: unknown[][] = [];
  const assignments: unknown[][] = [];
  const grants: unknown[][] = [];
  const consents: unknown[][] = [];
  const clocks: unknown[][] = [];
  spec.cases.forEach((c, i) => {
    const caseId = caseIds[i]!;
    const lead = agencyAt(c.lead);
    memberships.push([caseId, lead.id, 'LEAD', [...SCOPES], 'CREATED', [], true]);
    // At most one active membership per agency (membership_active_key): a second one is an ended one.
    const activeMembers = new Set([lead.id]);
    for (const partner of c.partners) {
      const agencyId = agencyAt(partner.agency).id;
      const active = partner.active && !activeMembers.has(agencyId);
      if (active) activeMembers.add(agencyId);
      memberships.push([caseId, agencyId, 'PARTNER', partner.scopes, partner.via, partner.consentScopes, active]);
    }
    // At most one active assignment per user (assignment_active_key).
    const activeAssignees = new Set<string>();
    for (const assignment of c.assignments) {
      const user = userAt(assignment.user);
      const active = assignment.active && !activeAssignees.has(user.userId);
      if (active) activeAssignees.add(user.userId);
      assignments.push([caseId, user.userId, recordedAgency(user, assignment.agency), assignment.primary ? 'PRIMARY' : 'SECONDARY', active]);
    }
    for (const grant of c.grants) {
      const user = userAt(grant.user);
      const expiresAt = at(grant.expiresIn);
      grants.push([
        caseId,
        user.userId,
        recordedAgency(user, grant.agency),
        'property test: justification of break glass',
        new Date(expiresAt.getTime() - 4 * 60 * MINUTE),
        expiresAt,
        grant.revoked ? new Date(expiresAt.getTime() - 60 * MINUTE) : null,
      ]);
    }
    for (const clock of c.clocks) {
      const pending = clock.status === 'PENDING';
      clocks.push([clock.kind, caseId, 'Property', randomUUID(), agencyAt(clock.agency).id, at(-60), at(60), clock.status, pending ? at(30) : null]);
    }
    for (const consent of c.consents) {
      consents.push([
        caseId,
        consent.grantedBy,
        consent.scopes,
        consent.agencies.map((a) => agencyAt(a).id),
        consent.types,
        'property test',
        at(consent.effectiveIn),
        consent.lasts === null ? null : at(consent.effectiveIn + consent.lasts),
        consent.revoked ? at(Math.min(consent.effectiveIn, 0) - 1) : null,
        creator,
      ]);
    }
  });
  await insertRows(
    tx,
    'membership',
    { case_id: 'uuid', agency_id: 'uuid', role: 'text', scopes: 'text[]', granted_via: 'text', consent_scopes: 'text[]', active: 'boolean' },
    memberships,
  );
  await insertRows(tx, 'assignment', { case_id: 'uuid', user_id: 'uuid', agency_id: 'uuid', role: 'text', active: 'boolean' }, assignments);
  await insertRows(
    tx,
    'access_grant',
    { case_id: 'uuid', user_id: 'uuid', agency_id: 'uuid', justification: 'text', granted_at: 'timestamptz', expires_at: 'timestamptz', revoked_at: 'timestamptz' },
    grants,
  );
  await insertRows(
    tx,
    'consent',
    {
      case_id: 'uuid',
      granted_by: 'text',
      scopes: 'text[]',
      agency_ids: 'uuid[]',
      agency_types: 'text[]',
      purpose: 'text',
      effective_at: 'timestamptz',
      expires_at: 'timestamptz',
      revoked_at: 'timestamptz',
      recorded_by: 'uuid',
    },
    consents,
  );
  await insertRows(
    tx,
    'deadline',
    { kind: 'text', case_id: 'uuid', subject_type: 'text', subject_id: 'uuid', agency_id: 'uuid', started_at: 'timestamptz', due_at: 'timestamptz', status: 'text', next_at: 'timestamptz' },
    clocks,
  );
  return { spec, agencyIds: agencies.map((a) => a.id), viewers, caseIds };
}

// ---------------------------------------------------------------------------------------------
// Asking both forms of the rules
// ---------------------------------------------------------------------------------------------

/** What SQL and CASL answer for one user and one case. */
interface Answer {
  user: number;
  case: number;
  viewer: Viewer;
  facts: CaseFacts;
  ability: CaseAbility;
  /** visibleIds: the list query. */
  sqlVisible: boolean;
  /** caseVisibilityPredicate evaluated for this case alone. */
  sqlPredicateVisible: boolean;
  caslVisible: boolean;
  sqlScopes: DataScope[];
  /** caseScopeFilter (the search form) of every scope, evaluated for this case alone. */
  sqlFilterScopes: DataScope[];
  caslScopes: DataScope[];
  scopesOf: DataScope[];
}


async function answers(repository: CaseRepository, tx: Tx, world: World, now: Date): Promise<Answer[]> {
  const facts = new Map((await repository.withFacts(tx, world.caseIds)).map((row) => [row.facts.id, row.facts]));
  const abilities = world.viewers.map((viewer) => defineCaseAbility(viewer, now));

  // Rule form 1: the list query (visibleIds), once per user.
  const visible: Set<string>[] = [];
  for (const ability of abilities) visible.push(new Set(await repository.visibleIds(tx, ability, world.caseIds)));

  // Rule form 2: every scope predicate of every user, in one statement per world.
  const params = new SqlParams([world.caseIds]);
  const columns = abilities.flatMap((ability, u) => [
    `${caseVisibilityPredicate(ability, 'c', params)} AS "u${u}_visible"`,
    ...SCOPES.map((scope) => `${caseScopePredicate(ability, scope, 'c', params)} AS "u${u}_${scope}"`),
    ...SCOPES.map((scope) => `${caseScopeFilter(ability, scope, 'c', params)} AS "u${u}_filter_${scope}"`),
  ]);
  const rows: Record<string, unknown>[] = await tx.query(
    `SELECT c.id, ${columns.join(', ')} FROM case_file c WHERE c.id = ANY($1::uuid[])`,
    params.values,
  );
  const byCase = new Map(rows.map((row) => [row.id as string, row]));

  const result: Answer[] = [];
  world.viewers.forEach((viewer, u) => {
    const ability = abilities[u]!;
    world.caseIds.forEach((caseId, c) => {
      const caseFacts = facts.get(caseId);
      const row = byCase.get(caseId);
      if (!caseFacts || !row) throw new Error(`case ${caseId} was not written`);
      const tagged = subject('Case', { ...caseFacts });
      result.push({
        user: u,
        case: c,
        viewer,
        facts: caseFacts,
        ability,
        sqlVisible: visible[u]!.has(caseId),
        sqlPredicateVisible: row[`u${u}_visible`] === true,
        caslVisible: canSee(ability, caseFacts),
        sqlScopes: SCOPES.filter((scope) => row[`u${u}_${scope}`] === true),
        sqlFilterScopes: SCOPES.filter((scope) => row[`u${u}_filter_${scope}`] === true),
        caslScopes: SCOPES.filter((scope) => ability.can('read', tagged, scope)),
        scopesOf: scopesOf(ability, caseFacts),
      });
    });
  });
  return result;
}

/** Runs `work` on a world written in a transaction that is rolled back afterwards. */
async function withWorld<T>(t: TestApp, spec: WorldSpec, now: Date, work: (tx: Tx, world: World) => Promise<T>): Promise<T> {
  const runner = t.db.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    return await work(runner.manager, await materialize(runner.manager, spec, now));
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

// ---------------------------------------------------------------------------------------------
// The property: zero mismatches
// ---------------------------------------------------------------------------------------------

interface Mismatch {
  kind: 'visibility' | 'visibility-predicate' | 'scope' | 'scope-filter' | 'scopesOf' | 'no-content-role-sees';
  user: number;
  role: Role;
  agencyType: AgencyType | null;
  case: number;
  scope?: DataScope;
  sql: unknown;
  casl: unknown;
  facts: CaseFacts;
}

interface Stats {
  worlds: number;
  users: number;
  /** Sum over worlds of users x cases. */
  pairs: number;
  cases: number;
  visibilityComparisons: number;
  scopeComparisons: number;
  scopesOfComparisons: number;
  visiblePairs: number;
  grantedScopes: Record<string, number>;
  consentGranted: number;
  consentWithheld: number;
  /** Pairs where the case is visible only through an open clock (rule 6). */
  seenByReportClock: number;
  roles: Set<Role>;
  agencyTypes: Set<AgencyType>;
}

function compare(list: Answer[], stats: Stats | null): Mismatch[] {
  const mismatches: Mismatch[] = [];
  for (const a of list) {
    const base = { user: a.user, role: a.viewer.role, agencyType: a.viewer.agencyType, case: a.case, facts: a.facts };
    if (a.sqlVisible !== a.caslVisible) mismatches.push({ ...base, kind: 'visibility', sql: a.sqlVisible, casl: a.caslVisible });
    if (a.sqlPredicateVisible !== a.caslVisible) mismatches.push({ ...base, kind: 'visibility-predicate', sql: a.sqlPredicateVisible, casl: a.caslVisible });
    for (const scope of SCOPES) {
      const sql = a.sqlScopes.includes(scope);
      const casl = a.caslScopes.includes(scope);
      if (sql !== casl) mismatches.push({ ...base, kind: 'scope', scope, sql, casl });
      const filtered = a.sqlFilterScopes.includes(scope);
      if (filtered !== casl) mismatches.push({ ...base, kind: 'scope-filter', scope, sql: filtered, casl });
    }
    // scopesOf is what single-record reads use: it must list exactly the scopes ability.can grants.
    const expectedScopesOf = a.caslScopes.includes(DataScope.SUMMARY) ? a.caslScopes : [];
    if (JSON.stringify(a.scopesOf) !== JSON.stringify(expectedScopesOf)) {
      mismatches.push({ ...base, kind: 'scopesOf', sql: a.sqlScopes, casl: a.scopesOf });
    }
    if (NO_CONTENT_ROLES.includes(a.viewer.role) && (a.sqlScopes.length || a.caslScopes.length || a.sqlVisible || a.caslVisible)) {
      mismatches.push({ ...base, kind: 'no-content-role-sees', sql: a.sqlScopes, casl: a.caslScopes });
    }
    if (!stats) continue;
    stats.visibilityComparisons += 2;
    stats.scopeComparisons += SCOPES.length * 2;
    stats.scopesOfComparisons += 1;
    if (a.caslVisible) stats.visiblePairs += 1;
    if (a.caslVisible && !canSee(a.ability, { ...a.facts, clocks: [] })) stats.seenByReportClock += 1;
    for (const scope of a.caslScopes) stats.grantedScopes[scope] = (stats.grantedScopes[scope] ?? 0) + 1;
    const partner = a.facts.memberships.find((m) => m.active && m.role === 'PARTNER' && m.agencyId === a.viewer.agencyId);
    if (a.caslVisible && partner) {
      for (const scope of partner.consentScopes) {
        if (a.caslScopes.includes(scope as DataScope)) stats.consentGranted += 1;
        else stats.consentWithheld += 1;
      }
    }
  }
  return mismatches;
}

describe('access rules: SQL and CASL agree (property)', () => {
  let t: TestApp;
  const now = new Date();

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it(`gives the same answer in SQL and in memory for every user, case and scope of ${WORLDS} generated worlds`, async () => {
    const stats: Stats = {
      worlds: 0,
      users: 0,
      pairs: 0,
      cases: 0,
      visibilityComparisons: 0,
      scopeComparisons: 0,
      scopesOfComparisons: 0,
      visiblePairs: 0,
      grantedScopes: {},
      consentGranted: 0,
      consentWithheld: 0,
      seenByReportClock: 0,
      roles: new Set(),
      agencyTypes: new Set(),
    };
    const failure: { first: { spec: WorldSpec; mismatches: Mismatch[] } | null } = { first: null };

    const details = await fc.check(
      fc.asyncProperty(worldArb, async (spec) => {
        // Once a world has failed, fast-check shrinks it: those runs do not count.
        const counting = failure.first === null ? stats : null;
        const found = await withWorld(t, spec, now, async (tx, world) => {
          if (counting) {
            counting.worlds += 1;
            counting.users += world.viewers.length;
            counting.cases += world.caseIds.length;
            counting.pairs += world.viewers.length * world.caseIds.length;
            for (const viewer of world.viewers) {
              counting.roles.add(viewer.role);
              if (viewer.agencyType) counting.agencyTypes.add(viewer.agencyType);
            }
          }
          return compare(await answers(t.app.get(CaseRepository), tx, world, now), counting);
        });
        if (found.length && failure.first === null) failure.first = { spec, mismatches: found };
        return found.length === 0;
      }),
      { seed: SEED, numRuns: WORLDS },
    );

    // The smallest failing world fast-check found, with every mismatch in it.
    const mismatches: unknown[] = [];
    if (details.failed) {
      const shrunk = details.counterexample?.[0];
      const again = shrunk ? await withWorld(t, shrunk, now, async (tx, world) => compare(await answers(t.app.get(CaseRepository), tx, world, now), null)) : [];
      mismatches.push({
        seed: details.seed,
        path: details.counterexamplePath,
        error: details.errorInstance ? String(details.errorInstance) : undefined,
        minimalWorld: shrunk,
        minimalMismatches: again,
        firstFailingWorldMismatchCount: failure.first?.mismatches.length,
      });
    }
    expect(mismatches).toEqual([]);

    console.log(
      `access property: ${stats.worlds} worlds (${stats.users} users, ${stats.cases} cases), ` +
        `${stats.pairs} user x case pairs: ${stats.visibilityComparisons} visibility (visibleIds and caseVisibilityPredicate) + ` +
        `${stats.scopeComparisons} scope (per-row and search forms) + ${stats.scopesOfComparisons} scopesOf comparisons, ` +
        `0 mismatches; visible pairs ${stats.visiblePairs}, scopes granted ${JSON.stringify(stats.grantedScopes)}, ` +
        `consent-required scopes granted ${stats.consentGranted} / withheld ${stats.consentWithheld}, ` +
        `seen only through an open report clock ${stats.seenByReportClock}`,
    );
    expect(stats.worlds).toBe(WORLDS);
    expect(stats.pairs).toBeGreaterThanOrEqual(WORLDS * 3);
    expect(stats.visibilityComparisons).toBe(stats.pairs * 2);
    expect(stats.scopeComparisons).toBe(stats.pairs * SCOPES.length * 2);
    expect(stats.scopesOfComparisons).toBe(stats.pairs);
    // The generated worlds exercise every role, every agency type, every scope and both sides of consent.
    expect([...stats.roles].sort()).toEqual(Object.values(Role).sort());
    expect([...stats.agencyTypes].sort()).toEqual(Object.values(AgencyType).sort());
    for (const scope of SCOPES) expect(stats.grantedScopes[scope] ?? 0).toBeGreaterThan(0);
    expect(stats.visiblePairs).toBeGreaterThan(0);
    expect(stats.visiblePairs).toBeLessThan(stats.pairs);
    expect(stats.consentGranted).toBeGreaterThan(0);
    expect(stats.consentWithheld).toBeGreaterThan(0);
    expect(stats.seenByReportClock).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Each rule of docs/access-policy.md on a hand-written world: SQL and CASL agree, and say what the policy says
// ---------------------------------------------------------------------------------------------

describe('access rules: SQL and CASL agree with docs/access-policy.md (examples)', () => {
  let t: TestApp;
  const now = new Date();

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const ALL = [...LEAD_SCOPES];
  const { SUMMARY, IDENTITY, LOCATION, SERVICES, INVESTIGATION } = DataScope;

  /** The scopes each user gets of case 0, as SQL and as CASL; both must equal the expected ones. */
  async function scopesOfCase0(spec: WorldSpec): Promise<{ sql: DataScope[]; casl: DataScope[] }[]> {
    return withWorld(t, spec, now, async (tx, world) => {
      const list = (await answers(t.app.get(CaseRepository), tx, world, now)).filter((a) => a.case === 0);
      expect(compare(list, null)).toEqual([]);
      return list.map((a) => ({ sql: a.sqlScopes, casl: a.caslScopes }));
    });
  }
  const both = (scopes: DataScope[]) => ({ sql: scopes, casl: scopes });
  const none = both([]);

  const oneCase = (c: Partial<CaseSpec>): CaseSpec => ({ lead: 0, partners: [], assignments: [], grants: [], consents: [], clocks: [], ...c });
  /** Agencies: 0 child welfare (lead), 1 shelter, 2 law enforcement, 3 prosecution, 4 counseling. */
  const agencies: WorldSpec['agencies'] = [
    { type: AgencyType.CHILD_WELFARE, jurisdiction: 0 },
    { type: AgencyType.SHELTER, jurisdiction: 0 },
    { type: AgencyType.LAW_ENFORCEMENT, jurisdiction: 0 },
    { type: AgencyType.PROSECUTION, jurisdiction: 0 },
    { type: AgencyType.COUNSELING, jurisdiction: 0 },
  ];
  const world = (users: WorldSpec['users'], c: Partial<CaseSpec>): WorldSpec => ({ jurisdictions: 1, agencies, users, cases: [oneCase(c)] });
  const consent = (c: Partial<ConsentSpec>): ConsentSpec => ({
    scopes: [IDENTITY, LOCATION],
    agencies: [1],
    types: [],
    effectiveIn: -60,
    lasts: null,
    revoked: false,
    grantedBy: 'GUARDIAN',
    ...c,
  });
  const partner = (agency: number, scopes: DataScope[], consentRequired: boolean | DataScope[], active = true): PartnerSpec => ({
    agency,
    scopes,
    consentScopes: Array.isArray(consentRequired) ? consentRequired : consentRequired ? scopes.filter((scope) => CONSENTABLE.includes(scope)) : [],
    active,
    via: 'REFERRAL',
  });
  const assigned = (user: number, extra: Partial<AssignmentSpec> = {}): AssignmentSpec => ({ user, agency: null, active: true, primary: false, ...extra });

  it('rule 1: the lead supervisor sees without assignment; lead staff only when assigned (and an ended assignment counts for nothing)', async () => {
    const users = [
      { role: Role.SUPERVISOR, agency: 0 },
      { role: Role.STAFF, agency: 0 },
      { role: Role.STAFF, agency: 0 },
      { role: Role.STAFF, agency: 0 },
    ];
    expect(await scopesOfCase0(world(users, { assignments: [assigned(1, { primary: true }), assigned(3, { active: false })] }))).toEqual([
      both(ALL),
      both(ALL),
      none,
      none,
    ]);
  });

  it('rules 2 and 3: partner staff need an assignment and an active membership; partner supervisors an active membership', async () => {
    const users = [
      { role: Role.STAFF, agency: 1 },
      { role: Role.STAFF, agency: 1 },
      { role: Role.SUPERVISOR, agency: 1 },
    ];
    const active = await scopesOfCase0(world(users, { partners: [partner(1, [SERVICES], false)], assignments: [assigned(0)] }));
    expect(active).toEqual([both([SUMMARY, SERVICES]), none, both([SUMMARY, SERVICES])]);
    const ended = await scopesOfCase0(world(users, { partners: [partner(1, [SERVICES], false, false)], assignments: [assigned(0)] }));
    expect(ended).toEqual([none, none, none]);
    const endedAssignment = await scopesOfCase0(world(users, { partners: [partner(1, [SERVICES], false)], assignments: [assigned(0, { active: false })] }));
    expect(endedAssignment).toEqual([none, none, both([SUMMARY, SERVICES])]);
  });

  it('consent: a consent-required partner scope holds only while an active consent covers the agency (by id or type) and the scope', async () => {
    const users = [{ role: Role.SUPERVISOR, agency: 1 }];
    const shared = { partners: [partner(1, [IDENTITY, LOCATION, SERVICES], true)] };
    const withConsents = (...consents: ConsentSpec[]) => scopesOfCase0(world(users, { ...shared, consents }));
    expect(await withConsents()).toEqual([both([SUMMARY])]);
    expect(await withConsents(consent({}))).toEqual([both([SUMMARY, IDENTITY, LOCATION])]);
    expect(await withConsents(consent({ agencies: [], types: [AgencyType.SHELTER], scopes: [SERVICES] }))).toEqual([both([SUMMARY, SERVICES])]);
    expect(await withConsents(consent({ lasts: 120 }))).toEqual([both([SUMMARY, IDENTITY, LOCATION])]);
    // Expired, revoked, not yet effective, for another agency or type: nothing rests on it.
    expect(await withConsents(consent({ effectiveIn: -120, lasts: 60 }))).toEqual([both([SUMMARY])]);
    expect(await withConsents(consent({ revoked: true }))).toEqual([both([SUMMARY])]);
    expect(await withConsents(consent({ effectiveIn: 30 }))).toEqual([both([SUMMARY])]);
    expect(await withConsents(consent({ agencies: [2], types: [AgencyType.COUNSELING] }))).toEqual([both([SUMMARY])]);
    // One live consent among dead ones is enough, for its own scopes only.
    expect(await withConsents(consent({ revoked: true, scopes: [IDENTITY] }), consent({ scopes: [LOCATION] }))).toEqual([both([SUMMARY, LOCATION])]);
  });

  it('consent: scopes shared without consent (law enforcement, emergency, former lead) need none', async () => {
    const users = [{ role: Role.SUPERVISOR, agency: 1 }];
    expect(await scopesOfCase0(world(users, { partners: [partner(1, [IDENTITY, SERVICES], false)] }))).toEqual([both([SUMMARY, IDENTITY, SERVICES])]);
  });

  it('INVESTIGATION: held by law-enforcement and prosecution partners only, whatever was shared or consented', async () => {
    const users = [
      { role: Role.SUPERVISOR, agency: 2 },
      { role: Role.SUPERVISOR, agency: 3 },
      { role: Role.SUPERVISOR, agency: 1 },
      { role: Role.SUPERVISOR, agency: 4 },
    ];
    const spec = world(users, {
      partners: [partner(2, [], true), partner(3, [IDENTITY], false), partner(1, [INVESTIGATION], false), partner(4, [INVESTIGATION], true)],
      consents: [consent({ scopes: [INVESTIGATION], agencies: [1, 4] })],
    });
    expect(await scopesOfCase0(spec)).toEqual([
      both([SUMMARY, INVESTIGATION]),
      both([SUMMARY, IDENTITY, INVESTIGATION]),
      both([SUMMARY]),
      both([SUMMARY]),
    ]);
  });

  it('agency admins, auditors and system admins see nothing, even assigned, of the lead, or holding a grant', async () => {
    const users = [
      { role: Role.AGENCY_ADMIN, agency: 0 },
      { role: Role.AUDITOR, agency: null },
      { role: Role.SYSTEM_ADMIN, agency: null },
      { role: Role.AUDITOR, agency: 0 },
    ];
    const spec = world(users, {
      assignments: [assigned(0, { primary: true }), assigned(1, { agency: 0 }), assigned(2, { agency: 0 }), assigned(3)],
      grants: [0, 1, 2, 3].map((user) => ({ user, agency: 0, expiresIn: 120, revoked: false })),
    });
    expect(await scopesOfCase0(spec)).toEqual([none, none, none, none]);
  });

  it('rule 5: an unexpired, unrevoked break-glass grant gives SUMMARY, IDENTITY, LOCATION; an expired or revoked one nothing', async () => {
    const users = [
      { role: Role.STAFF, agency: 2 },
      { role: Role.STAFF, agency: 2 },
      { role: Role.STAFF, agency: 2 },
      { role: Role.STAFF, agency: 2 },
    ];
    const spec = world(users, {
      grants: [
        { user: 0, agency: null, expiresIn: 120, revoked: false },
        { user: 1, agency: null, expiresIn: -1, revoked: false },
        { user: 2, agency: null, expiresIn: 120, revoked: true },
      ],
    });
    expect(await scopesOfCase0(spec)).toEqual([both([SUMMARY, IDENTITY, LOCATION]), none, none, none]);
  });

  it('rule 6: law-enforcement staff of a partner see the case while an NCIC clock of their agency is open, or once assigned', async () => {
    // Agency 2 is law enforcement, a partner by a report; agency 1 a shelter partner with an open clock of its own.
    const users = [
      { role: Role.STAFF, agency: 2 },
      { role: Role.STAFF, agency: 1 },
      { role: Role.STAFF, agency: 2 },
    ];
    const reported = { partners: [{ ...partner(2, [IDENTITY, LOCATION, INVESTIGATION], false), via: 'REPORT' as const }, partner(1, [SERVICES], false)] };
    const LE = both([SUMMARY, IDENTITY, LOCATION, INVESTIGATION]);
    const open = (agency: number, kind: ClockSpec['kind'] = 'NCIC_ENTRY', status: ClockSpec['status'] = 'PENDING'): ClockSpec => ({ agency, kind, status });
    expect(await scopesOfCase0(world(users, { ...reported, clocks: [open(2), open(1)] }))).toEqual([LE, none, LE]);
    // Met, breached or cancelled: the clock is closed; another kind of clock opens nothing; an assignment still counts.
    for (const status of ['MET', 'BREACHED', 'CANCELLED'] as const) {
      expect(await scopesOfCase0(world(users, { ...reported, clocks: [open(2, 'NCIC_ENTRY', status)] }))).toEqual([none, none, none]);
    }
    expect(await scopesOfCase0(world(users, { ...reported, clocks: [open(2, 'REFERRAL_RESPONSE')] }))).toEqual([none, none, none]);
    expect(await scopesOfCase0(world(users, { ...reported, assignments: [assigned(2)] }))).toEqual([none, none, LE]);
    // An open clock without an active membership shows nothing.
    expect(await scopesOfCase0(world(users, { partners: [{ ...reported.partners[0]!, active: false }], clocks: [open(2)] }))).toEqual([none, none, none]);
  });

  it('a user moved to another agency keeps nothing of the old one: an assignment recorded for the old agency counts for nothing', async () => {
    // User 0 was lead staff (assignment recorded for agency 0) and is now shelter staff; user 1 now supervises the shelter.
    const users = [
      { role: Role.STAFF, agency: 1 },
      { role: Role.SUPERVISOR, agency: 1 },
    ];
    expect(await scopesOfCase0(world(users, { assignments: [assigned(0, { agency: 0, primary: true }), assigned(1, { agency: 0 })] }))).toEqual([none, none]);
    // Even when the new agency is a partner: the old assignment does not make the staff member an assignee of it.
    const partnerNow = await scopesOfCase0(world(users, { partners: [partner(1, [SERVICES], false)], assignments: [assigned(0, { agency: 0 })] }));
    expect(partnerNow).toEqual([none, both([SUMMARY, SERVICES])]);
  });

  it('time boundaries are the same in SQL and in memory, to the millisecond', async () => {
    const users = [
      { role: Role.SUPERVISOR, agency: 1 },
      { role: Role.STAFF, agency: 2 },
      { role: Role.STAFF, agency: 2 },
    ];
    // A consent effective exactly now counts; one expiring exactly now does not; nor does a grant expiring now.
    const spec = world(users, {
      partners: [partner(1, [IDENTITY, LOCATION], true)],
      consents: [consent({ scopes: [IDENTITY], effectiveIn: 0 }), consent({ scopes: [LOCATION], effectiveIn: -60, lasts: 60 })],
      grants: [
        { user: 1, agency: null, expiresIn: 0, revoked: false },
        { user: 2, agency: null, expiresIn: 1 / MINUTE, revoked: false },
      ],
    });
    expect(await scopesOfCase0(spec)).toEqual([both([SUMMARY, IDENTITY]), none, both([SUMMARY, IDENTITY, LOCATION])]);
  });
});
