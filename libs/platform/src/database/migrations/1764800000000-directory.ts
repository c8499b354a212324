import { MigrationInterface, QueryRunner } from 'typeorm';
import { APPLICATION_ROLE } from './1764500000000-audit-trail';

/** The service types of the directory: the referral service types, and what only the directory lists. */
const DIRECTORY_SERVICE_TYPES = [
  'EMERGENCY_SHELTER',
  'HOUSING',
  'COUNSELING',
  'MEDICAL_EXAM',
  'FORENSIC_INTERVIEW',
  'LEGAL_ADVOCACY',
  'INVESTIGATION',
  'CASE_MANAGEMENT',
  'EDUCATION',
  'HOTLINE',
  'DROP_IN',
];

/**
 * The resource directory (docs/design.md, "The resource directory"): Open Referral HSDS 3.1 tables
 * in their own schema, named as HSDS names them so that import and export map one to one, with
 * Tandem's own columns where HSDS has none (population served, referrals accepted, confidential
 * sites, the Tandem agency an organization is), live capacity per site with its history, and the
 * beds held for accepted referrals. A referral may name the site it is for.
 */
export class Directory1764800000000 implements MigrationInterface {
  name = 'Directory1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA directory`);
    await db.query(`
      CREATE TABLE directory.organization (
        id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 250),
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 500),
        alternate_name text,
        description text,
        email text,
        website text,
        tax_status text,
        tax_id text,
        year_incorporated integer,
        legal_status text,
        uri text,
        parent_organization_id text REFERENCES directory.organization(id) ON DELETE CASCADE,
        agency_id uuid UNIQUE REFERENCES agency(id)
      )`);
    await db.query(`
      CREATE TABLE directory.service (
        id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 250),
        organization_id text NOT NULL REFERENCES directory.organization(id) ON DELETE CASCADE,
        program_id text,
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 500),
        alternate_name text,
        description text,
        url text,
        email text,
        status text NOT NULL CHECK (status IN ('active','inactive','defunct','temporarily closed')),
        interpretation_services text,
        application_process text,
        fees_description text,
        wait_time text,
        fees text,
        accreditations text,
        eligibility_description text,
        minimum_age numeric CHECK (minimum_age >= 0),
        maximum_age numeric CHECK (maximum_age >= 0),
        alert text,
        last_modified timestamptz,
        service_type text NOT NULL CHECK (service_type IN (${DIRECTORY_SERVICE_TYPES.map((type) => `'${type}'`).join(',')})),
        population_sex text DEFAULT 'ANY' CHECK (population_sex IN ('FEMALE','MALE','ANY')),
        minors_only boolean NOT NULL DEFAULT false,
        trafficking_survivors boolean NOT NULL DEFAULT false,
        accepting_referrals boolean NOT NULL DEFAULT true,
        public boolean NOT NULL DEFAULT false,
        jurisdiction_id uuid REFERENCES jurisdiction(id),
        search tsvector GENERATED ALWAYS AS (
          to_tsvector('simple'::regconfig, coalesce(name, '') || ' ' || coalesce(alternate_name, '') || ' ' || coalesce(description, '') || ' ' || coalesce(eligibility_description, ''))
        ) STORED,
        CHECK (minimum_age IS NULL OR maximum_age IS NULL OR minimum_age <= maximum_age)
      )`);
    await db.query(`CREATE INDEX service_type_status_idx ON directory.service (service_type, status)`);
    await db.query(`CREATE INDEX service_organization_idx ON directory.service (organization_id)`);
    await db.query(`CREATE INDEX service_search_idx ON directory.service USING gin (search)`);
    await db.query(`
      CREATE TABLE directory.location (
        id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 250),
        location_type text NOT NULL CHECK (location_type IN ('physical','postal','virtual')),
        url text,
        organization_id text REFERENCES directory.organization(id) ON DELETE CASCADE,
        name text,
        alternate_name text,
        description text,
        transportation text,
        latitude numeric CHECK (latitude BETWEEN -90 AND 90),
        longitude numeric CHECK (longitude BETWEEN -180 AND 180),
        external_identifier text,
        external_identifier_type text,
        confidential boolean NOT NULL DEFAULT false,
        jurisdiction_id uuid REFERENCES jurisdiction(id)
      )`);
    await db.query(`CREATE INDEX location_jurisdiction_idx ON directory.location (jurisdiction_id)`);
    await db.query(`CREATE INDEX location_coordinates_idx ON directory.location (latitude, longitude)`);
    await db.query(`CREATE INDEX location_organization_idx ON directory.location (organization_id)`);
    await db.query(`
      CREATE TABLE directory.address (
        id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 250),
        location_id text NOT NULL REFERENCES directory.location(id) ON DELETE CASCADE,
        attention text,
        address_1 text,
        address_2 text,
        city text,
        region text,
        state_province text,
        postal_code text,
        country text,
        address_type text CHECK (address_type IN ('physical','postal','virtual'))
      )`);
    await db.query(`CREATE INDEX address_location_idx ON directory.address (location_id)`);
    await db.query(`
      CREATE TABLE directory.service_at_location (
        id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 250),
        service_id text NOT NULL REFERENCES directory.service(id) ON DELETE CASCADE,
        location_id text NOT NULL REFERENCES directory.location(id) ON DELETE CASCADE,
        description text
      )`);
    await db.query(`CREATE INDEX service_at_location_service_idx ON directory.service_at_location (service_id)`);
    await db.query(`CREATE INDEX service_at_location_location_idx ON directory.service_at_location (location_id)`);
    await db.query(`
      CREATE TABLE directory.schedule (
        id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 250),
        service_id text REFERENCES directory.service(id) ON DELETE CASCADE,
        location_id text REFERENCES directory.location(id) ON DELETE CASCADE,
        service_at_location_id text REFERENCES directory.service_at_location(id) ON DELETE CASCADE,
        valid_from date,
        valid_to date,
        dtstart date,
        timezone text,
        until date,
        count integer,
        wkst text,
        freq text CHECK (freq IN ('WEEKLY','MONTHLY')),
        interval integer,
        byday text,
        byweekno text,
        bymonthday text,
        byyearday text,
        description text,
        opens_at time,
        closes_at time,
        schedule_link text,
        attending_type text,
        notes text
      )`);
    await db.query(`CREATE INDEX schedule_service_idx ON directory.schedule (service_id)`);
    await db.query(`CREATE INDEX schedule_location_idx ON directory.schedule (location_id)`);
    await db.query(`CREATE INDEX schedule_service_at_location_idx ON directory.schedule (service_at_location_id)`);
    await db.query(`
      CREATE TABLE directory.contact (
        id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 250),
        organization_id text REFERENCES directory.organization(id) ON DELETE CASCADE,
        service_id text REFERENCES directory.service(id) ON DELETE CASCADE,
        service_at_location_id text REFERENCES directory.service_at_location(id) ON DELETE CASCADE,
        location_id text REFERENCES directory.location(id) ON DELETE CASCADE,
        name text,
        title text,
        department text,
        email text
      )`);
    await db.query(`CREATE INDEX contact_service_idx ON directory.contact (service_id)`);
    await db.query(`CREATE INDEX contact_service_at_location_idx ON directory.contact (service_at_location_id)`);
    await db.query(`
      CREATE TABLE directory.phone (
        id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 250),
        location_id text REFERENCES directory.location(id) ON DELETE CASCADE,
        service_id text REFERENCES directory.service(id) ON DELETE CASCADE,
        organization_id text REFERENCES directory.organization(id) ON DELETE CASCADE,
        contact_id text REFERENCES directory.contact(id) ON DELETE CASCADE,
        service_at_location_id text REFERENCES directory.service_at_location(id) ON DELETE CASCADE,
        number text NOT NULL,
        extension text,
        type text,
        description text
      )`);
    await db.query(`CREATE INDEX phone_location_idx ON directory.phone (location_id)`);
    await db.query(`CREATE INDEX phone_service_idx ON directory.phone (service_id)`);
    await db.query(`CREATE INDEX phone_service_at_location_idx ON directory.phone (service_at_location_id)`);
    await db.query(`CREATE INDEX phone_organization_idx ON directory.phone (organization_id)`);
    await db.query(`
      CREATE TABLE directory.service_area (
        id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 250),
        service_id text REFERENCES directory.service(id) ON DELETE CASCADE,
        service_at_location_id text REFERENCES directory.service_at_location(id) ON DELETE CASCADE,
        name text,
        description text,
        extent text,
        extent_type text,
        uri text
      )`);
    await db.query(`CREATE INDEX service_area_service_idx ON directory.service_area (service_id)`);
    await db.query(`CREATE INDEX service_area_service_at_location_idx ON directory.service_area (service_at_location_id)`);
    await db.query(`
      CREATE TABLE directory.unit (
        id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 250),
        name text NOT NULL,
        scheme text,
        identifier text,
        uri text
      )`);
    await db.query(`
      CREATE TABLE directory.service_capacity (
        id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 250),
        service_id text NOT NULL REFERENCES directory.service(id) ON DELETE CASCADE,
        unit_id text NOT NULL REFERENCES directory.unit(id) ON DELETE CASCADE,
        available numeric NOT NULL CHECK (available >= 0),
        maximum numeric CHECK (maximum >= 0),
        description text,
        updated timestamptz NOT NULL,
        service_at_location_id text REFERENCES directory.service_at_location(id) ON DELETE CASCADE,
        updated_by uuid REFERENCES app_user(id),
        version integer NOT NULL DEFAULT 1,
        CHECK (maximum IS NULL OR available <= maximum)
      )`);
    await db.query(`CREATE INDEX service_capacity_service_idx ON directory.service_capacity (service_id)`);
    await db.query(`CREATE INDEX service_capacity_service_at_location_idx ON directory.service_capacity (service_at_location_id)`);
    await db.query(`CREATE INDEX service_capacity_updated_idx ON directory.service_capacity (updated)`);
    await db.query(`
      CREATE TABLE directory.capacity_history (
        id bigserial PRIMARY KEY,
        capacity_id text NOT NULL REFERENCES directory.service_capacity(id) ON DELETE CASCADE,
        version integer NOT NULL,
        available numeric NOT NULL,
        maximum numeric,
        updated timestamptz NOT NULL,
        updated_by uuid REFERENCES app_user(id),
        reason text NOT NULL CHECK (reason IN ('UPDATE','IMPORT','HOLD','RELEASE','DECLINED_NO_CAPACITY'))
      )`);
    await db.query(`CREATE INDEX capacity_history_capacity_idx ON directory.capacity_history (capacity_id, version)`);
    await db.query(`
      CREATE TABLE directory.bed_hold (
        referral_id uuid PRIMARY KEY REFERENCES referral(id) ON DELETE CASCADE,
        capacity_id text NOT NULL REFERENCES directory.service_capacity(id) ON DELETE CASCADE,
        service_at_location_id text NOT NULL REFERENCES directory.service_at_location(id) ON DELETE CASCADE,
        referring_agency_id uuid NOT NULL REFERENCES agency(id),
        held_at timestamptz NOT NULL DEFAULT now(),
        released_at timestamptz,
        release_reason text
      )`);
    await db.query(`CREATE INDEX bed_hold_site_agency_idx ON directory.bed_hold (service_at_location_id, referring_agency_id)`);
    await db.query(`CREATE INDEX bed_hold_capacity_idx ON directory.bed_hold (capacity_id) WHERE released_at IS NULL`);

    await db.query(`ALTER TABLE referral ADD COLUMN service_at_location_id text REFERENCES directory.service_at_location(id)`);

    // The application role reads and writes the directory as it does the public schema.
    await db.query(`GRANT USAGE ON SCHEMA directory TO ${APPLICATION_ROLE}`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA directory TO ${APPLICATION_ROLE}`);
    await db.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA directory TO ${APPLICATION_ROLE}`);
    await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA directory GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APPLICATION_ROLE}`);
    await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA directory GRANT USAGE, SELECT ON SEQUENCES TO ${APPLICATION_ROLE}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE referral DROP COLUMN IF EXISTS service_at_location_id`);
    await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA directory REVOKE ALL ON TABLES FROM ${APPLICATION_ROLE}`);
    await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA directory REVOKE ALL ON SEQUENCES FROM ${APPLICATION_ROLE}`);
    await db.query(`DROP SCHEMA directory CASCADE`);
  }
}
