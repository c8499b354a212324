import { MigrationInterface, QueryRunner } from 'typeorm';

/** The foreign keys that keep a directory site while a referral or a bed hold needs it, and what they were. */
const KEPT = [
  { table: 'referral', column: 'service_at_location_id', references: 'directory.service_at_location(id)', before: '' },
  { table: 'directory.bed_hold', column: 'service_at_location_id', references: 'directory.service_at_location(id)', before: 'ON DELETE CASCADE' },
  { table: 'directory.bed_hold', column: 'capacity_id', references: 'directory.service_capacity(id)', before: 'ON DELETE CASCADE' },
];

const constraintOf = (table: string, column: string) => `${table.replace(/^directory\./, '')}_${column}_fkey`;

/**
 * A directory site named by a referral, or counted on by a bed hold, is never deleted (docs/directory-import.md,
 * "Beds held"): the referral is a record of the case (where the child was referred, which bed was held), and
 * the holds say which agencies may read a confidential site's address. Deleting the site, its service, its
 * location or its bed count is refused (ON DELETE RESTRICT) instead of failing late, or of silently
 * deleting the holds as it did; a site goes out of use by its service's status, which an import sets.
 */
export class DirectorySitesKept1764820010000 implements MigrationInterface {
  name = 'DirectorySitesKept1764820010000';

  async up(db: QueryRunner): Promise<void> {
    for (const key of KEPT) await this.setRule(db, key.table, key.column, key.references, 'ON DELETE RESTRICT');
  }

  async down(db: QueryRunner): Promise<void> {
    for (const key of KEPT) await this.setRule(db, key.table, key.column, key.references, key.before);
  }

  private async setRule(db: QueryRunner, table: string, column: string, references: string, rule: string): Promise<void> {
    const name = constraintOf(table, column);
    await db.query(`ALTER TABLE ${table} DROP CONSTRAINT ${name}`);
    await db.query(`ALTER TABLE ${table} ADD CONSTRAINT ${name} FOREIGN KEY (${column}) REFERENCES ${references} ${rule}`);
  }
}
