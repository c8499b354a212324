import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Missing-child episodes and their reports, the deadline engine's clocks, notifications with
 * their once-per-recipient ledger, agency webhooks and their deliveries, break-glass reviews.
 */
export class Deadlines1764400000000 implements MigrationInterface {
  name = 'Deadlines1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE missing_episode (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id),
        missing_since timestamptz(3) NOT NULL,
        learned_at timestamptz(3) NOT NULL,
        last_seen_sealed text,
        recorded_by uuid NOT NULL REFERENCES app_user(id),
        agency_id uuid NOT NULL REFERENCES agency(id),
        returned_at timestamptz(3),
        return_recorded_by uuid REFERENCES app_user(id),
        interviewed_at timestamptz(3),
        interviewed_by uuid REFERENCES app_user(id),
        screening_done boolean,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (learned_at >= missing_since),
        CHECK (returned_at IS NULL OR returned_at >= missing_since),
        CHECK (interviewed_at IS NULL OR returned_at IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX missing_episode_case_idx ON missing_episode (case_id, missing_since DESC)`);
    // One open episode per case: a child cannot go missing twice at once.
    await db.query(`CREATE UNIQUE INDEX missing_episode_open_key ON missing_episode (case_id) WHERE returned_at IS NULL`);
    await db.query(`
      CREATE TABLE missing_report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        episode_id uuid NOT NULL REFERENCES missing_episode(id),
        reported_to text NOT NULL CHECK (reported_to IN ('LAW_ENFORCEMENT','NCMEC','NCIC')),
        reported_at timestamptz(3) NOT NULL,
        report_number text NOT NULL CHECK (length(report_number) BETWEEN 1 AND 100),
        receiving_agency_id uuid REFERENCES agency(id),
        recorded_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (episode_id, reported_to)
      )`);
    await db.query(`
      CREATE TABLE victim_report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES case_file(id),
        reported_at timestamptz(3) NOT NULL,
        report_number text NOT NULL CHECK (length(report_number) BETWEEN 1 AND 100),
        recorded_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX victim_report_case_idx ON victim_report (case_id)`);
    await db.query(`
      CREATE TABLE deadline (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('MISSING_REPORT_LE','MISSING_REPORT_NCMEC','NCIC_ENTRY','VICTIM_REPORT_LE','REFERRAL_RESPONSE',
                                           'HANDOFF_RESPONSE','RETURN_INTERVIEW','BREAK_GLASS_REVIEW','CONSENT_EXPIRY','CASE_REVIEW')),
        case_id uuid NOT NULL REFERENCES case_file(id),
        subject_type text NOT NULL,
        subject_id uuid NOT NULL,
        agency_id uuid NOT NULL REFERENCES agency(id),
        started_at timestamptz(3) NOT NULL,
        due_at timestamptz(3) NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING','MET','BREACHED','CANCELLED')),
        stage integer NOT NULL DEFAULT 0,
        next_at timestamptz(3),
        escalation_level integer NOT NULL DEFAULT 0,
        data jsonb NOT NULL DEFAULT '{}',
        met_at timestamptz(3),
        met_by uuid REFERENCES app_user(id),
        breached_at timestamptz(3),
        cancelled_at timestamptz(3),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (due_at >= started_at),
        CHECK ((status = 'PENDING') = (next_at IS NOT NULL))
      )`);
    // One running clock of a kind per subject: a retried start cannot open a second.
    await db.query(`CREATE UNIQUE INDEX deadline_pending_key ON deadline (kind, subject_id) WHERE status = 'PENDING'`);
    await db.query(`CREATE INDEX deadline_next_idx ON deadline (next_at) WHERE status = 'PENDING'`);
    await db.query(`CREATE INDEX deadline_case_idx ON deadline (case_id, due_at, id)`);
    await db.query(`CREATE INDEX deadline_agency_idx ON deadline (agency_id, status, due_at, id)`);
    await db.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recipient_id uuid NOT NULL REFERENCES app_user(id),
        kind text NOT NULL,
        case_id uuid REFERENCES case_file(id),
        case_number text,
        deadline_id uuid REFERENCES deadline(id),
        text text NOT NULL,
        ledger_key text NOT NULL UNIQUE,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        read_at timestamptz(3),
        emailed_at timestamptz(3)
      )`);
    await db.query(`CREATE INDEX notification_recipient_idx ON notification (recipient_id, created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX notification_unread_idx ON notification (recipient_id, created_at DESC, id DESC) WHERE read_at IS NULL`);
    await db.query(`
      CREATE TABLE agency_webhook (
        agency_id uuid PRIMARY KEY REFERENCES agency(id),
        url text NOT NULL,
        secret_sealed text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE webhook_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL REFERENCES agency(id),
        ledger_key text NOT NULL UNIQUE,
        body jsonb NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING','DELIVERED','DEAD')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        delivered_at timestamptz(3),
        dead_at timestamptz(3)
      )`);
    await db.query(`CREATE INDEX webhook_delivery_status_idx ON webhook_delivery (status, created_at)`);
    await db.query(`ALTER TABLE access_grant ADD COLUMN reviewed_at timestamptz(3), ADD COLUMN reviewed_by uuid REFERENCES app_user(id), ADD COLUMN review_finding text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE access_grant DROP COLUMN reviewed_at, DROP COLUMN reviewed_by, DROP COLUMN review_finding`);
    for (const table of ['webhook_delivery', 'agency_webhook', 'notification', 'deadline', 'victim_report', 'missing_report', 'missing_episode']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
