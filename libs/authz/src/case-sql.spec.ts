import { createMongoAbility, subject } from '@casl/ability';
import fc from 'fast-check';
import { CaseAbility, canSee, defineCaseAbility } from './case-ability';
import { CaseFacts, NO_EXPIRY } from './case-facts';
import { caseScopeBranches, caseScopeFilter, caseScopePredicate, caseVisibilityPredicate, SqlParams } from './case-sql';
import { DataScope, LEAD_SCOPES } from './scopes';
import { Viewer } from './viewer';
import { AgencyType, Role } from './vocabulary';

/*
 * The access rules are evaluated twice: by CASL in memory (`ability.can`) and, for lists, as the SQL
 * that case-sql.ts writes from the same rules. test/access-property.e2e-spec.ts runs that SQL in
 * PostgreSQL on worlds it writes to a database. This file checks the translation itself without a
 * database, on many more and smaller generated facts (times on the exact boundaries, revoked and
 * inactive rows, several cases side by side): it runs the SQL text the translation produces through a
 * small evaluator of the part of SQL the translation writes, over the rows the facts stand for, and
 * requires the answer CASL gives in memory, for every scope, in both the per-row and the search form.
 *
 * The evaluator follows SQL's three-valued logic and reads only the columns the tables below have: a
 * column the translation names that the schema does not have, an unknown table, operator or keyword,
 * fails the test. Times are whole seconds, so `extract(epoch ...) * 1000` is exact, as it is in
 * PostgreSQL's numeric arithmetic.
 */

// ---------------------------------------------------------------------------------------------
// The rows a case's facts stand for (the columns case-sql.ts reads, as the migrations name them).
// ---------------------------------------------------------------------------------------------

type Value = string | number | boolean | Date | null | Value[];
type Row = Record<string, Value>;
type Tables = Record<string, Row[]>;

const at = (ms: number): Date | null => (ms === NO_EXPIRY ? null : new Date(ms));

function tablesOf(cases: CaseFacts[]): Tables {
  const tables: Tables = { case: [], membership: [], assignment: [], access_grant: [], consent: [], case_inbox: [], case_clock: [] };
  for (const c of cases) {
    const case_id = c.id;
    tables.case!.push({ id: c.id, lead_agency_id: c.leadAgencyId, jurisdiction_id: c.jurisdictionId });
    for (const m of c.memberships) tables.membership!.push({ case_id, agency_id: m.agencyId, role: m.role, scopes: m.scopes, consent_scopes: m.consentScopes, active: m.active });
    for (const a of c.assignments) tables.assignment!.push({ case_id, user_id: a.userId, agency_id: a.agencyId, role: a.role, active: a.active });
    for (const g of c.grants) tables.access_grant!.push({ case_id, user_id: g.userId, agency_id: g.agencyId, expires_at: at(g.expiresAt), revoked_at: g.revoked ? new Date(0) : null });
    for (const k of c.consents) {
      tables.consent!.push({
        case_id,
        scopes: k.scopes,
        agency_ids: k.agencyIds,
        agency_types: k.agencyTypes,
        effective_at: at(k.effectiveAt),
        expires_at: at(k.expiresAt),
        revoked_at: k.revoked ? new Date(0) : null,
      });
    }
    for (const i of c.inbox) tables.case_inbox!.push({ case_id, agency_id: i.agencyId, scopes: i.scopes, consent_required: i.consentRequired });
    for (const k of c.clocks) tables.case_clock!.push({ case_id, agency_id: k.agencyId, kind: k.kind });
  }
  return tables;
}

// ---------------------------------------------------------------------------------------------
// An evaluator of the SQL the translation writes: boolean logic, comparisons, `= ANY`, IS [NOT]
// NULL, IS DISTINCT FROM, EXISTS and IN over single-table SELECTs joined by UNION ALL,
// extract(epoch from ...), coalesce, multiplication, and typed parameters.
// ---------------------------------------------------------------------------------------------

type Env = Record<string, Row>;
type Expr = (env: Env) => Value;
type Select = (env: Env) => Value[];

const TOKEN = /\s*(\$\d+|::[a-z0-9]+(?:\[\])?|[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?|\d+(?:\.\d+)?|<=|>=|[()=<>*,])/y;

function tokenize(sql: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < sql.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(sql);
    if (!match) {
      if (/^\s*$/.test(sql.slice(start))) break;
      throw new Error(`cannot read SQL at "${sql.slice(start, start + 30)}"`);
    }
    tokens.push(match[1]!);
  }
  return tokens;
}

