import { registerEnumType } from '@nestjs/graphql';

/**
 * The service types of the directory: every referral service type (a referral names the service
 * it asks for with one of them), and what only the directory lists: hotlines and drop-in services,
 * which take no referral. The referrals lib tests that its types stay a part of these.
 */
export enum DirectoryServiceType {
  EMERGENCY_SHELTER = 'EMERGENCY_SHELTER',
  HOUSING = 'HOUSING',
  COUNSELING = 'COUNSELING',
  MEDICAL_EXAM = 'MEDICAL_EXAM',
  FORENSIC_INTERVIEW = 'FORENSIC_INTERVIEW',
  LEGAL_ADVOCACY = 'LEGAL_ADVOCACY',
  INVESTIGATION = 'INVESTIGATION',
  CASE_MANAGEMENT = 'CASE_MANAGEMENT',
  EDUCATION = 'EDUCATION',
  HOTLINE = 'HOTLINE',
  DROP_IN = 'DROP_IN',
}

/** HSDS service status. */
export const SERVICE_STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
export type ServiceStatusValue = (typeof SERVICE_STATUSES)[number];
/** HSDS location and address types. */
export const LOCATION_TYPES = ['physical', 'postal', 'virtual'] as const;
export type LocationTypeValue = (typeof LOCATION_TYPES)[number];
/** The sex a service serves (Tandem's field). */
export const POPULATION_SEXES = ['FEMALE', 'MALE', 'ANY'] as const;
export type PopulationSexValue = (typeof POPULATION_SEXES)[number];
/** HSDS schedule frequencies Tandem evaluates. */
export const SCHEDULE_FREQS = ['WEEKLY', 'MONTHLY'] as const;
/** Why a capacity figure changed (directory.capacity_history.reason). */
export const CAPACITY_CHANGE_REASONS = ['UPDATE', 'IMPORT', 'HOLD', 'RELEASE', 'DECLINED_NO_CAPACITY'] as const;
export type CapacityChangeReason = (typeof CAPACITY_CHANGE_REASONS)[number];

/** Hours after which a capacity figure is shown as stale when CAPACITY_STALE_HOURS is not set. */
export const DEFAULT_CAPACITY_STALE_HOURS = 12;

export enum DirectoryServiceStatus {
  ACTIVE = 'active',
  INACTIVE = 'inactive',
  DEFUNCT = 'defunct',
  TEMPORARILY_CLOSED = 'temporarily closed',
}
export enum PopulationSex {
  FEMALE = 'FEMALE',
  MALE = 'MALE',
  ANY = 'ANY',
}
export enum LocationType {
  PHYSICAL = 'physical',
  POSTAL = 'postal',
  VIRTUAL = 'virtual',
}
for (const [value, name] of [
  [DirectoryServiceType, 'DirectoryServiceType'],
  [DirectoryServiceStatus, 'DirectoryServiceStatus'],
  [PopulationSex, 'PopulationSex'],
  [LocationType, 'LocationType'],
] as const) {
  registerEnumType(value, { name });
}

/*
 * The rows of the directory's tables, column for column (HSDS names, snake_case), as its
 * repository reads and writes them: `numeric` as its decimal text (exact, as PostgreSQL gives it),
 * `date` as ISO text (YYYY-MM-DD), `time` as HH:MM:SS, `timestamptz` as a Date.
 */

export interface OrganizationRow {
  id: string;
  name: string;
  alternate_name: string | null;
  description: string | null;
  email: string | null;
  website: string | null;
  tax_status: string | null;
  tax_id: string | null;
  year_incorporated: number | null;
  legal_status: string | null;
  uri: string | null;
  parent_organization_id: string | null;
  /** Tandem: the agency this organization is. */
  agency_id: string | null;
}

export interface ServiceRow {
  id: string;
  organization_id: string;
  program_id: string | null;
  name: string;
  alternate_name: string | null;
  description: string | null;
  url: string | null;
  email: string | null;
  status: ServiceStatusValue;
  interpretation_services: string | null;
  application_process: string | null;
  fees_description: string | null;
  wait_time: string | null;
  fees: string | null;
  accreditations: string | null;
  eligibility_description: string | null;
  minimum_age: string | null;
  maximum_age: string | null;
  alert: string | null;
  last_modified: Date | null;
  /** Tandem fields. */
  service_type: DirectoryServiceType;
  population_sex: PopulationSexValue | null;
  minors_only: boolean;
  trafficking_survivors: boolean;
  accepting_referrals: boolean;
  public: boolean;
  jurisdiction_id: string | null;
}

export interface LocationRow {
  id: string;
  location_type: LocationTypeValue;
  url: string | null;
  organization_id: string | null;
  name: string | null;
  alternate_name: string | null;
  description: string | null;
  transportation: string | null;
  latitude: string | null;
  longitude: string | null;
  external_identifier: string | null;
  external_identifier_type: string | null;
  /** Tandem fields. */
  confidential: boolean;
  jurisdiction_id: string | null;
}

export interface AddressRow {
  id: string;
  location_id: string;
  attention: string | null;
  address_1: string | null;
  address_2: string | null;
  city: string | null;
  region: string | null;
  state_province: string | null;
  postal_code: string | null;
  country: string | null;
  address_type: LocationTypeValue | null;
}

