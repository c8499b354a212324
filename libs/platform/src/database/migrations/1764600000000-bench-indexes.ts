import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the benchmark (`npm run bench`, 100,000 cases) showed missing:
 * - access facts read every membership and assignment of a page of cases (`case_id = ANY(...)`,
 *   ended ones included), which the partial `WHERE active` indexes cannot serve: each list and
 *   each case read scanned both tables in full;
 * - the lead agency's rule of the visibility predicate (`role = 'LEAD'`) fetched every active
 *   membership row of the agency from the heap; with the role in the index it is an index-only scan.
 */
export class BenchIndexes1764600000000 implements MigrationInterface {
  name = 'BenchIndexes1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX IF NOT EXISTS membership_case_idx ON membership (case_id)`);
    await db.query(`CREATE INDEX IF NOT EXISTS assignment_case_idx ON assignment (case_id)`);
    await db.query(`CREATE INDEX IF NOT EXISTS membership_agency_role_idx ON membership (agency_id, role, case_id) WHERE active`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS membership_agency_role_idx`);
    await db.query(`DROP INDEX IF EXISTS assignment_case_idx`);
    await db.query(`DROP INDEX IF EXISTS membership_case_idx`);
  }
}