const not3 = (v: Value): Value => (v === null ? null : !v);
const and3 = (a: Value, b: Value): Value => (a === false || b === false ? false : a === null || b === null ? null : true);
const or3 = (a: Value, b: Value): Value => (a === true || b === true ? true : a === null || b === null ? null : false);
const scalar = (v: Value): string | number | boolean | null => (v instanceof Date ? v.getTime() : (v as string | number | boolean | null));
const eq3 = (a: Value, b: Value): Value => (a === null || b === null ? null : scalar(a) === scalar(b));

function cast(value: unknown, type: string): Value {
  const element = type.replace('::', '').replace('[]', '');
  const one = (v: unknown): Value => {
    if (v === null || v === undefined) return null;
    if (element === 'float8') return typeof v === 'number' ? v : Number(v);
    if (element === 'boolean') {
      if (typeof v !== 'boolean') throw new Error(`parameter ${String(v)} is not a boolean`);
      return v;
    }
    if (element === 'uuid' || element === 'text') return String(v);
    throw new Error(`unknown cast ${type}`);
  };
  if (type.endsWith('[]')) {
    if (!Array.isArray(value)) throw new Error(`parameter for ${type} is not an array`);
    return value.map(one);
  }
  return one(value);
}

class SqlEvaluator {
  private position = 0;
  private readonly tokens: string[];

  constructor(
    sql: string,
    private readonly params: unknown[],
    private readonly tables: Tables,
  ) {
    this.tokens = tokenize(sql);
  }

  compile(): Expr {
    const expr = this.or();
    if (this.position !== this.tokens.length) throw new Error(`unread SQL from "${this.tokens.slice(this.position).join(' ')}"`);
    return expr;
  }

  private peek(word?: string): boolean {
    const token = this.tokens[this.position];
    return word === undefined ? token !== undefined : token?.toUpperCase() === word.toUpperCase();
  }

  private take(word?: string): string {
    const token = this.tokens[this.position];
    if (token === undefined || (word !== undefined && token.toUpperCase() !== word.toUpperCase())) {
      throw new Error(`expected ${word ?? 'more SQL'} at "${this.tokens.slice(this.position, this.position + 6).join(' ')}"`);
    }
    this.position += 1;
    return token;
  }

  private or(): Expr {
    let left = this.and();
    while (this.peek('OR')) {
      this.take();
      const [a, b] = [left, this.and()];
      left = (env) => or3(a(env), b(env));
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.peek('AND')) {
      this.take();
      const [a, b] = [left, this.not()];
      left = (env) => and3(a(env), b(env));
    }
    return left;
  }

  private not(): Expr {
    if (this.peek('NOT')) {
      this.take();
      const inner = this.not();
      return (env) => not3(inner(env));
    }
    return this.comparison();
  }

  private comparison(): Expr {
    if (this.peek('EXISTS')) {
      this.take();
      this.take('(');
      const select = this.selects();
      this.take(')');
      return (env) => select(env).length > 0;
    }
    const left = this.product();
    if (this.peek('IS')) {
      this.take();
      if (this.peek('NOT')) {
        this.take();
        this.take('NULL');
        return (env) => left(env) !== null;
      }
      if (this.peek('NULL')) {
        this.take();
        return (env) => left(env) === null;
      }
      this.take('DISTINCT');
      this.take('FROM');
      const right = this.product();
      return (env) => {
        const [a, b] = [left(env), right(env)];
        return a === null || b === null ? a !== b : scalar(a) !== scalar(b);
      };
    }
    if (this.peek('IN')) {
      this.take();
      this.take('(');
      const select = this.selects();
      this.take(')');
      return (env) => {
        const value = left(env);
        if (value === null) return null;
        const found = select(env);
        return found.some((v) => eq3(value, v) === true) ? true : found.some((v) => v === null) ? null : false;
      };
    }
    if (this.peek('=') && this.tokens[this.position + 1]?.toUpperCase() === 'ANY') {
      this.take();
      this.take();
      this.take('(');
      const list = this.or();
      this.take(')');
      return (env) => {
        const [value, array] = [left(env), list(env)];
        if (!Array.isArray(array)) throw new Error('ANY over a value that is not an array');
        if (value === null) return null;
        return array.some((v) => eq3(value, v) === true) ? true : array.some((v) => v === null) ? null : false;
      };
    }
    for (const operator of ['=', '<', '<=', '>', '>=']) {
      if (!this.peek(operator)) continue;
      this.take();
      const right = this.product();
      return (env) => {
        const [a, b] = [left(env), right(env)];
        if (a === null || b === null) return null;
        if (Array.isArray(a) || Array.isArray(b)) throw new Error(`${operator} between arrays`);
        const [x, y] = [scalar(a)!, scalar(b)!];
        if (operator !== '=' && (typeof x !== 'number' || typeof y !== 'number')) throw new Error(`${operator} between ${typeof x} and ${typeof y}`);
        return operator === '=' ? x === y : operator === '<' ? x < y : operator === '<=' ? x <= y : operator === '>' ? x > y : x >= y;
      };
    }
    return left;
  }