export interface ServiceAtLocationRow {
  id: string;
  service_id: string;
  location_id: string;
  description: string | null;
}

export interface ScheduleRow {
  id: string;
  service_id: string | null;
  location_id: string | null;
  service_at_location_id: string | null;
  valid_from: string | null;
  valid_to: string | null;
  dtstart: string | null;
  timezone: string | null;
  until: string | null;
  count: number | null;
  wkst: string | null;
  freq: (typeof SCHEDULE_FREQS)[number] | null;
  interval: number | null;
  byday: string | null;
  byweekno: string | null;
  bymonthday: string | null;
  byyearday: string | null;
  description: string | null;
  opens_at: string | null;
  closes_at: string | null;
  schedule_link: string | null;
  attending_type: string | null;
  notes: string | null;
}

export interface PhoneRow {
  id: string;
  location_id: string | null;
  service_id: string | null;
  organization_id: string | null;
  contact_id: string | null;
  service_at_location_id: string | null;
  number: string;
  extension: string | null;
  type: string | null;
  description: string | null;
}

export interface ContactRow {
  id: string;
  organization_id: string | null;
  service_id: string | null;
  service_at_location_id: string | null;
  location_id: string | null;
  name: string | null;
  title: string | null;
  department: string | null;
  email: string | null;
}

export interface ServiceAreaRow {
  id: string;
  service_id: string | null;
  service_at_location_id: string | null;
  name: string | null;
  description: string | null;
  extent: string | null;
  extent_type: string | null;
  uri: string | null;
}

export interface UnitRow {
  id: string;
  name: string;
  scheme: string | null;
  identifier: string | null;
  uri: string | null;
}

export interface ServiceCapacityRow {
  id: string;
  service_id: string;
  unit_id: string;
  available: string;
  maximum: string | null;
  description: string | null;
  updated: Date;
  /** Tandem fields. */
  service_at_location_id: string | null;
  updated_by: string | null;
  version: number;
}

export interface CapacityHistoryRow {
  id: string;
  capacity_id: string;
  version: number;
  available: string;
  maximum: string | null;
  updated: Date;
  updated_by: string | null;
  reason: CapacityChangeReason;
}

export interface BedHoldRow {
  referral_id: string;
  capacity_id: string;
  service_at_location_id: string;
  referring_agency_id: string;
  held_at: Date;
  released_at: Date | null;
  release_reason: string | null;
}

/**
 * Each HSDS table of the directory with its columns in HSDS order, Tandem's own columns last: what
 * import and export read and write. `capacity_history` and `bed_hold` are Tandem's alone, not HSDS.
 */
export const DIRECTORY_TABLES = {
  organization: ['id', 'name', 'alternate_name', 'description', 'email', 'website', 'tax_status', 'tax_id', 'year_incorporated', 'legal_status', 'uri', 'parent_organization_id', 'agency_id'],
  service: [
    'id', 'organization_id', 'program_id', 'name', 'alternate_name', 'description', 'url', 'email', 'status', 'interpretation_services',
    'application_process', 'fees_description', 'wait_time', 'fees', 'accreditations', 'eligibility_description', 'minimum_age', 'maximum_age',
    'alert', 'last_modified', 'service_type', 'population_sex', 'minors_only', 'trafficking_survivors', 'accepting_referrals', 'public', 'jurisdiction_id',
  ],
  location: [
    'id', 'location_type', 'url', 'organization_id', 'name', 'alternate_name', 'description', 'transportation', 'latitude', 'longitude',
    'external_identifier', 'external_identifier_type', 'confidential', 'jurisdiction_id',
  ],
  address: ['id', 'location_id', 'attention', 'address_1', 'address_2', 'city', 'region', 'state_province', 'postal_code', 'country', 'address_type'],
  service_at_location: ['id', 'service_id', 'location_id', 'description'],
  schedule: [
    'id', 'service_id', 'location_id', 'service_at_location_id', 'valid_from', 'valid_to', 'dtstart', 'timezone', 'until', 'count', 'wkst', 'freq',
    'interval', 'byday', 'byweekno', 'bymonthday', 'byyearday', 'description', 'opens_at', 'closes_at', 'schedule_link', 'attending_type', 'notes',
  ],
  contact: ['id', 'organization_id', 'service_id', 'service_at_location_id', 'location_id', 'name', 'title', 'department', 'email'],
  phone: ['id', 'location_id', 'service_id', 'organization_id', 'contact_id', 'service_at_location_id', 'number', 'extension', 'type', 'description'],
  service_area: ['id', 'service_id', 'service_at_location_id', 'name', 'description', 'extent', 'extent_type', 'uri'],
  unit: ['id', 'name', 'scheme', 'identifier', 'uri'],
  service_capacity: ['id', 'service_id', 'unit_id', 'available', 'maximum', 'description', 'updated', 'service_at_location_id', 'updated_by', 'version'],
} as const satisfies Record<string, readonly string[]>;
export type DirectoryTable = keyof typeof DIRECTORY_TABLES;
