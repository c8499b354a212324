import { MigrationInterface, QueryRunner } from 'typeorm';

/** Every deadline kind of the design's table that the product runs. */
const DEADLINE_KINDS = [
  'MISSING_REPORT_LE',
  'MISSING_REPORT_NCMEC',
  'NCIC_ENTRY',
  'VICTIM_REPORT_LE',
  'REFERRAL_RESPONSE',
  'HANDOFF_RESPONSE',
  'RETURN_INTERVIEW',
  'BREAK_GLASS_REVIEW',
  'CONSENT_EXPIRY',
  'CASE_REVIEW',
  // Added by BedHoldArrival1764820000000, which runs before this one on a database migrated from scratch.
  'BED_HOLD',
  'TIP_TRIAGE',
  'SCREENING_FOLLOW_UP',
];
const BEFORE = DEADLINE_KINDS.filter((kind) => kind !== 'TIP_TRIAGE' && kind !== 'SCREENING_FOLLOW_UP');
const kindCheck = (kinds: string[]) => `CHECK (kind IN (${kinds.map((kind) => `'${kind}'`).join(',')}))`;

/**
 * Screening instruments as data (docs/design.md, "Screening"):
 * - `screening_instrument`: one row per instrument version, its definition kept whole and never
 *   changed once loaded (a new version is a new row), with the digest that proves it;
 * - `screening`: one administration on a case, pinned to the version it was scored with, its score
 *   and outcome as computed then, and its item answers sealed at rest like other case text;
 * - the `SCREENING_FOLLOW_UP` deadline kind (and the tip triage kind of the same table).
 */
export class Screening1764840000000 implements MigrationInterface {
  name = 'Screening1764840000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE screening_instrument (
        instrument_id text NOT NULL CHECK (instrument_id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
        version text NOT NULL CHECK (version ~ '^[0-9]{1,4}(\\.[0-9]{1,4}){0,2}$'),
        definition jsonb NOT NULL,
        digest text NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
        scope text NOT NULL CHECK (scope IN ('SERVICES','CLINICAL')),
        practice boolean NOT NULL,
        license_name text NOT NULL CHECK (length(btrim(license_name)) > 0),
        citation text NOT NULL CHECK (length(btrim(citation)) > 0),
        loaded_at timestamptz(3) NOT NULL,
        PRIMARY KEY (instrument_id, version)
      )`);
    await db.query(`
      CREATE TABLE screening (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES case_file(id),
        instrument_id text NOT NULL,
        instrument_version text NOT NULL,
        agency_id uuid NOT NULL REFERENCES agency(id),
        administered_by uuid NOT NULL REFERENCES app_user(id),
        administered_at timestamptz(3) NOT NULL,
        mode text NOT NULL CHECK (mode IN ('INTERVIEW','SELF_REPORT','INFORMATION_INTEGRATION')),
        respondent text NOT NULL CHECK (respondent IN ('YOUTH','CAREGIVER','PROFESSIONAL')),
        assent boolean NOT NULL,
        consent_by text CHECK (consent_by IN ('YOUTH','GUARDIAN','COURT')),
        scope text NOT NULL CHECK (scope IN ('SERVICES','CLINICAL')),
        score numeric NOT NULL,
        max_score numeric NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('POSITIVE','NEGATIVE','INCONCLUSIVE')),
        threshold_id text,
        risk_level text CHECK (risk_level IN ('UNKNOWN','LOW','ELEVATED','HIGH')),
        case_risk_before text NOT NULL CHECK (case_risk_before IN ('UNKNOWN','LOW','ELEVATED','HIGH')),
        case_risk_after text NOT NULL CHECK (case_risk_after IN ('UNKNOWN','LOW','ELEVATED','HIGH')),
        missing_count integer NOT NULL CHECK (missing_count >= 0),
        answers_sealed text NOT NULL,
        missing_episode_id uuid REFERENCES missing_episode(id),
        follow_up_due_at timestamptz(3),
        created_at timestamptz(3) NOT NULL,
        FOREIGN KEY (instrument_id, instrument_version) REFERENCES screening_instrument (instrument_id, version)
      )`);
    await db.query(`CREATE INDEX screening_case_idx ON screening (case_id, administered_at DESC, id DESC)`);
    await db.query(`ALTER TABLE deadline DROP CONSTRAINT deadline_kind_check`);
    await db.query(`ALTER TABLE deadline ADD CONSTRAINT deadline_kind_check ${kindCheck(DEADLINE_KINDS)}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM deadline WHERE kind IN ('TIP_TRIAGE','SCREENING_FOLLOW_UP')`);
    await db.query(`ALTER TABLE deadline DROP CONSTRAINT deadline_kind_check`);
    await db.query(`ALTER TABLE deadline ADD CONSTRAINT deadline_kind_check ${kindCheck(BEFORE)}`);
    await db.query(`DROP TABLE screening`);
    await db.query(`DROP TABLE screening_instrument`);
  }
}
