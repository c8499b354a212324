import { Injectable } from '@nestjs/common';
import { Role } from '@tandem/authz';
import { execute, firstRow, rows, Tx } from '@tandem/platform';
import { SignInAttempt, StaffMemberRecord, UserRecord, UserWithSecret } from './identity.types';

const COLUMNS = `id, email, display_name AS "displayName", agency_id AS "agencyId", role, active,
  failed_login_count AS "failedLoginCount", locked_until AS "lockedUntil", password_temporary AS "passwordChangeRequired",
  created_at AS "createdAt"`;

@Injectable()
export class UserRepository {
  async insert(
    tx: Tx,
    input: { email: string; displayName: string; agencyId: string | null; role: Role; passwordHash: string; temporary?: boolean },
  ): Promise<UserRecord> {
    const row = await firstRow<UserRecord>(
      tx,
      `INSERT INTO app_user (email, display_name, agency_id, role, password_hash, password_temporary)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [input.email, input.displayName, input.agencyId, input.role, input.passwordHash, input.temporary ?? false],
    );
    return row!;
  }

  async findById(tx: Tx, id: string): Promise<UserRecord | null> {
    const row = await firstRow<UserRecord>(tx, `SELECT ${COLUMNS} FROM app_user WHERE id = $1`, [id]);
    return row ?? null;
  }

  async findByIds(tx: Tx, ids: readonly string[]): Promise<UserRecord[]> {
    return rows<UserRecord>(tx, `SELECT ${COLUMNS} FROM app_user WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async findByEmailWithSecret(tx: Tx, email: string): Promise<UserWithSecret | null> {
    const row = await firstRow<UserWithSecret>(
      tx,
      `SELECT ${COLUMNS}, password_hash AS "passwordHash" FROM app_user WHERE lower(email) = lower($1)`,
      [email],
    );
    return row ?? null;
  }

  /**
   * Serialises the creation of the bootstrap administrator for the rest of the transaction, so that
   * one process creates it even when several start together.
   */
  async lockAdminBootstrap(tx: Tx): Promise<void> {
    await execute(tx, `SELECT pg_advisory_xact_lock(hashtext('tandem:bootstrap-admin'))`);
  }

  async existsWithRole(tx: Tx, role: Role): Promise<boolean> {
    const row = await firstRow<{ exists: boolean }>(tx, `SELECT EXISTS (SELECT 1 FROM app_user WHERE role = $1) AS "exists"`, [role]);
    return row!.exists;
  }

  /** A page of users ordered by display name, after the keyset `[displayName, id]`. */
  async page(tx: Tx, filter: { agencyId: string | null }, after: [string, string] | null, limit: number): Promise<UserRecord[]> {
    return rows<UserRecord>(
      tx,
      `SELECT ${COLUMNS} FROM app_user
        WHERE ($1::uuid IS NULL OR agency_id = $1)
          AND ($2::text IS NULL OR (display_name, id) > ($2, $3::uuid))
        ORDER BY display_name, id LIMIT $4`,
      [filter.agencyId, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }

  async setActive(tx: Tx, id: string, active: boolean): Promise<UserRecord | null> {
    const row = await firstRow<UserRecord>(
      tx,
      `UPDATE app_user SET active = $2, updated_at = now(),
              failed_login_count = CASE WHEN $2 THEN 0 ELSE failed_login_count END,
              locked_until = CASE WHEN $2 THEN NULL ELSE locked_until END
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, active],
    );
    return row ?? null;
  }

  /**
   * Takes one of the account's password checks before the hash is verified, in one conditional
   * statement, so concurrent sign-ins can never check more than `maxFailures` passwords per lock:
   * the attempt that reaches the limit locks the account until `lockUntil` (a right password then
   * lifts the lock again). Null when the account is locked: no check may be made.
   */
  async reservePasswordCheck(tx: Tx, id: string, maxFailures: number, now: Date, lockUntil: Date): Promise<SignInAttempt | null> {
    const row = await firstRow<SignInAttempt>(
      tx,
      `UPDATE app_user SET
          failed_login_count = CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_login_count + 1 END,
          locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_login_count + 1 END) >= $3 THEN $4::timestamptz END
        WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $2)
        RETURNING failed_login_count AS attempt, locked_until IS NOT NULL AS "locksAccount"`,
      [id, now, maxFailures, lockUntil],
    );
    return row ?? null;
  }

  /**
   * A right password: the reserved checks are given back, and the lock lifted when it is the one this
   * check set (`lockedByThisCheck`). A lock other attempts set while it was being verified stays: it
   * bounds their guesses, and the right password has signed in already.
   */
  async recordSuccess(tx: Tx, id: string, lockedByThisCheck: boolean): Promise<void> {
    await execute(
      tx,
      `UPDATE app_user SET failed_login_count = 0, locked_until = NULL WHERE id = $1 AND (locked_until IS NULL OR $2)`,
      [id, lockedByThisCheck],
    );
  }

  /**
   * A right password when a second factor is still to come: the check reserved for it is given back
   * (and the lock it set lifted), but the earlier failures stay counted, so that a right password
   * does not reset the budget the second factor's codes spend from; only a right code does
   * ({@link recordSuccess}).
   */
  async releasePasswordCheck(tx: Tx, id: string, lockedByThisCheck: boolean): Promise<void> {
    await execute(
      tx,
      `UPDATE app_user SET failed_login_count = greatest(failed_login_count - 1, 0),
              locked_until = CASE WHEN $2 THEN NULL ELSE locked_until END
        WHERE id = $1`,
      [id, lockedByThisCheck],
    );
  }

  /** Stores the same password hashed with new parameters, unless it changed since `currentHash` was read. */
  async rehashPassword(tx: Tx, id: string, currentHash: string, newHash: string): Promise<boolean> {
    const replaced = await rows<{ id: string }>(tx, `UPDATE app_user SET password_hash = $3 WHERE id = $1 AND password_hash = $2 RETURNING id`, [id, currentHash, newHash]);
    return replaced.length > 0;
  }

  /**
   * Replaces the password the caller checked (`currentHash`), so that of two changes made at once
   * only one applies; false when the password changed in between. The new one is the user's own.
   */
  async replacePassword(tx: Tx, id: string, currentHash: string, newHash: string): Promise<boolean> {
    const replaced = await rows<{ id: string }>(
      tx,
      `UPDATE app_user SET password_hash = $3, password_temporary = false, updated_at = now()
        WHERE id = $1 AND password_hash = $2 RETURNING id`,
      [id, currentHash, newHash],
    );
    return replaced.length > 0;
  }

  /** The password is no longer temporary (its owner may keep it). */
  async markPasswordChosen(tx: Tx, id: string): Promise<void> {
    await execute(tx, `UPDATE app_user SET password_temporary = false, updated_at = now() WHERE id = $1`, [id]);
  }

  async passwordOf(tx: Tx, id: string): Promise<{ hash: string; temporary: boolean } | null> {
    const row = await firstRow<{ hash: string; temporary: boolean }>(tx, `SELECT password_hash AS hash, password_temporary AS temporary FROM app_user WHERE id = $1`, [id]);
    return row ?? null;
  }

  /** A page of an agency's active staff and supervisors (the users a supervisor may assign), by display name. */
  async pageActiveStaff(tx: Tx, agencyId: string, after: [string, string] | null, limit: number): Promise<StaffMemberRecord[]> {
    return rows<StaffMemberRecord>(
      tx,
      `SELECT id, display_name AS "displayName", email, role FROM app_user
        WHERE agency_id = $1 AND active AND role IN ('STAFF', 'SUPERVISOR')
          AND ($2::text IS NULL OR (display_name, id) > ($2, $3::uuid))
        ORDER BY display_name, id LIMIT $4`,
      [agencyId, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }

  /** The ids of the active users holding the role, in id order. */
  async activeIdsWithRole(tx: Tx, role: Role): Promise<string[]> {
    const found = await rows<{ id: string }>(tx, `SELECT id FROM app_user WHERE role = $1 AND active ORDER BY id`, [role]);
    return found.map((row) => row.id);
  }

  /** The ids of the active users holding the role in any of the agencies, in id order. */
  async activeIdsWithRoleIn(tx: Tx, role: Role, agencyIds: readonly (string | null)[]): Promise<string[]> {
    const found = await rows<{ id: string }>(tx, `SELECT id FROM app_user WHERE role = $1 AND active AND agency_id = ANY($2::uuid[]) ORDER BY id`, [role, agencyIds]);
    return found.map((row) => row.id);
  }

  /** The ids of an active agency's active users holding one of the roles, in id order (none when the agency is inactive). */
  async activeIdsOfAgency(tx: Tx, agencyId: string, roles: readonly string[]): Promise<string[]> {
    const found = await rows<{ id: string }>(
      tx,
      `SELECT u.id FROM app_user u JOIN agency g ON g.id = u.agency_id
        WHERE u.agency_id = $1 AND u.role = ANY($2::text[]) AND u.active AND g.active ORDER BY u.id`,
      [agencyId, roles],
    );
    return found.map((row) => row.id);
  }

  /** The user's id when the account is active, else nothing. */
  async activeId(tx: Tx, id: string): Promise<string[]> {
    const found = await rows<{ id: string }>(tx, `SELECT id FROM app_user WHERE id = $1 AND active`, [id]);
    return found.map((row) => row.id);
  }
}