  private product(): Expr {
    let left = this.primary();
    while (this.peek('*')) {
      this.take();
      const [a, b] = [left, this.primary()];
      left = (env) => {
        const [x, y] = [a(env), b(env)];
        return x === null || y === null ? null : (x as number) * (y as number);
      };
    }
    return left;
  }

  private primary(): Expr {
    const token = this.take();
    const upper = token.toUpperCase();
    if (token === '(') {
      const inner = this.or();
      this.take(')');
      return inner;
    }
    if (upper === 'TRUE' || upper === 'FALSE') return () => upper === 'TRUE';
    if (upper === 'NULL') return () => null;
    if (/^\d/.test(token)) return () => Number(token);
    if (token.startsWith('$')) {
      const index = Number(token.slice(1)) - 1;
      if (index >= this.params.length) throw new Error(`parameter ${token} was not given`);
      const type = this.peek() && this.tokens[this.position]!.startsWith('::') ? this.take() : null;
      if (type === null) throw new Error(`parameter ${token} has no type`);
      const value = cast(this.params[index], type);
      return () => value;
    }
    if (upper === 'EXTRACT') {
      this.take('(');
      this.take('epoch');
      this.take('from');
      const inner = this.product();
      this.take(')');
      return (env) => {
        const value = inner(env);
        if (value === null) return null;
        if (!(value instanceof Date)) throw new Error('extract(epoch) of a value that is not a timestamp');
        return value.getTime() / 1000;
      };
    }
    if (upper === 'COALESCE') {
      this.take('(');
      const first = this.or();
      this.take(',');
      const second = this.or();
      this.take(')');
      return (env) => first(env) ?? second(env);
    }
    const [alias, column] = token.split('.');
    if (!column) throw new Error(`unexpected "${token}"`);
    return (env) => {
      const row = env[alias!];
      if (!row) throw new Error(`alias ${alias} is not in scope`);
      if (!(column in row)) throw new Error(`column ${token} does not exist`);
      return row[column]!;
    };
  }

  /** `SELECT 1|alias.column FROM table alias WHERE ...`, joined by UNION ALL: the values selected. */
  private selects(): Select {
    const parts: Select[] = [this.select()];
    while (this.peek('UNION')) {
      this.take();
      this.take('ALL');
      parts.push(this.select());
    }
    return (env) => parts.flatMap((part) => part(env));
  }

  private select(): Select {
    this.take('SELECT');
    const what = this.primary();
    this.take('FROM');
    const table = this.take();
    const alias = this.take();
    const rows = this.tables[table];
    if (!rows) throw new Error(`table ${table} does not exist`);
    this.take('WHERE');
    const where = this.or();
    return (env) => rows.map((row) => ({ ...env, [alias]: row })).filter((inner) => where(inner) === true).map((inner) => what(inner));
  }
}

/** The SQL over the case table aliased `c`, as a test of a case row: whether the row satisfies it. */
function compile(predicate: string, params: SqlParams, tables: Tables): (caseRow: Row) => boolean {
  const expr = new SqlEvaluator(predicate, params.values, tables).compile();
  return (caseRow) => expr({ c: caseRow }) === true;
}

function holds(predicate: string, params: SqlParams, tables: Tables, caseRow: Row): boolean {
  return compile(predicate, params, tables)(caseRow);
}

// ---------------------------------------------------------------------------------------------
// Generated viewers and cases over small pools of agencies and users, so that rules do match.
// ---------------------------------------------------------------------------------------------

const NOW = new Date('2026-12-01T12:00:00.000Z');
const AGENCIES = ['a0000000-0000-4000-8000-000000000000', 'a1111111-1111-4111-8111-111111111111'];
const USERS = ['b0000000-0000-4000-8000-000000000000', 'b1111111-1111-4111-8111-111111111111'];
const JURISDICTION = 'c0000000-0000-4000-8000-000000000000';
const SCOPE_VALUES = Object.values(DataScope);

