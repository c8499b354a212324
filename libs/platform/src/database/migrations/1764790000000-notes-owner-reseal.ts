import { MigrationInterface, QueryRunner } from 'typeorm';
import { APPLICATION_ROLE } from './1764500000000-audit-trail';

/**
 * Notes are append-only, yet their trigger lets an UPDATE rewrite the sealed body (key rotation).
 * The application holds the key, so as the application role such an update could put another
 * validly sealed body in a note. The application role keeps INSERT and SELECT on notes, as on the
 * audit trail; `keys:rotate` re-seals notes as the schema's owner.
 */
export class NotesOwnerReseal1764790000000 implements MigrationInterface {
  name = 'NotesOwnerReseal1764790000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`REVOKE UPDATE, DELETE ON note FROM ${APPLICATION_ROLE}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`GRANT UPDATE, DELETE ON note TO ${APPLICATION_ROLE}`);
  }
}
