import { DirectoryTable, tableSpec, TABLE_SPECS } from './hsds-tables';
import { ImportProblem, RawPackage, RawRow, RawTable } from './hsds-validate';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/**
 * HSDS JSON (docs/directory-import.md, "HSDS JSON"): services with their organization, sites,
 * locations, schedules, phones, contacts, areas and capacities nested, or organizations with their
 * services and locations, flattened into the rows of the tabular format. An object that appears
 * several times (a phone of a service and of its location) is one row with every link it was found
 * under; two appearances that disagree on a value are a problem.
 */
class Flattener {
  readonly rows = new Map<DirectoryTable, Map<string, RawRow>>();
  readonly unnamed = new Map<DirectoryTable, RawRow[]>();
  readonly problems: ImportProblem[] = [];

  constructor(private readonly file: string) {}

  add(table: DirectoryTable, value: unknown, path: string, links: Record<string, string>): string | null {
    if (!isObject(value)) {
      this.problems.push({ file: this.file, line: null, path, column: null, reason: `is not an object` });
      return null;
    }
    const spec = tableSpec(table);
    const values: Record<string, string> = {};
    for (const column of spec.columns) {
      const cell = value[column.name];
      if (cell === undefined || cell === null) values[column.name] = '';
      else if (typeof cell === 'string') values[column.name] = cell;
      else if (typeof cell === 'number' || typeof cell === 'boolean') values[column.name] = String(cell);
      else {
        this.problems.push({ file: this.file, line: null, path, column: column.name, reason: 'is not a single value' });
        values[column.name] = '';
      }
    }
    for (const [column, id] of Object.entries(links)) if (!values[column]) values[column] = id;
    const id = values.id!;
    const row: RawRow = { line: null, path, values };
    if (!id) {
      this.unnamed.set(table, [...(this.unnamed.get(table) ?? []), row]);
      return null;
    }
    const byId = this.rows.get(table) ?? new Map<string, RawRow>();
    this.rows.set(table, byId);
    const first = byId.get(id);
    if (!first) {
      byId.set(id, row);
      return id;
    }
    for (const [column, cell] of Object.entries(values)) {
      if (!cell) continue;
      if (!first.values[column]) first.values[column] = cell;
      else if (first.values[column] !== cell) {
        this.problems.push({ file: this.file, line: null, path, column, reason: `duplicate id "${id}" with a different ${column} (first at ${first.path})` });
      }
    }
    return id;
  }

  organization(value: unknown, path: string): string | null {
    const id = this.add('organization', value, path, {});
    if (!isObject(value) || !id) return id;
    list(value.services).forEach((service, i) => this.service(service, `${path}.services[${i}]`, { organization_id: id }));
    list(value.locations).forEach((location, i) => this.location(location, `${path}.locations[${i}]`, { organization_id: id }));
    this.attached(value, path, { organization_id: id }, ['phones', 'contacts']);
    return id;
  }

  service(value: unknown, path: string, links: Record<string, string>): void {
    if (!isObject(value)) {
      this.add('service', value, path, links);
      return;
    }
    const organizationId = isObject(value.organization) ? this.organization(value.organization, `${path}.organization`) : null;
    const id = this.add('service', value, path, organizationId ? { ...links, organization_id: organizationId } : links);
    if (!id) return;
    const own = { service_id: id };
    this.attached(value, path, own, ['phones', 'schedules', 'contacts', 'service_areas']);
    this.capacities(value, path, own);
    list(value.service_at_locations).forEach((site, i) => {
      const at = `${path}.service_at_locations[${i}]`;
      if (!isObject(site)) return void this.add('service_at_location', site, at, own);
      const locationId = isObject(site.location) ? this.location(site.location, `${at}.location`, {}) : null;
      const siteId = this.add('service_at_location', site, at, locationId ? { ...own, location_id: locationId } : own);
      if (!siteId) return;
      this.attached(site, at, { service_at_location_id: siteId }, ['phones', 'schedules', 'contacts', 'service_areas']);
      this.capacities(site, at, { service_id: id, service_at_location_id: siteId });
    });
  }

  location(value: unknown, path: string, links: Record<string, string>): string | null {
    const id = this.add('location', value, path, links);
    if (!isObject(value) || !id) return id;
    list(value.addresses).forEach((address, i) => this.add('address', address, `${path}.addresses[${i}]`, { location_id: id }));
    this.attached(value, path, { location_id: id }, ['phones', 'schedules', 'contacts']);
    return id;
  }

  private capacities(value: JsonObject, path: string, links: Record<string, string>): void {
    list(value.capacities).forEach((capacity, i) => {
      const at = `${path}.capacities[${i}]`;
      const unitId = isObject(capacity) && isObject(capacity.unit) ? this.add('unit', capacity.unit, `${at}.unit`, {}) : null;
      this.add('service_capacity', capacity, at, unitId ? { ...links, unit_id: unitId } : links);
    });
  }

  private attached(value: JsonObject, path: string, links: Record<string, string>, keys: ('phones' | 'schedules' | 'contacts' | 'service_areas')[]): void {
    const tables = { phones: 'phone', schedules: 'schedule', contacts: 'contact', service_areas: 'service_area' } as const;
    for (const key of keys) {
      list(value[key]).forEach((item, i) => {
        const at = `${path}.${key}[${i}]`;
        const id = this.add(tables[key], item, at, links);
        if (key === 'contacts' && id && isObject(item)) list(item.phones).forEach((phone, j) => this.add('phone', phone, `${at}.phones[${j}]`, { contact_id: id }));
      });
    }
  }
}

/** The rows of an HSDS JSON document: one service or organization, an array of them, or a page (`contents`). */
export function flattenHsdsJson(file: string, document: unknown): RawPackage {
  const flattener = new Flattener(file);
  const page = isObject(document) && Array.isArray(document.contents);
  const items = Array.isArray(document) ? document : page ? (document as { contents: unknown[] }).contents : [document];
  const prefix = Array.isArray(document) ? '$' : page ? '$.contents' : '$';
  items.forEach((item, i) => {
    const path = Array.isArray(document) || page ? `${prefix}[${i}]` : prefix;
    const isService = isObject(item) && ('status' in item || 'service_at_locations' in item || 'organization' in item);
    if (isService) flattener.service(item, path, {});
    else flattener.organization(item, path);
  });
  const tables: RawTable[] = TABLE_SPECS.map((spec) => ({
    spec,
    file,
    header: null,
    rows: [...(flattener.rows.get(spec.table)?.values() ?? []), ...(flattener.unnamed.get(spec.table) ?? [])],
  })).filter((table) => table.rows.length > 0);
  return { format: 'json', tables, problems: flattener.problems, ignored: [] };
}
