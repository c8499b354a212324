import { MigrationInterface, QueryRunner } from 'typeorm';

/** The role the applications act as (`DATABASE_ROLE`): it may insert and read audit events, never change them. */
export const APPLICATION_ROLE = 'tandem_app';

const EVENT_COLUMNS = `actor_type, actor_user_id, actor_agency_id, action, outcome, case_id, subject_type, subject_id, scopes,
  justification, reason, request_id, client_address, user_agent, details`;

/**
 * The audit trail as supervisors can trust it:
 * - partitioned by month (old months are exported and dropped whole, by the owner only);
 * - append-only: no role may update or delete an event (a trigger), and the application role
 *   may not even try (privileges: insert and select only);
 * - tamper-evident: each event carries its chain (one per agency, and one each for system,
 *   anonymous and agency-less actors), its place in it, and a keyed SHA-256 over the previous
 *   hash and its canonical form; `audit_chain` holds each chain's head.
 * Events written before this migration keep their rows in the `legacy` chain, unhashed.
 */
export class AuditTrail1764500000000 implements MigrationInterface {
  name = 'AuditTrail1764500000000';

  async up(db: QueryRunner): Promise<void> {
    // Roles belong to the whole server: another database of it may have made this one already.
    await db.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APPLICATION_ROLE}') THEN
          CREATE ROLE ${APPLICATION_ROLE} NOLOGIN;
        END IF;
      END $$`);
    await db.query(`ALTER TABLE audit_event RENAME TO audit_event_unpartitioned`);
    for (const index of ['audit_event_time_idx', 'audit_event_actor_idx', 'audit_event_agency_idx', 'audit_event_case_idx']) {
      await db.query(`DROP INDEX IF EXISTS ${index}`);
    }
    await db.query(`ALTER TABLE audit_event_unpartitioned DROP CONSTRAINT IF EXISTS audit_event_pkey`);
    await db.query(`
      CREATE TABLE audit_event (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        occurred_at timestamptz(3) NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
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
        details jsonb NOT NULL DEFAULT '{}',
        chain_key text NOT NULL DEFAULT 'legacy',
        chain_seq bigint,
        prev_hash bytea,
        hash bytea,
        PRIMARY KEY (id, occurred_at)
      ) PARTITION BY RANGE (occurred_at)`);
    await db.query(`CREATE TABLE audit_event_default PARTITION OF audit_event DEFAULT`);
    await db.query(`
      CREATE FUNCTION audit_ensure_partitions(months_ahead integer) RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE
        first_month date := date_trunc('month', now() - interval '1 month')::date;
        month date;
        name text;
        created integer := 0;
      BEGIN
        FOR i IN 0..months_ahead + 1 LOOP
          month := (first_month + make_interval(months => i))::date;
          name := 'audit_event_' || to_char(month, 'YYYY_MM');
          IF to_regclass(name) IS NULL THEN
            BEGIN
              EXECUTE format('CREATE TABLE %I PARTITION OF audit_event FOR VALUES FROM (%L) TO (%L)', name, month, (month + interval '1 month')::date);
              EXECUTE format('REVOKE ALL ON %I FROM ${APPLICATION_ROLE}', name);
              created := created + 1;
            EXCEPTION WHEN check_violation OR invalid_object_definition THEN
              -- Rows of that month already sit in the default partition: leave them there.
              NULL;
            END;
          END IF;
        END LOOP;
        RETURN created;
      END $$`);
    await db.query(`SELECT audit_ensure_partitions(12)`);
    await db.query(`
      INSERT INTO audit_event (id, occurred_at, ${EVENT_COLUMNS}, chain_key)
      SELECT id, occurred_at, ${EVENT_COLUMNS}, 'legacy' FROM audit_event_unpartitioned`);
    await db.query(`DROP TABLE audit_event_unpartitioned`);
    // Indexes that match the questions asked of the trail (filters, then time, then id for paging).
    await db.query(`CREATE INDEX audit_event_time_idx ON audit_event (occurred_at DESC, id DESC)`);
    await db.query(`CREATE INDEX audit_event_actor_idx ON audit_event (actor_user_id, occurred_at DESC, id DESC)`);
    await db.query(`CREATE INDEX audit_event_agency_idx ON audit_event (actor_agency_id, occurred_at DESC, id DESC)`);
    await db.query(`CREATE INDEX audit_event_case_idx ON audit_event (case_id, occurred_at DESC, id DESC) WHERE case_id IS NOT NULL`);
    await db.query(`CREATE INDEX audit_event_action_idx ON audit_event (action, occurred_at DESC, id DESC)`);
    await db.query(`CREATE INDEX audit_event_chain_idx ON audit_event (chain_key, chain_seq)`);
    await db.query(`
      CREATE TABLE audit_chain (
        chain_key text PRIMARY KEY,
        seq bigint NOT NULL DEFAULT 0,
        hash bytea NOT NULL,
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      ) WITH (fillfactor = 20)`);
    // Each head row is rewritten by every event of its chain: room on its page keeps the updates HOT.
    // Where a chain starts again after its oldest months were exported and dropped.
    await db.query(`
      CREATE TABLE audit_chain_anchor (
        chain_key text NOT NULL,
        partition_name text NOT NULL,
        last_seq bigint NOT NULL,
        last_hash bytea NOT NULL,
        pruned_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (chain_key, partition_name)
      )`);
    await db.query(`
      CREATE FUNCTION audit_event_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_immutable()`);
    await db.query(`CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION audit_event_immutable()`);

    // The application role: everything it needs on the domain tables, insert and select on the trail.
    await db.query(`DO $$ BEGIN EXECUTE format('GRANT ${APPLICATION_ROLE} TO %I', current_user); EXCEPTION WHEN OTHERS THEN NULL; END $$`);
    await db.query(`GRANT USAGE ON SCHEMA public TO ${APPLICATION_ROLE}`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APPLICATION_ROLE}`);
    await db.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APPLICATION_ROLE}`);
    await db.query(`REVOKE ALL ON audit_event, audit_event_default, audit_chain_anchor, schema_migration FROM ${APPLICATION_ROLE}`);
    await db.query(`GRANT SELECT, INSERT ON audit_event TO ${APPLICATION_ROLE}`);
    await db.query(`GRANT SELECT ON audit_chain_anchor, schema_migration TO ${APPLICATION_ROLE}`);
    await db.query(`REVOKE ALL ON FUNCTION audit_ensure_partitions(integer) FROM PUBLIC`);
    await db.query(`GRANT EXECUTE ON FUNCTION audit_ensure_partitions(integer) TO ${APPLICATION_ROLE}`);
    await db.query(`
      DO $$ DECLARE p record; BEGIN
        FOR p IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_event'::regclass LOOP
          EXECUTE format('REVOKE ALL ON %I FROM ${APPLICATION_ROLE}', p.relname);
        END LOOP;
      END $$`);
    await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APPLICATION_ROLE}`);
    await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${APPLICATION_ROLE}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM ${APPLICATION_ROLE}`);
    await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM ${APPLICATION_ROLE}`);
    await db.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APPLICATION_ROLE}`);
    await db.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${APPLICATION_ROLE}`);
    await db.query(`REVOKE ALL ON SCHEMA public FROM ${APPLICATION_ROLE}`);
    await db.query(`DROP TABLE audit_chain_anchor`);
    await db.query(`DROP TABLE audit_chain`);
    await db.query(`ALTER TABLE audit_event RENAME TO audit_event_partitioned`);
    await db.query(`CREATE TABLE audit_event (LIKE audit_event_partitioned INCLUDING DEFAULTS)`);
    await db.query(`INSERT INTO audit_event SELECT * FROM audit_event_partitioned`);
    await db.query(`DROP TABLE audit_event_partitioned`);
    await db.query(`ALTER TABLE audit_event DROP COLUMN chain_key, DROP COLUMN chain_seq, DROP COLUMN prev_hash, DROP COLUMN hash, ADD PRIMARY KEY (id)`);
    await db.query(`DROP FUNCTION audit_ensure_partitions(integer)`);
    await db.query(`DROP FUNCTION audit_event_immutable()`);
  }
}
