import { CompoundCondition, Condition, FieldCondition } from '@ucast/mongo2js';
import { CaseAbility } from './case-ability';
import { NO_EXPIRY } from './case-facts';
import { DataScope } from './scopes';

/** How a field of {@link CaseFacts} is read in SQL, over a table alias: a scalar column, or an array column. */
type Column = { sql: (alias: string) => string; array?: boolean; cast: string };

interface Relation {
  table: string;
  /** The alias of the table inside an EXISTS; a relation that drives a search is aliased `v<alias>`. */
  alias: string;
  fields: Record<string, Column>;
}

const column = (name: string, cast: string, array = false): Column => ({ sql: (alias) => `${alias}.${name}`, cast, array });
const epochMs = (expression: string) => `(extract(epoch from ${expression}) * 1000)`;

/**
 * The whitelist that maps CaseFacts to tables. A rule naming a field not listed here cannot
 * be turned into SQL and fails loudly instead of matching too much.
 */
const CASE_FIELDS: Record<string, Column> = {
  id: column('id', 'uuid'),
  leadAgencyId: column('lead_agency_id', 'uuid'),
  jurisdictionId: column('jurisdiction_id', 'uuid'),
};

const RELATIONS: Record<string, Relation> = {
  memberships: {
    table: 'membership',
    alias: 'am',
    fields: {
      agencyId: column('agency_id', 'uuid'),
      role: column('role', 'text'),
      scopes: column('scopes', 'text', true),
      consentScopes: column('consent_scopes', 'text', true),
      active: column('active', 'boolean'),
    },
  },
  assignments: {
    table: 'assignment',
    alias: 'aa',
    fields: { userId: column('user_id', 'uuid'), agencyId: column('agency_id', 'uuid'), active: column('active', 'boolean') },
  },
  grants: {
    table: 'access_grant',
    alias: 'ag',
    fields: {
      userId: column('user_id', 'uuid'),
      agencyId: column('agency_id', 'uuid'),
      expiresAt: { sql: (alias) => epochMs(`${alias}.expires_at`), cast: 'float8' },
      revoked: { sql: (alias) => `(${alias}.revoked_at IS NOT NULL)`, cast: 'boolean' },
    },
  },
  consents: {
    table: 'consent',
    alias: 'ac',
    fields: {
      scopes: column('scopes', 'text', true),
      agencyIds: column('agency_ids', 'uuid', true),
      agencyTypes: column('agency_types', 'text', true),
      effectiveAt: { sql: (alias) => epochMs(`${alias}.effective_at`), cast: 'float8' },
      expiresAt: { sql: (alias) => `coalesce(${epochMs(`${alias}.expires_at`)}, ${NO_EXPIRY})`, cast: 'float8' },
      revoked: { sql: (alias) => `(${alias}.revoked_at IS NOT NULL)`, cast: 'boolean' },
    },
  },
  inbox: {
    table: 'case_inbox',
    alias: 'ai',
    fields: { agencyId: column('agency_id', 'uuid'), scopes: column('scopes', 'text', true), consentRequired: column('consent_required', 'boolean') },
  },
  clocks: {
    table: 'case_clock',
    alias: 'ak',
    fields: { agencyId: column('agency_id', 'uuid'), kind: column('kind', 'text') },
  },
};

/**
 * The relations a rule's search can start from: a user's own assignments and grants are a few
 * hundred rows, an agency's inbox a few hundred more, its open report clocks a handful. An agency's memberships are thousands (a
 * fifth of a state's cases for a large child welfare agency): a rule on them alone is left to the
 * planner, which walks the cases newest first when they are dense and joins when they are sparse.
 */
const DRIVERS = ['assignments', 'grants', 'inbox', 'clocks'];

/** What a condition is read over: the case table (whose relations it may name) or one relation's table. */
interface Target {
  fields: Record<string, Column>;
  alias: string;
  /** The SQL of the case id that relations join on; null inside a relation. */
  caseId: string | null;
}

const COMPARISONS: Record<string, string> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };

/** Collects positional parameters while a predicate is built. */
export class SqlParams {
  readonly values: unknown[] = [];

  constructor(start: unknown[] = []) {
    this.values.push(...start);
  }

  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return `$${this.values.length}${cast ? `::${cast}` : ''}`;
  }
}

function translate(condition: Condition, target: Target, params: SqlParams): string {
  if (condition instanceof CompoundCondition) {
    const parts = condition.value.map((inner) => translate(inner, target, params));
    if (condition.operator === 'and') return parts.length ? `(${parts.join(' AND ')})` : 'TRUE';
    if (condition.operator === 'or') return parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
    if (condition.operator === 'not') return `(NOT ${parts[0]})`;
    throw new Error(`unsupported compound operator ${condition.operator}`);
  }
  const field = condition as FieldCondition;
  const name = String(field.field);
  if (field.operator === 'elemMatch') {
    const relation = target.caseId === null ? undefined : RELATIONS[name];
    if (!relation) throw new Error(`field "${name}" is not a relation that SQL can read`);
    const inner = translate(field.value as Condition, { fields: relation.fields, alias: relation.alias, caseId: null }, params);
    return `EXISTS (SELECT 1 FROM ${relation.table} ${relation.alias} WHERE ${relation.alias}.case_id = ${target.caseId} AND ${inner})`;
  }
  const column = target.fields[name];
  if (!column) throw new Error(`field "${name}" is not whitelisted for SQL`);
  const sql = column.sql(target.alias);
  const value = field.value;
  switch (field.operator) {
    case 'eq':
      if (value === null || value === undefined) return column.array ? 'FALSE' : `${sql} IS NULL`;
      return column.array ? `${params.add(value, column.cast)} = ANY(${sql})` : `${sql} = ${params.add(value, column.cast)}`;
    case 'ne':
      // NOT (col = x) would drop NULL rows; IS DISTINCT FROM keeps them, as in memory.
      return column.array ? `NOT (${params.add(value, column.cast)} = ANY(${sql}))` : `${sql} IS DISTINCT FROM ${params.add(value, column.cast)}`;
    case 'in':
      return `${sql} = ANY(${params.add(value, `${column.cast}[]`)})`;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return `${sql} ${COMPARISONS[field.operator]} ${params.add(value, column.cast)}`;
    default:
      throw new Error(`unsupported operator ${field.operator} on "${name}"`);
  }
}

