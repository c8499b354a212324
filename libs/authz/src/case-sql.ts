import { CompoundCondition, Condition, FieldCondition } from '@ucast/mongo2js';
import { CaseAbility } from './case-ability';
import { NO_EXPIRY } from './case-facts';
import { DataScope } from './scopes';

/** How a field of {@link CaseFacts} is read in SQL: a scalar column, or an array column. */
type Column = { sql: string; array?: boolean; cast?: string };

interface Relation {
  alias: string;
  from: string;
  join: (caseAlias: string) => string;
  fields: Record<string, Column>;
}

const epochMs = (expression: string) => `(extract(epoch from ${expression}) * 1000)`;

/**
 * The whitelist that maps CaseFacts to tables. A rule naming a field not listed here cannot
 * be turned into SQL and fails loudly instead of matching too much.
 */
const CASE_FIELDS: Record<string, Column> = {
  id: { sql: 'id', cast: 'uuid' },
  leadAgencyId: { sql: 'lead_agency_id', cast: 'uuid' },
  jurisdictionId: { sql: 'jurisdiction_id', cast: 'uuid' },
};

const RELATIONS: Record<string, Relation> = {
  memberships: {
    alias: 'am',
    from: 'membership am',
    join: (c) => `am.case_id = ${c}.id`,
    fields: {
      agencyId: { sql: 'am.agency_id', cast: 'uuid' },
      role: { sql: 'am.role', cast: 'text' },
      scopes: { sql: 'am.scopes', array: true, cast: 'text' },
      consentRequired: { sql: 'am.consent_required', cast: 'boolean' },
      active: { sql: 'am.active', cast: 'boolean' },
    },
  },
  assignments: {
    alias: 'aa',
    from: 'assignment aa',
    join: (c) => `aa.case_id = ${c}.id`,
    fields: {
      userId: { sql: 'aa.user_id', cast: 'uuid' },
      agencyId: { sql: 'aa.agency_id', cast: 'uuid' },
      active: { sql: 'aa.active', cast: 'boolean' },
    },
  },
  grants: {
    alias: 'ag',
    from: 'access_grant ag',
    join: (c) => `ag.case_id = ${c}.id`,
    fields: {
      userId: { sql: 'ag.user_id', cast: 'uuid' },
      agencyId: { sql: 'ag.agency_id', cast: 'uuid' },
      expiresAt: { sql: epochMs('ag.expires_at'), cast: 'float8' },
      revoked: { sql: '(ag.revoked_at IS NOT NULL)', cast: 'boolean' },
    },
  },
  consents: {
    alias: 'ac',
    from: 'consent ac',
    join: (c) => `ac.case_id = ${c}.id`,
    fields: {
      scopes: { sql: 'ac.scopes', array: true, cast: 'text' },
      agencyIds: { sql: 'ac.agency_ids', array: true, cast: 'uuid' },
      agencyTypes: { sql: 'ac.agency_types', array: true, cast: 'text' },
      effectiveAt: { sql: epochMs('ac.effective_at'), cast: 'float8' },
      expiresAt: { sql: `coalesce(${epochMs('ac.expires_at')}, ${NO_EXPIRY})`, cast: 'float8' },
      revoked: { sql: '(ac.revoked_at IS NOT NULL)', cast: 'boolean' },
    },
  },
  inbox: {
    alias: 'ai',
    from: 'case_inbox ai',
    join: (c) => `ai.case_id = ${c}.id`,
    fields: {
      agencyId: { sql: 'ai.agency_id', cast: 'uuid' },
      scopes: { sql: 'ai.scopes', array: true, cast: 'text' },
      consentRequired: { sql: 'ai.consent_required', cast: 'boolean' },
    },
  },
};

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

function translate(condition: Condition, fields: Record<string, Column>, relationOf: ((name: string) => Relation | undefined) | null, caseAlias: string, params: SqlParams): string {
  if (condition instanceof CompoundCondition) {
    const parts = condition.value.map((inner) => translate(inner, fields, relationOf, caseAlias, params));
    if (condition.operator === 'and') return parts.length ? `(${parts.join(' AND ')})` : 'TRUE';
    if (condition.operator === 'or') return parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
    if (condition.operator === 'not') return `(NOT ${parts[0]})`;
    throw new Error(`unsupported compound operator ${condition.operator}`);
  }
  const field = condition as FieldCondition;
  const name = String(field.field);
  if (field.operator === 'elemMatch') {
    const relation = relationOf?.(name);
    if (!relation) throw new Error(`field "${name}" is not a relation that SQL can read`);
    const inner = translate(field.value as Condition, relation.fields, null, caseAlias, params);
    return `EXISTS (SELECT 1 FROM ${relation.from} WHERE ${relation.join(caseAlias)} AND ${inner})`;
  }
  const column = fields[name];
  if (!column) throw new Error(`field "${name}" is not whitelisted for SQL`);
  const value = field.value;
  switch (field.operator) {
    case 'eq':
      if (value === null || value === undefined) return column.array ? 'FALSE' : `${column.sql} IS NULL`;
      return column.array ? `${params.add(value, column.cast)} = ANY(${column.sql})` : `${column.sql} = ${params.add(value, column.cast)}`;
    case 'ne':
      // NOT (col = x) would drop NULL rows; IS DISTINCT FROM keeps them, as in memory.
      return column.array ? `NOT (${params.add(value, column.cast)} = ANY(${column.sql}))` : `${column.sql} IS DISTINCT FROM ${params.add(value, column.cast)}`;
    case 'in':
      return `${column.sql} = ANY(${params.add(value, `${column.cast}[]`)})`;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return `${column.sql} ${COMPARISONS[field.operator]} ${params.add(value, column.cast)}`;
    default:
      throw new Error(`unsupported operator ${field.operator} on "${name}"`);
  }
}

/**
 * The SQL predicate, over the case table aliased `caseAlias`, that holds exactly when the
 * ability lets the viewer read `scope` of that case. No rule: `FALSE`.
 */
export function caseScopePredicate(ability: CaseAbility, scope: DataScope, caseAlias: string, params: SqlParams): string {
  const rules = ability.rulesFor('read', 'Case', scope).filter((rule) => !rule.inverted);
  if (rules.length === 0) return 'FALSE';
  const caseFields = Object.fromEntries(Object.entries(CASE_FIELDS).map(([key, column]) => [key, { ...column, sql: `${caseAlias}.${column.sql}` }]));
  const parts = rules.map((rule) => (rule.ast ? translate(rule.ast, caseFields, (name) => RELATIONS[name], caseAlias, params) : 'TRUE'));
  return `(${parts.join(' OR ')})`;
}

/** The list-visibility predicate: the viewer sees the case (its SUMMARY). */
export function caseVisibilityPredicate(ability: CaseAbility, caseAlias: string, params: SqlParams): string {
  return caseScopePredicate(ability, DataScope.SUMMARY, caseAlias, params);
}
