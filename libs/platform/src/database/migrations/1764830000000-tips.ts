import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Anonymous community tips (docs/design.md, "Anonymous tips"): the tip, what its tipster added with
 * the follow-up code, and the TIP_TRIAGE clock. A tip holds no address, device or cookie of its
 * tipster; its text and contact are sealed (`<field>_sealed`); the follow-up code is kept only as a
 * keyed hash. A tip's deadline has no case, so a deadline's case becomes optional.
 */
export class Tips1764830000000 implements MigrationInterface {
  name = 'Tips1764830000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SEQUENCE tip_reference_seq`);
    await db.query(`
      CREATE TABLE tip (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL,
        jurisdiction_id uuid NOT NULL REFERENCES jurisdiction(id),
        referred_from_jurisdiction_id uuid REFERENCES jurisdiction(id),
        status text NOT NULL DEFAULT 'NEW' CHECK (status IN ('NEW','UNDER_REVIEW','LINKED','REFERRED','NO_ACTION')),
        danger_now boolean NOT NULL,
        seen_at timestamptz(3),
        ongoing boolean NOT NULL,
        latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        place_index bytea,
        details_sealed text NOT NULL,
        contact_sealed text,
        code_hash bytea NOT NULL,
        submitted_at timestamptz(3) NOT NULL,
        reviewer_id uuid REFERENCES app_user(id),
        reviewer_agency_id uuid REFERENCES agency(id),
        decided_by uuid REFERENCES app_user(id),
        decided_at timestamptz(3),
        linked_case_id uuid REFERENCES case_file(id),
        decision_note_sealed text,
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT tip_reference_key UNIQUE (reference),
        CONSTRAINT tip_code_hash_key UNIQUE (code_hash),
        CHECK (seen_at IS NOT NULL OR ongoing),
        CHECK ((latitude IS NULL) = (longitude IS NULL)),
        CHECK ((status = 'LINKED') = (linked_case_id IS NOT NULL)),
        CHECK (status <> 'NO_ACTION' OR decision_note_sealed IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX tip_queue_idx ON tip (jurisdiction_id, status, submitted_at, id)`);
    await db.query(`CREATE INDEX tip_place_idx ON tip (jurisdiction_id, place_index) WHERE status IN ('NEW','UNDER_REVIEW')`);
    await db.query(`CREATE INDEX tip_case_idx ON tip (linked_case_id) WHERE linked_case_id IS NOT NULL`);
    await db.query(`
      CREATE TABLE tip_addition (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tip_id uuid NOT NULL REFERENCES tip(id),
        added_at timestamptz(3) NOT NULL,
        text_sealed text NOT NULL,
        contact_sealed text
      )`);
    await db.query(`CREATE INDEX tip_addition_tip_idx ON tip_addition (tip_id, added_at, id)`);

    // The deadline kinds are whatever the constraint lists now, plus TIP_TRIAGE: read, not restated,
    // so that kinds added by other migrations stay.
    const [check] = (await db.query(
      `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE conrelid = 'deadline'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%kind%MISSING_REPORT_LE%'`,
    )) as { conname: string; def: string }[];
    const kinds = new Set([...(check?.def ?? '').matchAll(/'([A-Z_]+)'/g)].map((match) => match[1]!));
    kinds.add('TIP_TRIAGE');
    if (check) await db.query(`ALTER TABLE deadline DROP CONSTRAINT "${check.conname}"`);
    await db.query(`ALTER TABLE deadline ADD CONSTRAINT deadline_kind_check CHECK (kind IN (${[...kinds].map((kind) => `'${kind}'`).join(',')}))`);
    await db.query(`ALTER TABLE deadline ALTER COLUMN case_id DROP NOT NULL`);
    await db.query(`ALTER TABLE deadline ADD CONSTRAINT deadline_case_check CHECK (case_id IS NOT NULL OR kind = 'TIP_TRIAGE')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM deadline WHERE kind = 'TIP_TRIAGE'`);
    await db.query(`ALTER TABLE deadline DROP CONSTRAINT deadline_case_check`);
    await db.query(`ALTER TABLE deadline ALTER COLUMN case_id SET NOT NULL`);
    await db.query(`DROP TABLE tip_addition`);
    await db.query(`DROP TABLE tip`);
    await db.query(`DROP SEQUENCE tip_reference_seq`);
  }
}
