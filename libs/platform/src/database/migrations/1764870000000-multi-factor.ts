import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A second factor for signing in (docs/2026-12-07-multi-factor-sign-in.md):
 * - `user_mfa`: a user's time-based one-time code secret, sealed, pending until a first code
 *   confirms it, and the last time step a code was accepted for (a code is never taken twice);
 * - `mfa_recovery_code`: ten single-use codes per enrolment, kept as keyed hashes only;
 * - `mfa_challenge`: the short-lived, single-use challenge a right password earns when the account
 *   has a second factor, kept as a hash of what the client holds;
 * - `agency.mfa_required`: an agency may require a second factor of all its users, on top of the
 *   roles and agency types the configuration names.
 */
export class MultiFactor1764870000000 implements MigrationInterface {
  name = 'MultiFactor1764870000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE user_mfa (
        user_id uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
        secret_sealed text NOT NULL,
        confirmed_at timestamptz(3),
        last_used_step bigint,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE mfa_recovery_code (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        code_hash bytea NOT NULL,
        used_at timestamptz(3),
        UNIQUE (user_id, code_hash)
      )`);
    await db.query(`
      CREATE TABLE mfa_challenge (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        token_hash bytea NOT NULL UNIQUE,
        expires_at timestamptz(3) NOT NULL,
        used_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX mfa_challenge_user ON mfa_challenge (user_id)`);
    // Ended challenges are cleared a day after they expire.
    await db.query(`CREATE INDEX mfa_challenge_expires ON mfa_challenge (expires_at)`);
    await db.query(`ALTER TABLE agency ADD COLUMN mfa_required boolean NOT NULL DEFAULT false`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE agency DROP COLUMN mfa_required`);
    await db.query(`DROP TABLE mfa_challenge`);
    await db.query(`DROP TABLE mfa_recovery_code`);
    await db.query(`DROP TABLE user_mfa`);
  }
}