const agency = fc.constantFrom(...AGENCIES);
const user = fc.constantFrom(...USERS);
/** Whole seconds around now: before, exactly now (the boundary), after. */
const time = fc.integer({ min: -1, max: 1 }).map((seconds) => NOW.getTime() + seconds * 1000);
const scopeList = fc.subarray(SCOPE_VALUES);

const viewerArb: fc.Arbitrary<Viewer> = fc.record({
  userId: user,
  sessionId: fc.constant('d0000000-0000-4000-8000-000000000000'),
  email: fc.constant('viewer@tandem.test'),
  displayName: fc.constant('Viewer'),
  // Mostly the roles that see case content, whose rules are the ones translated.
  role: fc.oneof({ arbitrary: fc.constantFrom(Role.STAFF, Role.SUPERVISOR), weight: 5 }, { arbitrary: fc.constantFrom(Role.AGENCY_ADMIN, Role.AUDITOR, Role.SYSTEM_ADMIN), weight: 1 }),
  agencyId: fc.option(agency, { freq: 8 }),
  agencyType: fc.constantFrom(AgencyType.CHILD_WELFARE, AgencyType.LAW_ENFORCEMENT, AgencyType.SHELTER),
  jurisdictionId: fc.constant(JURISDICTION),
});

const factsArb = (id: string): fc.Arbitrary<CaseFacts> =>
  fc.record({
    id: fc.constant(id),
    leadAgencyId: agency,
    jurisdictionId: fc.constant(JURISDICTION),
    memberships: fc.array(
      fc.record({ agencyId: agency, role: fc.constantFrom('LEAD' as const, 'PARTNER' as const), scopes: scopeList, consentScopes: scopeList, active: fc.boolean() }),
      { maxLength: 3 },
    ),
    assignments: fc.array(fc.record({ userId: user, agencyId: agency, role: fc.constantFrom('PRIMARY' as const, 'SECONDARY' as const), active: fc.boolean() }), { maxLength: 3 }),
    grants: fc.array(fc.record({ userId: user, agencyId: agency, expiresAt: time, revoked: fc.boolean() }), { maxLength: 2 }),
    consents: fc.array(
      fc.record({
        scopes: scopeList,
        agencyIds: fc.subarray(AGENCIES),
        agencyTypes: fc.subarray([AgencyType.CHILD_WELFARE, AgencyType.LAW_ENFORCEMENT, AgencyType.SHELTER]),
        effectiveAt: time,
        expiresAt: fc.oneof(time, fc.constant(NO_EXPIRY)),
        revoked: fc.boolean(),
      }),
      { maxLength: 2 },
    ),
    inbox: fc.array(fc.record({ agencyId: agency, scopes: scopeList, consentRequired: fc.boolean() }), { maxLength: 2 }),
    clocks: fc.array(fc.record({ agencyId: agency, kind: fc.constantFrom('NCIC_ENTRY', 'REFERRAL_RESPONSE') }), { maxLength: 2 }),
  });

/** Two or three cases side by side: a search form that forgot to tie a relation to its case would mix them up. */
const worldArb = fc.tuple(
  viewerArb,
  factsArb('e0000000-0000-4000-8000-000000000000'),
  factsArb('e1111111-1111-4111-8111-111111111111'),
  fc.option(factsArb('e2222222-2222-4222-8222-222222222222')),
);

const RUNS = { seed: 20_261_207, numRuns: 300 };

