import { MigrationInterface, QueryRunner } from 'typeorm';
import { APPLICATION_ROLE } from './1764500000000-audit-trail';

/** The tables whose free text SealCaseText1764720000000 sealed. */
const CASE_TEXT_TABLES = ['note', 'referral', 'handoff', 'missing_report', 'victim_report'];

/**
 * What sealing case text left behind:
 * - Notes are append-only, yet their trigger lets an UPDATE rewrite the sealed body (key rotation).
 *   The application holds the key, so as the application role such an update could put another
 *   validly sealed body in a note. The application role keeps INSERT and SELECT on notes, as on
 *   the audit trail; `keys:rotate` re-seals notes as the schema's owner.
 * - Dropping a column does not erase it: the plaintext of every row sealed in place stayed in the
 *   tables' pages (the live row versions kept the dropped column, the versions before the sealing
 *   were dead but not erased), and notes are never rewritten. VACUUM FULL rewrites each table
 *   without them. It cannot run in a transaction, so neither does this migration; both steps may
 *   simply be run again.
 */
export class CaseTextAtRest1764790000000 implements MigrationInterface {
  name = 'CaseTextAtRest1764790000000';
  transaction = false;

  async up(db: QueryRunner): Promise<void> {
    await db.query(`REVOKE UPDATE, DELETE ON note FROM ${APPLICATION_ROLE}`);
    // A large table takes longer to rewrite (and may wait longer for its readers) than a session's statement timeout allows.
    await db.query(`SET statement_timeout = 0`);
    try {
      for (const table of CASE_TEXT_TABLES) await db.query(`VACUUM FULL ${table}`);
    } finally {
      await db.query(`RESET statement_timeout`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`GRANT UPDATE, DELETE ON note TO ${APPLICATION_ROLE}`);
  }
}
