import { MigrationInterface, QueryRunner } from 'typeorm';
import { APPLICATION_ROLE } from './1764500000000-audit-trail';

/**
 * Statistics (docs/design.md, "Statistics"): the de-identified facts of each missing episode that the
 * sealed child record holds (the age band at the episode's start, the sex, the kind of placement),
 * derived by the worker and never finer than the statistics' dimensions; and the protected lattice of
 * each quarter, from which every interactive answer and every release is read; releases made by the
 * worker cover a quarter (monthly ones made before stay as they were).
 */
export class StatisticsFacts1764920000000 implements MigrationInterface {
  name = 'StatisticsFacts1764920000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE statistics.episode_fact (
        episode_id uuid PRIMARY KEY REFERENCES missing_episode(id),
        case_id uuid NOT NULL REFERENCES case_file(id),
        age_band text NOT NULL CHECK (age_band IN ('UNDER_10','AGE_10_11','AGE_12_13','AGE_14_15','AGE_16_17','AGE_18_OR_OLDER','NOT_RECORDED')),
        sex text NOT NULL CHECK (sex IN ('FEMALE','MALE','ANOTHER','NOT_RECORDED')),
        placement_kind text NOT NULL CHECK (placement_kind IN ('FOSTER_HOME','KINSHIP','GROUP_HOME','RESIDENTIAL','SHELTER','INDEPENDENT_LIVING','OTHER','NOT_RECORDED')),
        derived_at timestamptz(3) NOT NULL
      )`);
    await db.query(`CREATE INDEX episode_fact_case_idx ON statistics.episode_fact (case_id)`);
    await db.query(`
      CREATE TABLE statistics.lattice (
        source text NOT NULL,
        agency_id uuid REFERENCES agency(id),
        quarter text NOT NULL CHECK (quarter ~ '^[0-9]{4}-Q[1-4]$'),
        min_cell integer NOT NULL CHECK (min_cell >= 1),
        built_at timestamptz(3) NOT NULL,
        body jsonb NOT NULL
      )`);
    await db.query(`CREATE UNIQUE INDEX lattice_key ON statistics.lattice (source, coalesce(agency_id, '00000000-0000-0000-0000-000000000000'::uuid), quarter)`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON statistics.episode_fact, statistics.lattice TO ${APPLICATION_ROLE}`);
    await db.query(`ALTER TABLE statistics.release DROP CONSTRAINT release_kind_check`);
    await db.query(`ALTER TABLE statistics.release ADD CONSTRAINT release_kind_check CHECK (kind IN ('QUARTERLY','MANUAL','MONTHLY'))`);
    await db.query(`CREATE UNIQUE INDEX release_quarterly_key ON statistics.release (period_from) WHERE kind = 'QUARTERLY'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS statistics.release_quarterly_key`);
    await db.query(`DROP TABLE IF EXISTS statistics.lattice`);
    await db.query(`DROP TABLE IF EXISTS statistics.episode_fact`);
  }
}