describe('case access in SQL agrees with CASL in memory', () => {
  it('per row and as a search, for every scope, on generated facts', () => {
    fc.assert(
      fc.property(worldArb, ([viewer, ...maybe]) => {
        const cases = maybe.filter((c): c is CaseFacts => c !== null);
        const tables = tablesOf(cases);
        const ability = defineCaseAbility(viewer, NOW);
        for (const scope of LEAD_SCOPES) {
          const rowParams = new SqlParams();
          const perRow = compile(caseScopePredicate(ability, scope, 'c', rowParams), rowParams, tables);
          const searchParams = new SqlParams();
          const search = compile(caseScopeFilter(ability, scope, 'c', searchParams), searchParams, tables);
          for (const [index, facts] of cases.entries()) {
            const memory = ability.can('read', subject('Case', { ...facts }), scope);
            const caseRow = tables.case![index]!;
            const sql = { perRow: perRow(caseRow), search: search(caseRow) };
            if (sql.perRow !== memory || sql.search !== memory) expect({ scope, case: facts.id, ...sql }).toEqual({ scope, case: facts.id, perRow: memory, search: memory });
          }
        }
      }),
      RUNS,
    );
  });

  it('the list-visibility predicate is the SUMMARY rule (canSee)', () => {
    fc.assert(
      fc.property(worldArb, ([viewer, ...maybe]) => {
        const cases = maybe.filter((c): c is CaseFacts => c !== null);
        const tables = tablesOf(cases);
        const ability = defineCaseAbility(viewer, NOW);
        const params = new SqlParams();
        const visible = compile(caseVisibilityPredicate(ability, 'c', params), params, tables);
        cases.forEach((facts, index) => expect(visible(tables.case![index]!)).toBe(canSee(ability, facts)));
      }),
      { ...RUNS, numRuns: 200 },
    );
  });

  it('exercises every form: facts that are seen and not seen, by EXISTS and by a driven search', () => {
    // Guards the properties above against generators that never reach a rule.
    const seen = { perScope: new Set<DataScope>(), refused: 0, driven: 0, correlated: 0 };
    fc.assert(
      fc.property(worldArb, ([viewer, first]) => {
        const ability = defineCaseAbility(viewer, NOW);
        for (const scope of LEAD_SCOPES) {
          if (ability.can('read', subject('Case', { ...first }), scope)) seen.perScope.add(scope);
          else seen.refused += 1;
          const branches = caseScopeBranches(ability, scope, 'c', new SqlParams());
          if (branches.some((branch) => branch.startsWith('c.id IN ('))) seen.driven += 1;
          if (branches.some((branch) => branch.includes('EXISTS'))) seen.correlated += 1;
        }
      }),
      { ...RUNS, numRuns: 300 },
    );
    expect([...seen.perScope].sort()).toEqual([...LEAD_SCOPES].sort());
    expect(seen.refused).toBeGreaterThan(0);
    expect(seen.driven).toBeGreaterThan(0);
    expect(seen.correlated).toBeGreaterThan(0);
  });

  it('a viewer who sees no case content gets FALSE, not a query', () => {
    for (const role of [Role.AGENCY_ADMIN, Role.AUDITOR, Role.SYSTEM_ADMIN]) {
      const viewer: Viewer = { userId: USERS[0]!, sessionId: 's', email: 'e', displayName: 'd', role, agencyId: AGENCIES[0]!, agencyType: AgencyType.CHILD_WELFARE, jurisdictionId: JURISDICTION };
      const ability = defineCaseAbility(viewer, NOW);
      expect(caseScopePredicate(ability, DataScope.SUMMARY, 'c', new SqlParams())).toBe('FALSE');
      expect(caseScopeBranches(ability, DataScope.SUMMARY, 'c', new SqlParams())).toEqual(['FALSE']);
    }
  });

  it('refuses to translate a rule on a field or with an operator it does not know, instead of matching too much', () => {
    const ability = (conditions: object) => createMongoAbility([{ action: 'read', subject: 'Case', fields: ['SUMMARY'], conditions }]) as unknown as CaseAbility;
    expect(() => caseScopePredicate(ability({ secret: 'x' }), DataScope.SUMMARY, 'c', new SqlParams())).toThrow('field "secret" is not whitelisted for SQL');
    expect(() => caseScopePredicate(ability({ memberships: { $elemMatch: { note: 'x' } } }), DataScope.SUMMARY, 'c', new SqlParams())).toThrow('field "note" is not whitelisted for SQL');
    expect(() => caseScopePredicate(ability({ leadAgencyId: { $regex: '^a' } }), DataScope.SUMMARY, 'c', new SqlParams())).toThrow('unsupported operator regex');
  });

  it('the evaluator itself refuses SQL it cannot read, so a changed translation cannot pass by being skipped', () => {
    const tables = tablesOf([]);
    const row: Row = { id: 'x' };
    expect(() => holds('c.missing_column = $1::uuid', new SqlParams(['x']), tables, row)).toThrow('column c.missing_column does not exist');
    expect(() => holds('EXISTS (SELECT 1 FROM nowhere n WHERE TRUE)', new SqlParams(), tables, row)).toThrow('table nowhere does not exist');
    expect(() => holds('c.id LIKE $1::text', new SqlParams(['x']), tables, row)).toThrow('unread SQL');
    expect(holds('c.id = $1::uuid', new SqlParams(['x']), tables, row)).toBe(true);
    expect(holds('NOT (c.id IS DISTINCT FROM $1::uuid)', new SqlParams(['x']), tables, row)).toBe(true);
  });
});
