import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A public lattice of a quarter is frozen once a release of that quarter is made (`frozen_at`): it is
 * never built again, so that every later release and answer of the quarter reads the figures that were
 * published, and no two of them differ by what was recorded or corrected in between.
 */
export class StatisticsFrozenLattices1764930000000 implements MigrationInterface {
  name = 'StatisticsFrozenLattices1764930000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE statistics.lattice ADD COLUMN frozen_at timestamptz(3)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE statistics.lattice DROP COLUMN IF EXISTS frozen_at`);
  }
}