const caseTarget = (caseAlias: string): Target => ({ fields: CASE_FIELDS, alias: caseAlias, caseId: `${caseAlias}.id` });

function readRules(ability: CaseAbility, scope: DataScope) {
  return ability.rulesFor('read', 'Case', scope).filter((rule) => !rule.inverted);
}

/** The relation condition a rule's search starts from, if it has one of DRIVERS among its conjuncts. */
function driverOf(ast: Condition): { driver: FieldCondition; conjuncts: Condition[] } | null {
  const conjuncts = ast instanceof CompoundCondition && ast.operator === 'and' ? ast.value : [ast];
  const relational = conjuncts.every((part) => part instanceof FieldCondition && part.operator === 'elemMatch' && RELATIONS[String(part.field)]);
  if (!relational) return null;
  const driver = DRIVERS.map((name) => conjuncts.find((part) => (part as FieldCondition).field === name)).find((part): part is FieldCondition => part !== undefined);
  return driver ? { driver, conjuncts } : null;
}

/**
 * The ids of the cases one rule matches, as a SELECT that starts from the rule's driving relation
 * and checks the rest of the rule with EXISTS on that row's case.
 */
function ruleCaseIds({ driver, conjuncts }: { driver: FieldCondition; conjuncts: Condition[] }, params: SqlParams): string {
  const relation = RELATIONS[String(driver.field)]!;
  const alias = `v${relation.alias}`;
  const own = translate(driver.value as Condition, { fields: relation.fields, alias, caseId: null }, params);
  const rest = conjuncts.filter((part) => part !== driver).map((part) => translate(part, { fields: {}, alias, caseId: `${alias}.case_id` }, params));
  return `SELECT ${alias}.case_id FROM ${relation.table} ${alias} WHERE ${[own, ...rest].join(' AND ')}`;
}

/**
 * The SQL predicate, over the case table aliased `caseAlias`, that holds exactly when the
 * ability lets the viewer read `scope` of that case: correlated EXISTS per rule, the cheap form
 * for rows already found. No rule: `FALSE`.
 */
export function caseScopePredicate(ability: CaseAbility, scope: DataScope, caseAlias: string, params: SqlParams): string {
  const rules = readRules(ability, scope);
  if (rules.length === 0) return 'FALSE';
  const parts = rules.map((rule) => (rule.ast ? translate(rule.ast, caseTarget(caseAlias), params) : 'TRUE'));
  return `(${parts.join(' OR ')})`;
}

/**
 * The same predicate in the forms for searching, as alternatives (a case matches when one of them
 * holds). The rules that start from a small relation of the viewer (assignments, grants, the
 * inbox) are one `caseAlias.id IN (...)`, a SELECT per rule from that relation; each other rule is
 * its correlated EXISTS. A search can run each alternative as its own ordered, limited branch.
 */
export function caseScopeBranches(ability: CaseAbility, scope: DataScope, caseAlias: string, params: SqlParams): string[] {
  const rules = readRules(ability, scope);
  if (rules.length === 0) return ['FALSE'];
  if (rules.some((rule) => !rule.ast)) return ['TRUE'];
  const driven: string[] = [];
  const others: string[] = [];
  for (const rule of rules) {
    const start = driverOf(rule.ast!);
    if (start) driven.push(ruleCaseIds(start, params));
    else others.push(translate(rule.ast!, caseTarget(caseAlias), params));
  }
  return [...others, ...(driven.length ? [`${caseAlias}.id IN (${driven.join(' UNION ALL ')})`] : [])];
}

/** The search forms as one predicate: the alternatives of {@link caseScopeBranches}, OR-ed. */
export function caseScopeFilter(ability: CaseAbility, scope: DataScope, caseAlias: string, params: SqlParams): string {
  const branches = caseScopeBranches(ability, scope, caseAlias, params);
  return branches.length === 1 ? branches[0]! : `(${branches.join(' OR ')})`;
}

/** The alternatives of the list-visibility predicate, for a search that runs them as branches. */
export function caseVisibilityBranches(ability: CaseAbility, caseAlias: string, params: SqlParams): string[] {
  return caseScopeBranches(ability, DataScope.SUMMARY, caseAlias, params);
}

/** The list-visibility predicate: the viewer sees the case (its SUMMARY). */
export function caseVisibilityPredicate(ability: CaseAbility, caseAlias: string, params: SqlParams): string {
  return caseScopeFilter(ability, DataScope.SUMMARY, caseAlias, params);
}
