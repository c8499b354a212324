import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keyset cursors carry times in milliseconds (JavaScript's precision): times that are paged on
 * are stored at that precision, so a cursor never skips or repeats a row.
 */
export class MillisecondTimes1764300000000 implements MigrationInterface {
  name = 'MillisecondTimes1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE note ALTER COLUMN created_at SET DEFAULT date_trunc('milliseconds', now())`);
    await db.query(`ALTER TABLE case_event ALTER COLUMN occurred_at SET DEFAULT date_trunc('milliseconds', clock_timestamp())`);
    await db.query(`ALTER TABLE case_file ALTER COLUMN opened_at SET DEFAULT date_trunc('milliseconds', now())`);
    await db.query(`ALTER TABLE referral ALTER COLUMN created_at SET DEFAULT date_trunc('milliseconds', now())`);
    await db.query(`ALTER TABLE handoff ALTER COLUMN created_at SET DEFAULT date_trunc('milliseconds', now())`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE note ALTER COLUMN created_at SET DEFAULT now()`);
    await db.query(`ALTER TABLE case_event ALTER COLUMN occurred_at SET DEFAULT clock_timestamp()`);
    await db.query(`ALTER TABLE case_file ALTER COLUMN opened_at SET DEFAULT now()`);
    await db.query(`ALTER TABLE referral ALTER COLUMN created_at SET DEFAULT now()`);
    await db.query(`ALTER TABLE handoff ALTER COLUMN created_at SET DEFAULT now()`);
  }
}
