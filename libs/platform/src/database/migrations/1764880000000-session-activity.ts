import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a user sees of their own sessions, and the idle lock: when a session was last used (a
 * refresh, or a page of the queue dashboard), the device it was opened from in a coarse form
 * ("Firefox on Windows", never the full user agent), the client address, and whether it is a
 * browser session (its refresh token travels in a cookie). Sessions opened before this migration
 * count as used when it ran.
 */
export class SessionActivity1764880000000 implements MigrationInterface {
  name = 'SessionActivity1764880000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE auth_session
        ADD COLUMN last_used_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN device text CHECK (char_length(device) <= 80),
        ADD COLUMN client_address text CHECK (char_length(client_address) <= 64),
        ADD COLUMN browser boolean NOT NULL DEFAULT false`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE auth_session DROP COLUMN last_used_at, DROP COLUMN device, DROP COLUMN client_address, DROP COLUMN browser`);
  }
}
