import { MigrationInterface, QueryRunner } from 'typeorm';

/** Identity, sessions, the audit trail's first shape, and the transactional outbox. */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE jurisdiction (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL CHECK (code ~ '^[A-Z]{2,5}$'),
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 2 AND 120),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT jurisdiction_code_key UNIQUE (code)
      )`);
    await db.query(`
      CREATE TABLE agency (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 2 AND 160),
        type text NOT NULL CHECK (type IN ('CHILD_WELFARE','LAW_ENFORCEMENT','SHELTER','COUNSELING','MEDICAL','ADVOCACY','PROSECUTION')),
        jurisdiction_id uuid NOT NULL REFERENCES jurisdiction(id),
        contact_email text,
        contact_phone text,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX agency_name_key ON agency (jurisdiction_id, lower(name))`);
    await db.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        display_name text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 120),
        agency_id uuid REFERENCES agency(id),
        role text NOT NULL CHECK (role IN ('STAFF','SUPERVISOR','AGENCY_ADMIN','AUDITOR','SYSTEM_ADMIN')),
        active boolean NOT NULL DEFAULT true,
        password_hash text NOT NULL,
        failed_login_count integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT app_user_agency_required CHECK (agency_id IS NOT NULL OR role IN ('SYSTEM_ADMIN','AUDITOR'))
      )`);
    await db.query(`CREATE UNIQUE INDEX app_user_email_key ON app_user (lower(email))`);
    await db.query(`CREATE INDEX app_user_agency_idx ON app_user (agency_id, display_name, id)`);
    await db.query(`
      CREATE TABLE auth_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text
      )`);
    await db.query(`CREATE INDEX auth_session_user_idx ON auth_session (user_id) WHERE revoked_at IS NULL`);
    await db.query(`
      CREATE TABLE refresh_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES auth_session(id),
        token_hash bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        CONSTRAINT refresh_token_hash_key UNIQUE (token_hash)
      )`);
    await db.query(`CREATE INDEX refresh_token_session_idx ON refresh_token (session_id)`);
    await db.query(`
      CREATE TABLE audit_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_type text NOT NULL CHECK (actor_type IN ('USER','ANONYMOUS','SYSTEM')),
        actor_user_id uuid,
        actor_agency_id uuid,
        action text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('ALLOWED','DENIED')),
        case_id uuid,
        subject_type text,
        subject_id text,
        scopes text[] NOT NULL DEFAULT '{}',
        justification text,
        reason text,
        request_id text,
        client_address text,
        user_agent text,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await db.query(`CREATE INDEX audit_event_time_idx ON audit_event (occurred_at, id)`);
    await db.query(`CREATE INDEX audit_event_actor_idx ON audit_event (actor_user_id, occurred_at)`);
    await db.query(`CREATE INDEX audit_event_agency_idx ON audit_event (actor_agency_id, occurred_at)`);
    await db.query(`CREATE INDEX audit_event_case_idx ON audit_event (case_id, occurred_at) WHERE case_id IS NOT NULL`);
    await db.query(`
      CREATE TABLE outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        topic text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        sent_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    await db.query(`CREATE INDEX outbox_pending_idx ON outbox (created_at) WHERE sent_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['outbox', 'audit_event', 'refresh_token', 'auth_session', 'app_user', 'agency', 'jurisdiction']) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
