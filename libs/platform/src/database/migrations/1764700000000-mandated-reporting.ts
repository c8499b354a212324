import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mandated reporting (docs/access-policy.md, "Who sees a case", rule 6): a report to a law-enforcement agency makes it a partner
 * granted via `REPORT`; a trafficking-victim report names the agency it was made to; and the open
 * clocks of a case are an access fact (`case_clock`), read like the inbox view.
 */
export class MandatedReporting1764700000000 implements MigrationInterface {
  name = 'MandatedReporting1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE membership DROP CONSTRAINT membership_granted_via_check`);
    await db.query(`ALTER TABLE membership ADD CONSTRAINT membership_granted_via_check CHECK (granted_via IN ('CREATED','REFERRAL','HANDOFF','SHARE','BREAK_GLASS','REPORT'))`);
    await db.query(`ALTER TABLE victim_report ADD COLUMN receiving_agency_id uuid REFERENCES agency(id)`);
    await db.query(`CREATE VIEW case_clock AS SELECT case_id, agency_id, kind FROM deadline WHERE status = 'PENDING'`);
    // The search that starts from an agency's open report clocks (the rule's driving relation).
    await db.query(`CREATE INDEX deadline_open_agency_idx ON deadline (agency_id, kind, case_id) WHERE status = 'PENDING'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS deadline_open_agency_idx`);
    await db.query(`DROP VIEW IF EXISTS case_clock`);
    await db.query(`ALTER TABLE victim_report DROP COLUMN IF EXISTS receiving_agency_id`);
    await db.query(`ALTER TABLE membership DROP CONSTRAINT membership_granted_via_check`);
    await db.query(`ALTER TABLE membership ADD CONSTRAINT membership_granted_via_check CHECK (granted_via IN ('CREATED','REFERRAL','HANDOFF','SHARE','BREAK_GLASS'))`);
  }
}
