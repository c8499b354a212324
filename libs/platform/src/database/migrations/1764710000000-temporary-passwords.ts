import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Passwords set by an administrator are temporary: the account must choose its own at the next
 * sign-in. Until now nobody could change a password, so every existing one was set by an
 * administrator, the operator (bootstrap, CLI) or the demo seed: all of them are marked.
 */
export class TemporaryPasswords1764710000000 implements MigrationInterface {
  name = 'TemporaryPasswords1764710000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE app_user ADD COLUMN password_temporary boolean NOT NULL DEFAULT false`);
    await db.query(`UPDATE app_user SET password_temporary = true`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE app_user DROP COLUMN password_temporary`);
  }
}
