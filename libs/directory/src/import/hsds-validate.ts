import { ColumnSpec, DirectoryTable, storedColumn, TABLE_SPECS, TableSpec } from './hsds-tables';

/** One thing wrong with a package: where (file, line or JSON path, column) and why. */
export interface ImportProblem {
  file: string;
  /** The CSV line the row starts on (1 is the header); null in JSON, where `path` says where. */
  line: number | null;
  path?: string;
  column: string | null;
  reason: string;
}

/** A row as read: every cell as text, '' when empty or absent. */
export interface RawRow {
  line: number | null;
  path?: string;
  values: Record<string, string>;
}

export interface RawTable {
  spec: TableSpec;
  file: string;
  /** The CSV header; null for rows read from JSON. */
  header: string[] | null;
  rows: RawRow[];
}

export interface RawPackage {
  format: 'tabular' | 'json';
  tables: RawTable[];
  /** Problems found while reading (files missing, not UTF-8, malformed CSV). */
  problems: ImportProblem[];
  /** Files and columns Tandem does not store, left out of the import. */
  ignored: string[];
}

/** What the validation needs to know of the database: rows outside the package, Tandem's jurisdictions and agencies. */
export interface Lookups {
  exists(table: DirectoryTable, id: string): boolean;
  /** Jurisdiction code → id. */
  jurisdictions: ReadonlyMap<string, string>;
  /** `agencyKey(code, name)` → agency id. */
  agencies: ReadonlyMap<string, string>;
  /** Agency id → the directory organization that is that agency (an agency is one organization). */
  organizationOfAgency: ReadonlyMap<string, string>;
}

export const agencyKey = (code: string, name: string) => `${code}\n${name.trim().toLowerCase()}`;

export type StoredValue = string | boolean | null;
export type StoredRow = Record<string, StoredValue>;

