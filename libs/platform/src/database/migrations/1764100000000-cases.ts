import { MigrationInterface, QueryRunner } from 'typeorm';

/** Cases, their children (encrypted), memberships, assignments, consents, break-glass grants and notes. */
export class Cases1764100000000 implements MigrationInterface {
  name = 'Cases1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE case_number_counter (
        jurisdiction_id uuid NOT NULL REFERENCES jurisdiction(id),
        year integer NOT NULL,
        last_value integer NOT NULL,
        PRIMARY KEY (jurisdiction_id, year)
      )`);
    await db.query(`
      CREATE TABLE case_file (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_number text NOT NULL,
        jurisdiction_id uuid NOT NULL REFERENCES jurisdiction(id),
        lead_agency_id uuid NOT NULL REFERENCES agency(id),
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN','ACTIVE','CLOSED')),
        risk_level text NOT NULL DEFAULT 'UNKNOWN' CHECK (risk_level IN ('UNKNOWN','LOW','ELEVATED','HIGH')),
        flags text[] NOT NULL DEFAULT '{}',
        version integer NOT NULL DEFAULT 1,
        opened_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        close_reason text,
        created_by uuid NOT NULL REFERENCES app_user(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT case_file_number_key UNIQUE (case_number)
      )`);
    await db.query(`CREATE INDEX case_file_lead_idx ON case_file (lead_agency_id, opened_at DESC, id DESC)`);
    await db.query(`CREATE INDEX case_file_opened_idx ON case_file (opened_at DESC, id DESC)`);
    await db.query(`
      CREATE TABLE child (
        case_id uuid PRIMARY KEY REFERENCES case_file(id),
        identity_sealed text NOT NULL,
        location_sealed text,
        key_id text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX child_key_idx ON child (key_id)`);
    await db.query(`
      CREATE TABLE child_lookup (
        case_id uuid NOT NULL REFERENCES case_file(id),
        token bytea NOT NULL,
        PRIMARY KEY (token, case_id)
      )`);
    await db.query(`CREATE INDEX child_lookup_case_idx ON child_lookup (case_id)`);
    await db.query(`
      CREATE TABLE membership (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id),
        agency_id uuid NOT NULL REFERENCES agency(id),
        role text NOT NULL CHECK (role IN ('LEAD','PARTNER')),
        scopes text[] NOT NULL DEFAULT '{}',
        granted_via text NOT NULL CHECK (granted_via IN ('CREATED','REFERRAL','HANDOFF','SHARE','BREAK_GLASS')),
        consent_required boolean NOT NULL DEFAULT true,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX membership_active_key ON membership (case_id, agency_id) WHERE active`);
    await db.query(`CREATE INDEX membership_agency_idx ON membership (agency_id, case_id) WHERE active`);
    await db.query(`
      CREATE TABLE assignment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id),
        user_id uuid NOT NULL REFERENCES app_user(id),
        agency_id uuid NOT NULL REFERENCES agency(id),
        role text NOT NULL CHECK (role IN ('PRIMARY','SECONDARY')),
        active boolean NOT NULL DEFAULT true,
        assigned_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX assignment_active_key ON assignment (case_id, user_id) WHERE active`);
    await db.query(`CREATE INDEX assignment_user_idx ON assignment (user_id, case_id) WHERE active`);
    await db.query(`
      CREATE TABLE consent (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id),
        granted_by text NOT NULL CHECK (granted_by IN ('YOUTH','GUARDIAN','COURT')),
        scopes text[] NOT NULL,
        agency_ids uuid[] NOT NULL DEFAULT '{}',
        agency_types text[] NOT NULL DEFAULT '{}',
        purpose text NOT NULL,
        effective_at timestamptz NOT NULL,
        expires_at timestamptz,
        revoked_at timestamptz,
        revoked_by uuid REFERENCES app_user(id),
        recorded_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (expires_at IS NULL OR expires_at > effective_at)
      )`);
    await db.query(`CREATE INDEX consent_case_idx ON consent (case_id)`);
    await db.query(`
      CREATE TABLE access_grant (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id),
        user_id uuid NOT NULL REFERENCES app_user(id),
        agency_id uuid NOT NULL REFERENCES agency(id),
        justification text NOT NULL CHECK (length(justification) >= 20),
        granted_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await db.query(`CREATE INDEX access_grant_user_idx ON access_grant (user_id, case_id)`);
    await db.query(`CREATE INDEX access_grant_case_idx ON access_grant (case_id)`);
    await db.query(`
      CREATE TABLE note (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id),
        author_id uuid NOT NULL REFERENCES app_user(id),
        agency_id uuid NOT NULL REFERENCES agency(id),
        category text NOT NULL CHECK (category IN ('GENERAL','INVESTIGATION','CLINICAL')),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
        corrects_id uuid REFERENCES note(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX note_case_idx ON note (case_id, created_at DESC, id DESC)`);
    // Notes are append-only: a correction is a new note pointing at the old one.
    await db.query(`
      CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`CREATE TRIGGER note_append_only BEFORE UPDATE OR DELETE ON note FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    // Pending referrals and handoffs addressed to an agency (the inbox view); filled in by referrals.
    await db.query(`CREATE VIEW case_inbox AS SELECT NULL::uuid AS case_id, NULL::uuid AS agency_id, '{}'::text[] AS scopes WHERE false`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP VIEW IF EXISTS case_inbox`);
    for (const table of ['note', 'access_grant', 'consent', 'assignment', 'membership', 'child_lookup', 'child', 'case_file', 'case_number_counter']) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await db.query(`DROP FUNCTION IF EXISTS refuse_change()`);
  }
}
