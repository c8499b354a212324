import { DirectoryServiceType, DirectoryTable, LOCATION_TYPES, POPULATION_SEXES, SCHEDULE_FREQS, SERVICE_STATUSES } from '../directory.types';

export type { DirectoryTable };

/**
 * The directory's tabular format as data (docs/directory-import.md): one entry per HSDS 3.1 file that
 * Tandem stores, in the order a package is written (parents before children), each with its columns.
 * The import validates every row against these specs and the export writes them back in this order,
 * so what one writes the other reads. Tandem's own columns are marked `tandem`.
 */

/**
 * What a column holds. `ref` names another table of the package (or of the directory already);
 * `jurisdiction` is a Tandem jurisdiction code stored as its id; `agency-name` names a Tandem agency
 * of the row's `agency_jurisdiction`, stored as the organization's `agency_id`.
 */
export type ColumnKind = 'id' | 'text' | 'ref' | 'enum' | 'number' | 'integer' | 'boolean' | 'date' | 'time' | 'datetime' | 'byday' | 'jurisdiction' | 'agency-jurisdiction' | 'agency-name';

export interface ColumnSpec {
  /** The CSV column (and JSON property). */
  name: string;
  kind: ColumnKind;
  required?: boolean;
  values?: readonly string[];
  references?: DirectoryTable;
  min?: number;
  max?: number;
  /** What an empty cell stores, for Tandem columns the database keeps NOT NULL. */
  default?: string | boolean;
  /** Tandem's own column: what it means (HSDS has no such field). */
  tandem?: string;
}

/** Two columns of one row that must be ordered: `lower` ≤ `upper` when both are given. */
export interface OrderRule {
  lower: string;
  upper: string;
}

export interface TableSpec {
  table: DirectoryTable;
  /** The HSDS resource name in datapackage.json. */
  resource: string;
  file: string;
  /** Other file names that HSDS versions and publishers use for the same table. */
  aliases: readonly string[];
  columns: readonly ColumnSpec[];
  order?: readonly OrderRule[];
}

const id: ColumnSpec = { name: 'id', kind: 'id', required: true };
const text = (name: string, required = false): ColumnSpec => ({ name, kind: 'text', required });
const ref = (name: string, references: DirectoryTable, required = false): ColumnSpec => ({ name, kind: 'ref', references, required });
const flag = (name: string, value: boolean, tandem: string): ColumnSpec => ({ name, kind: 'boolean', default: value, tandem });
const jurisdiction = (what: string): ColumnSpec => ({ name: 'jurisdiction', kind: 'jurisdiction', tandem: `code of the Tandem jurisdiction ${what} is for (e.g. STL); empty when it serves several` });