export interface ValidatedPackage {
  problems: ImportProblem[];
  tables: Map<DirectoryTable, StoredRow[]>;
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const INTEGER = /^[-+]?\d+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)$/;
const BYDAY = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)(,([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU))*$/;
const MAX_ID = 250;

function validDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function inRange(column: ColumnSpec, n: number): string | null {
  if ((column.min !== undefined && n < column.min) || (column.max !== undefined && n > column.max)) {
    const bounds = column.max === undefined ? `at least ${column.min}` : column.min === undefined ? `at most ${column.max}` : `between ${column.min} and ${column.max}`;
    return `${n} is out of range (${bounds})`;
  }
  return null;
}

/**
 * Checks one non-empty cell against its column: the stored value, or why it is refused. References,
 * jurisdictions and agencies are checked by {@link validatePackage}, which knows the package and the database.
 */
export function checkValue(column: ColumnSpec, raw: string): { value: StoredValue } | { reason: string } {
  switch (column.kind) {
    case 'id':
    case 'ref':
      return raw.length > MAX_ID ? { reason: `id longer than ${MAX_ID} characters` } : { value: raw };
    case 'enum':
      return column.values!.includes(raw) ? { value: raw } : { reason: `"${raw}" is not one of ${column.values!.join(', ')}` };
    case 'number': {
      const n = Number(raw);
      if (!NUMBER.test(raw) || !Number.isFinite(n)) return { reason: `"${raw}" is not a number` };
      const range = inRange(column, n);
      return range ? { reason: range } : { value: raw };
    }
    case 'integer': {
      const n = Number(raw);
      if (!INTEGER.test(raw) || !Number.isSafeInteger(n)) return { reason: `"${raw}" is not a whole number` };
      const range = inRange(column, n);
      return range ? { reason: range } : { value: raw };
    }
    case 'boolean':
      return raw === 'true' || raw === 'false' ? { value: raw === 'true' } : { reason: `"${raw}" is not true or false` };
    case 'date':
      return validDate(raw) ? { value: raw } : { reason: `"${raw}" is not a date (YYYY-MM-DD)` };
    case 'time':
      return TIME.test(raw) ? { value: raw } : { reason: `"${raw}" is not a time (HH:MM or HH:MM:SS)` };
    case 'datetime':
      return DATETIME.test(raw) && validDate(raw.slice(0, 10)) ? { value: raw } : { reason: `"${raw}" is not a date-time with a time zone (e.g. 2026-12-01T08:00:00Z)` };
    case 'byday':
      return BYDAY.test(raw) ? { value: raw } : { reason: `"${raw}" is not a list of days (e.g. MO,TU or 2MO)` };
    default:
      return { value: raw };
  }
}

function compare(column: ColumnSpec, a: string, b: string): number {
  if (column.kind === 'number' || column.kind === 'integer') return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Where a row is, for "first on ..." in a duplicate's reason. */
const where = (row: RawRow) => (row.line !== null ? `line ${row.line}` : `${row.path}`);

/**
 * Validates every row of every table of a package (docs/directory-import.md, "Errors"): required
 * columns and values, enums, numbers, dates, duplicate ids, references to rows of the package or of
 * the directory, Tandem's jurisdictions and agencies. Problems come in the package's table order, then
 * line, then column; the stored rows are good only when there is none.
 */
export function validatePackage(pkg: RawPackage, lookups: Lookups): ValidatedPackage {
  const problems: ImportProblem[] = [];
  const tables = new Map<DirectoryTable, StoredRow[]>();
  // Every id of the package first: a row may name one that comes later, or in a later file.
  const ids = new Map<DirectoryTable, Map<string, RawRow>>();
  for (const table of pkg.tables) {
    const seen = ids.get(table.spec.table) ?? new Map<string, RawRow>();
    ids.set(table.spec.table, seen);
    for (const row of table.rows) {
      const id = row.values.id ?? '';
      if (id && !seen.has(id)) seen.set(id, row);
    }
  }
  // The organization of the package that each agency is, with its line.
  const linked = new Map<string, { id: string; where: string }>();
  const known = (target: DirectoryTable, id: string) => ids.get(target)?.has(id) || lookups.exists(target, id);
  const ordered = [...pkg.tables].sort((a, b) => TABLE_SPECS.indexOf(a.spec) - TABLE_SPECS.indexOf(b.spec));

  for (const table of ordered) {
    const { spec, file } = table;
    const absent = new Set<string>();
    if (table.header) {
      for (const column of spec.columns) {
        if (!table.header.includes(column.name) && column.required) {
          problems.push({ file, line: 1, column: column.name, reason: 'missing required column' });
          absent.add(column.name);
        }
      }
    }
    const stored: StoredRow[] = tables.get(spec.table) ?? [];
    tables.set(spec.table, stored);
    const firstOf = ids.get(spec.table)!;
    for (const row of table.rows) {
      const at = { file, line: row.line, ...(row.path !== undefined ? { path: row.path } : {}) };
      const report = (column: string | null, reason: string) => problems.push({ ...at, column, reason });
      const out: StoredRow = {};
      const good: Record<string, string> = {};
      for (const column of spec.columns) {
        const target = storedColumn(column);
        const raw = row.values[column.name] ?? '';
        if (raw === '') {
          if (column.required && !absent.has(column.name)) report(column.name, 'missing required value');
          if (target) out[target] = column.default ?? null;
          continue;
        }
        if (column.kind === 'id') {
          const first = firstOf.get(raw);
          if (first && first !== row) {
            report(column.name, `duplicate id "${raw}" (first on ${where(first)})`);
            continue;
          }
        }
        const checked = checkValue(column, raw);
        if ('reason' in checked) {
          report(column.name, checked.reason);
          continue;
        }
        good[column.name] = raw;
        if (column.kind === 'ref' && !known(column.references!, raw)) {
          report(column.name, `no ${column.references} with id "${raw}"`);
          continue;
        }
        if (column.kind === 'jurisdiction') {
          const jurisdictionId = lookups.jurisdictions.get(raw);
          if (!jurisdictionId) report(column.name, `no jurisdiction with code "${raw}"`);
          out[target!] = jurisdictionId ?? null;
          continue;
        }
        if (column.kind === 'agency-name') {
          const code = row.values.agency_jurisdiction ?? '';
          const agencyId = code ? lookups.agencies.get(agencyKey(code, raw)) : undefined;
          if (!code) report('agency_jurisdiction', 'missing required value (agency_name is given)');
          else if (!lookups.jurisdictions.has(code)) report('agency_jurisdiction', `no jurisdiction with code "${code}"`);
          else if (!agencyId) report(column.name, `no agency named "${raw}" in jurisdiction "${code}"`);
          else {
            const id = row.values.id ?? '';
            const stored = lookups.organizationOfAgency.get(agencyId);
            const earlier = linked.get(agencyId);
            if (earlier && earlier.id !== id) report(column.name, `agency "${raw}" is already the organization "${earlier.id}" (${earlier.where}): an agency is one organization`);
            else if (stored && stored !== id) {
              report(column.name, `agency "${raw}" is already the organization "${stored}" of the directory: an agency is one organization (unlink it first with linkAgencyToOrganization)`);
            } else linked.set(agencyId, { id, where: row.line !== null && row.line !== undefined ? `line ${row.line}` : `at ${row.path ?? '?'}` });
          }
          out[target!] = agencyId ?? null;
          continue;
        }
        if (column.kind === 'agency-jurisdiction') {
          if (!row.values.agency_name) report('agency_name', 'missing required value (agency_jurisdiction is given)');
          continue;
        }
        if (target) out[target] = checked.value;
      }
      for (const rule of spec.order ?? []) {
        const lower = spec.columns.find((column) => column.name === rule.lower)!;
        const a = good[rule.lower];
        const b = good[rule.upper];
        if (a !== undefined && b !== undefined && compare(lower, a, b) > 0) report(rule.upper, `${rule.lower} ${a} is greater than ${rule.upper} ${b}`);
      }
      if (spec.table === 'service_capacity') {
        const site = good.service_at_location_id ? ids.get('service_at_location')?.get(good.service_at_location_id) : undefined;
        if (site && good.service_id && site.values.service_id !== good.service_id) {
          report('service_at_location_id', `service_at_location "${good.service_at_location_id}" is not a site of service "${good.service_id}"`);
        }
      }
      stored.push(out);
    }
  }
  return { problems, tables };
}

/** The ids each reference of the package names that the package itself does not hold: the database may. */
export function outsideReferences(pkg: RawPackage): Map<DirectoryTable, Set<string>> {
  const inside = new Map<DirectoryTable, Set<string>>();
  for (const table of pkg.tables) {
    const set = inside.get(table.spec.table) ?? new Set<string>();
    inside.set(table.spec.table, set);
    for (const row of table.rows) if (row.values.id) set.add(row.values.id);
  }
  const outside = new Map<DirectoryTable, Set<string>>();
  for (const table of pkg.tables) {
    for (const column of table.spec.columns) {
      if (column.kind !== 'ref') continue;
      const target = column.references!;
      for (const row of table.rows) {
        const value = row.values[column.name];
        if (!value || inside.get(target)?.has(value)) continue;
        const set = outside.get(target) ?? new Set<string>();
        outside.set(target, set);
        set.add(value);
      }
    }
  }
  return outside;
}

/** One problem as a line of the command's report. */
export function formatProblem(problem: ImportProblem): string {
  const place = problem.line !== null ? `${problem.file}:${problem.line}` : problem.path ? `${problem.file} ${problem.path}` : problem.file;
  return `${place}${problem.column ? ` [${problem.column}]` : ''}: ${problem.reason}`;
}
