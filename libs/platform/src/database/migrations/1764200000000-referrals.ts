import { MigrationInterface, QueryRunner } from 'typeorm';

/** Referrals and handoffs between agencies, the inbox view they open, and the case timeline. */
export class Referrals1764200000000 implements MigrationInterface {
  name = 'Referrals1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE referral (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id),
        from_agency_id uuid NOT NULL REFERENCES agency(id),
        to_agency_id uuid NOT NULL REFERENCES agency(id),
        sent_by uuid NOT NULL REFERENCES app_user(id),
        service_type text NOT NULL CHECK (service_type IN ('EMERGENCY_SHELTER','HOUSING','COUNSELING','MEDICAL_EXAM','FORENSIC_INTERVIEW','LEGAL_ADVOCACY','INVESTIGATION','CASE_MANAGEMENT','EDUCATION')),
        urgency text NOT NULL CHECK (urgency IN ('EMERGENCY','URGENT','ROUTINE')),
        scopes text[] NOT NULL DEFAULT '{}',
        consent_required boolean NOT NULL,
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
        emergency_justification text,
        status text NOT NULL DEFAULT 'REQUESTED' CHECK (status IN ('REQUESTED','ACCEPTED','IN_PROGRESS','COMPLETED','FAILED','DECLINED','CANCELLED','EXPIRED')),
        response_due_at timestamptz NOT NULL,
        decline_reason text CHECK (decline_reason IN ('NO_CAPACITY','NOT_ELIGIBLE','OUT_OF_AREA','DUPLICATE','OTHER')),
        status_note text,
        outcome text,
        responded_by uuid REFERENCES app_user(id),
        responded_at timestamptz,
        closed_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (from_agency_id <> to_agency_id)
      )`);
    await db.query(`CREATE INDEX referral_to_idx ON referral (to_agency_id, status, created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX referral_from_idx ON referral (from_agency_id, status, created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX referral_case_idx ON referral (case_id)`);
    await db.query(`CREATE UNIQUE INDEX referral_pending_key ON referral (case_id, to_agency_id, service_type) WHERE status = 'REQUESTED'`);
    await db.query(`
      CREATE TABLE handoff (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id),
        from_agency_id uuid NOT NULL REFERENCES agency(id),
        to_agency_id uuid NOT NULL REFERENCES agency(id),
        requested_by uuid NOT NULL REFERENCES app_user(id),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
        status text NOT NULL DEFAULT 'REQUESTED' CHECK (status IN ('REQUESTED','ACCEPTED','DECLINED','CANCELLED','EXPIRED')),
        response_due_at timestamptz NOT NULL,
        status_note text,
        responded_by uuid REFERENCES app_user(id),
        responded_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (from_agency_id <> to_agency_id)
      )`);
    await db.query(`CREATE INDEX handoff_to_idx ON handoff (to_agency_id, status, created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX handoff_from_idx ON handoff (from_agency_id, status, created_at DESC, id DESC)`);
    await db.query(`CREATE UNIQUE INDEX handoff_pending_key ON handoff (case_id) WHERE status = 'REQUESTED'`);
    await db.query(`DROP VIEW case_inbox`);
    await db.query(`
      CREATE VIEW case_inbox AS
        SELECT case_id, to_agency_id AS agency_id, scopes, consent_required FROM referral WHERE status = 'REQUESTED'
        UNION ALL
        SELECT case_id, to_agency_id AS agency_id, '{}'::text[] AS scopes, false AS consent_required FROM handoff WHERE status = 'REQUESTED'`);
    await db.query(`
      CREATE TABLE case_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id),
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        kind text NOT NULL,
        scope text NOT NULL,
        only_agency_id uuid REFERENCES agency(id),
        actor_user_id uuid REFERENCES app_user(id),
        actor_agency_id uuid REFERENCES agency(id),
        subject_id uuid,
        data jsonb NOT NULL DEFAULT '{}'
      )`);
    await db.query(`CREATE INDEX case_event_case_idx ON case_event (case_id, occurred_at, id)`);
    await db.query(`CREATE TRIGGER case_event_append_only BEFORE UPDATE OR DELETE ON case_event FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS case_event`);
    await db.query(`DROP VIEW IF EXISTS case_inbox`);
    await db.query(`CREATE VIEW case_inbox AS SELECT NULL::uuid AS case_id, NULL::uuid AS agency_id, '{}'::text[] AS scopes WHERE false`);
    await db.query(`DROP TABLE IF EXISTS handoff`);
    await db.query(`DROP TABLE IF EXISTS referral`);
  }
}