export const TABLE_SPECS: readonly TableSpec[] = [
  {
    table: 'organization',
    resource: 'organization',
    file: 'organizations.csv',
    aliases: ['organization.csv'],
    columns: [
      id,
      text('name', true),
      text('alternate_name'),
      text('description', true),
      text('email'),
      text('website'),
      text('tax_status'),
      text('tax_id'),
      { name: 'year_incorporated', kind: 'integer', min: 1000, max: 9999 },
      text('legal_status'),
      text('uri'),
      ref('parent_organization_id', 'organization'),
      { name: 'agency_jurisdiction', kind: 'agency-jurisdiction', tandem: 'jurisdiction code of the Tandem agency this organization is (with agency_name)' },
      { name: 'agency_name', kind: 'agency-name', tandem: 'name of the Tandem agency this organization is, in agency_jurisdiction' },
    ],
  },
  {
    table: 'unit',
    resource: 'unit',
    file: 'units.csv',
    aliases: ['unit.csv'],
    columns: [id, text('name', true), text('scheme'), text('identifier'), text('uri')],
  },
  {
    table: 'service',
    resource: 'service',
    file: 'services.csv',
    aliases: ['service.csv'],
    columns: [
      id,
      ref('organization_id', 'organization', true),
      text('program_id'),
      text('name', true),
      text('alternate_name'),
      text('description'),
      text('url'),
      text('email'),
      { name: 'status', kind: 'enum', required: true, values: SERVICE_STATUSES },
      text('interpretation_services'),
      text('application_process'),
      text('fees_description'),
      text('wait_time'),
      text('fees'),
      text('accreditations'),
      text('eligibility_description'),
      { name: 'minimum_age', kind: 'number', min: 0, max: 150 },
      { name: 'maximum_age', kind: 'number', min: 0, max: 150 },
      text('alert'),
      { name: 'last_modified', kind: 'datetime' },
      { name: 'service_type', kind: 'enum', required: true, values: Object.values(DirectoryServiceType), tandem: 'what the service is, in Tandem’s vocabulary of service types' },
      { name: 'population_sex', kind: 'enum', values: POPULATION_SEXES, default: 'ANY', tandem: 'the sex the service serves' },
      flag('minors_only', false, 'true when the service serves minors only'),
      flag('trafficking_survivors', false, 'true when the service is for survivors of trafficking'),
      flag('accepting_referrals', true, 'false while the service takes no referrals'),
      flag('public', false, 'true when the service is listed to the public without sign-in (hotlines, drop-in counseling)'),
      jurisdiction('the service'),
    ],
    order: [{ lower: 'minimum_age', upper: 'maximum_age' }],
  },
  {
    table: 'location',
    resource: 'location',
    file: 'locations.csv',
    aliases: ['location.csv'],
    columns: [
      id,
      { name: 'location_type', kind: 'enum', required: true, values: LOCATION_TYPES },
      text('url'),
      ref('organization_id', 'organization'),
      text('name'),
      text('alternate_name'),
      text('description'),
      text('transportation'),
      { name: 'latitude', kind: 'number', min: -90, max: 90 },
      { name: 'longitude', kind: 'number', min: -180, max: 180 },
      text('external_identifier'),
      text('external_identifier_type'),
      flag('confidential', false, 'true for a site whose address and coordinates are shown only to its own agency and to agencies with an accepted referral to it'),
      jurisdiction('the location'),
    ],
  },
  {
    table: 'address',
    resource: 'address',
    file: 'addresses.csv',
    aliases: ['address.csv'],
    columns: [
      id,
      ref('location_id', 'location', true),
      text('attention'),
      text('address_1', true),
      text('address_2'),
      text('city', true),
      text('region'),
      text('state_province', true),
      text('postal_code', true),
      text('country', true),
      { name: 'address_type', kind: 'enum', required: true, values: LOCATION_TYPES },
    ],
  },
  {
    table: 'service_at_location',
    resource: 'service_at_location',
    file: 'service_at_location.csv',
    aliases: ['service_at_locations.csv', 'services_at_location.csv'],
    columns: [id, ref('service_id', 'service', true), ref('location_id', 'location', true), text('description')],
  },
  {
    table: 'contact',
    resource: 'contact',
    file: 'contacts.csv',
    aliases: ['contact.csv'],
    columns: [
      id,
      ref('organization_id', 'organization'),
      ref('service_id', 'service'),
      ref('service_at_location_id', 'service_at_location'),
      ref('location_id', 'location'),
      text('name'),
      text('title'),
      text('department'),
      text('email'),
    ],
  },
  {
    table: 'phone',
    resource: 'phone',
    file: 'phones.csv',
    aliases: ['phone.csv'],
    columns: [
      id,
      ref('location_id', 'location'),
      ref('service_id', 'service'),
      ref('organization_id', 'organization'),
      ref('contact_id', 'contact'),
      ref('service_at_location_id', 'service_at_location'),
      text('number', true),
      text('extension'),
      text('type'),
      text('description'),
    ],
  },
  {
    table: 'schedule',
    resource: 'schedule',
    file: 'schedules.csv',
    aliases: ['schedule.csv'],
    columns: [
      id,
      ref('service_id', 'service'),
      ref('location_id', 'location'),
      ref('service_at_location_id', 'service_at_location'),
      { name: 'valid_from', kind: 'date' },
      { name: 'valid_to', kind: 'date' },
      { name: 'dtstart', kind: 'date' },
      text('timezone'),
      { name: 'until', kind: 'date' },
      { name: 'count', kind: 'integer', min: 0 },
      { name: 'wkst', kind: 'enum', values: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] },
      { name: 'freq', kind: 'enum', values: SCHEDULE_FREQS },
      { name: 'interval', kind: 'integer', min: 1 },
      { name: 'byday', kind: 'byday' },
      text('byweekno'),
      text('bymonthday'),
      text('byyearday'),
      text('description'),
      { name: 'opens_at', kind: 'time' },
      { name: 'closes_at', kind: 'time' },
      text('schedule_link'),
      text('attending_type'),
      text('notes'),
    ],
    order: [{ lower: 'valid_from', upper: 'valid_to' }],
  },
  {
    table: 'service_area',
    resource: 'service_area',
    file: 'service_areas.csv',
    aliases: ['service_area.csv'],
    columns: [id, ref('service_id', 'service'), ref('service_at_location_id', 'service_at_location'), text('name'), text('description'), text('extent'), text('extent_type'), text('uri')],
  },
  {
    table: 'service_capacity',
    resource: 'service_capacity',
    file: 'service_capacity.csv',
    aliases: ['service_capacities.csv'],
    columns: [
      id,
      ref('service_id', 'service', true),
      ref('unit_id', 'unit', true),
      { name: 'available', kind: 'number', required: true, min: 0 },
      { name: 'maximum', kind: 'number', min: 0 },
      text('description'),
      { name: 'updated', kind: 'datetime', required: true },
      { ...ref('service_at_location_id', 'service_at_location'), tandem: 'the site whose figure this is (live beds are counted per site)' },
    ],
    order: [{ lower: 'available', upper: 'maximum' }],
  },
];

export function tableSpec(table: DirectoryTable): TableSpec {
  return TABLE_SPECS.find((spec) => spec.table === table)!;
}

/** The spec a file of a package is for, by its resource name or its file name. */
export function specFor(resource: string | undefined, file: string): TableSpec | undefined {
  const base = file.split('/').pop()!.toLowerCase();
  return TABLE_SPECS.find((spec) => spec.resource === resource) ?? TABLE_SPECS.find((spec) => spec.file === base || spec.aliases.includes(base));
}

/** The database column a CSV column is stored in (the agency's two columns make one `agency_id`). */
export function storedColumn(column: ColumnSpec): string | null {
  if (column.kind === 'jurisdiction') return 'jurisdiction_id';
  if (column.kind === 'agency-name') return 'agency_id';
  if (column.kind === 'agency-jurisdiction') return null;
  return column.name;
}
