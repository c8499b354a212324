import { MigrationInterface, QueryRunner } from 'typeorm';
import { APPLICATION_ROLE } from './1764500000000-audit-trail';

/**
 * Statistics (docs/design.md, "Statistics"): published releases, frozen (the application role may
 * insert and read them, never change or delete them, and a trigger refuses it to anyone), one monthly
 * release per month; and the indexes that let the aggregates read only the period asked for.
 */
export class Statistics1764860000000 implements MigrationInterface {
  name = 'Statistics1764860000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA statistics`);
    await db.query(`
      CREATE TABLE statistics.release (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('MONTHLY','MANUAL')),
        period_from date NOT NULL CHECK (extract(day FROM period_from) = 1),
        period_to date NOT NULL CHECK (extract(day FROM period_to) = 1 AND period_to >= period_from),
        made_at timestamptz(3) NOT NULL,
        made_by uuid REFERENCES app_user(id),
        min_cell integer NOT NULL CHECK (min_cell >= 2),
        body jsonb NOT NULL
      )`);
    await db.query(`CREATE UNIQUE INDEX release_monthly_key ON statistics.release (period_from) WHERE kind = 'MONTHLY'`);
    await db.query(`CREATE INDEX release_made_idx ON statistics.release (made_at DESC, id DESC)`);
    await db.query(`CREATE TRIGGER release_immutable BEFORE UPDATE OR DELETE ON statistics.release FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await db.query(`GRANT USAGE ON SCHEMA statistics TO ${APPLICATION_ROLE}`);
    await db.query(`GRANT SELECT, INSERT ON statistics.release TO ${APPLICATION_ROLE}`);

    // The aggregates read a period of each source: by its time, with what they group by in the index.
    await db.query(`CREATE INDEX missing_episode_since_idx ON missing_episode (missing_since) INCLUDE (agency_id, returned_at)`);
    await db.query(`CREATE INDEX deadline_started_idx ON deadline (started_at) INCLUDE (kind, status, agency_id, met_at, due_at)`);
    await db.query(`CREATE INDEX referral_created_idx ON referral (created_at) INCLUDE (service_type, urgency, status, decline_reason, from_agency_id, to_agency_id, responded_at)`);
    await db.query(`CREATE INDEX capacity_history_updated_idx ON directory.capacity_history (capacity_id, updated DESC, id DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS directory.capacity_history_updated_idx`);
    await db.query(`DROP INDEX IF EXISTS referral_created_idx`);
    await db.query(`DROP INDEX IF EXISTS deadline_started_idx`);
    await db.query(`DROP INDEX IF EXISTS missing_episode_since_idx`);
    await db.query(`DROP SCHEMA statistics CASCADE`);
  }
}
