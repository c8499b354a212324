import { Injectable } from '@nestjs/common';
import { Role } from '@tandem/authz';
import { Tx } from '@tandem/platform';
import { UserRecord, UserWithSecret } from './identity.types';

const COLUMNS = `id, email, display_name AS "displayName", agency_id AS "agencyId", role, active,
  failed_login_count AS "failedLoginCount", locked_until AS "lockedUntil", created_at AS "createdAt"`;

@Injectable()
export class UserRepository {
  async insert(
    tx: Tx,
    input: { email: string; displayName: string; agencyId: string | null; role: Role; passwordHash: string },
  ): Promise<UserRecord> {
    const [row] = await tx.query(
      `INSERT INTO app_user (email, display_name, agency_id, role, password_hash)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [input.email, input.displayName, input.agencyId, input.role, input.passwordHash],
    );
    return row;
  }

  async findById(tx: Tx, id: string): Promise<UserRecord | null> {
    const [row] = await tx.query(`SELECT ${COLUMNS} FROM app_user WHERE id = $1`, [id]);
    return row ?? null;
  }

  async findByIds(tx: Tx, ids: readonly string[]): Promise<UserRecord[]> {
    return tx.query(`SELECT ${COLUMNS} FROM app_user WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async findByEmailWithSecret(tx: Tx, email: string): Promise<UserWithSecret | null> {
    const [row] = await tx.query(
      `SELECT ${COLUMNS}, password_hash AS "passwordHash" FROM app_user WHERE lower(email) = lower($1)`,
      [email],
    );
    return row ?? null;
  }

  async existsWithRole(tx: Tx, role: Role): Promise<boolean> {
    const [row] = await tx.query(`SELECT EXISTS (SELECT 1 FROM app_user WHERE role = $1) AS "exists"`, [role]);
    return row.exists;
  }

  /** A page of users ordered by display name, after the keyset `[displayName, id]`. */
  async page(tx: Tx, filter: { agencyId: string | null }, after: [string, string] | null, limit: number): Promise<UserRecord[]> {
    return tx.query(
      `SELECT ${COLUMNS} FROM app_user
        WHERE ($1::uuid IS NULL OR agency_id = $1)
          AND ($2::text IS NULL OR (display_name, id) > ($2, $3::uuid))
        ORDER BY display_name, id LIMIT $4`,
      [filter.agencyId, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }

  async setActive(tx: Tx, id: string, active: boolean): Promise<UserRecord | null> {
    const [rows]: [UserRecord[]] = await tx.query(
      `UPDATE app_user SET active = $2, updated_at = now(),
              failed_login_count = CASE WHEN $2 THEN 0 ELSE failed_login_count END,
              locked_until = CASE WHEN $2 THEN NULL ELSE locked_until END
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, active],
    );
    return rows?.[0] ?? null;
  }

  /** Counts a failed sign-in; at `maxFailures` the account locks until `lockUntil` and the count restarts. */
  async recordFailure(tx: Tx, id: string, maxFailures: number, lockUntil: Date): Promise<{ locked: boolean }> {
    const [rows] = await tx.query(
      `UPDATE app_user SET
          locked_until = CASE WHEN failed_login_count + 1 >= $2 THEN $3 ELSE locked_until END,
          failed_login_count = CASE WHEN failed_login_count + 1 >= $2 THEN 0 ELSE failed_login_count + 1 END,
          updated_at = now()
        WHERE id = $1 RETURNING locked_until = $3 AS locked`,
      [id, maxFailures, lockUntil],
    );
    return { locked: Boolean(rows?.[0]?.locked) };
  }

  async recordSuccess(tx: Tx, id: string): Promise<void> {
    await tx.query(`UPDATE app_user SET failed_login_count = 0, locked_until = NULL WHERE id = $1`, [id]);
  }

  async setPassword(tx: Tx, id: string, passwordHash: string): Promise<void> {
    await tx.query(`UPDATE app_user SET password_hash = $2, updated_at = now() WHERE id = $1`, [id, passwordHash]);
  }
}
