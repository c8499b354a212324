import { Injectable } from '@nestjs/common';
import { AgencyType, Role, Viewer } from '@tandem/authz';
import { AppConfig, execute, firstRow, queryPrepared, Tx } from '@tandem/platform';

export interface RefreshTokenRow {
  tokenId: string;
  sessionId: string;
  userId: string;
  tokenExpiresAt: Date;
  usedAt: Date | null;
  sessionRevokedAt: Date | null;
  sessionExpiresAt: Date;
}

export interface ViewerRow {
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  userActive: boolean;
  agencyId: string | null;
  agencyType: AgencyType | null;
  jurisdictionId: string | null;
  agencyActive: boolean | null;
  sessionRevokedAt: Date | null;
  sessionExpiresAt: Date;
  /** The account signs in with a password an administrator set. */
  passwordTemporary: boolean;
}

/** Sign-in sessions (one per sign-in; the refresh-token family) and their refresh tokens. */
@Injectable()
export class SessionRepository {
  constructor(private readonly config: AppConfig) {}

  async createSession(tx: Tx, userId: string, expiresAt: Date): Promise<string> {
    const row = await firstRow<{ id: string }>(tx, `INSERT INTO auth_session (user_id, expires_at) VALUES ($1, $2) RETURNING id`, [userId, expiresAt]);
    return row!.id;
  }

  async addRefreshToken(tx: Tx, sessionId: string, hash: Buffer, expiresAt: Date): Promise<void> {
    await execute(tx, `INSERT INTO refresh_token (session_id, token_hash, expires_at) VALUES ($1, $2, $3)`, [sessionId, hash, expiresAt]);
  }

  /** Locks the token and its session, so two uses of one token are seen one after the other. */
  async lockRefreshToken(tx: Tx, hash: Buffer): Promise<RefreshTokenRow | null> {
    const row = await firstRow<RefreshTokenRow>(
      tx,
      `SELECT t.id AS "tokenId", t.session_id AS "sessionId", s.user_id AS "userId", t.expires_at AS "tokenExpiresAt",
              t.used_at AS "usedAt", s.revoked_at AS "sessionRevokedAt", s.expires_at AS "sessionExpiresAt"
         FROM refresh_token t JOIN auth_session s ON s.id = t.session_id
        WHERE t.token_hash = $1
        FOR UPDATE OF t, s`,
      [hash],
    );
    return row ?? null;
  }

  async markUsed(tx: Tx, tokenId: string, at: Date): Promise<void> {
    await execute(tx, `UPDATE refresh_token SET used_at = $2 WHERE id = $1`, [tokenId, at]);
  }

  async revokeSession(tx: Tx, sessionId: string, reason: string): Promise<void> {
    await execute(tx, `UPDATE auth_session SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`, [
      sessionId,
      reason,
    ]);
  }

  /** Ends every session of the user (the account is disabled). */
  async revokeUserSessions(tx: Tx, userId: string, reason: string): Promise<void> {
    await execute(tx, `UPDATE auth_session SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [userId, reason]);
  }

  /** Ends every session of the user but `keepSessionId` (a password change); returns how many ended. */
  async revokeOtherSessions(tx: Tx, userId: string, keepSessionId: string, reason: string): Promise<number> {
    return execute(
      tx,
      `UPDATE auth_session SET revoked_at = now(), revoked_reason = $3 WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL`,
      [userId, keepSessionId, reason],
    );
  }

  /** Everything a request needs to know about its caller, in one statement. */
  /** Who a token's user and session are now: read on every request, so prepared once per connection. */
  async loadViewer(tx: Tx, userId: string, sessionId: string): Promise<ViewerRow | null> {
    const [row] = await queryPrepared<ViewerRow>(
      tx,
      `SELECT u.id AS "userId", u.email, u.display_name AS "displayName", u.role, u.active AS "userActive",
              u.agency_id AS "agencyId", a.type AS "agencyType", a.jurisdiction_id AS "jurisdictionId",
              a.active AS "agencyActive", s.revoked_at AS "sessionRevokedAt", s.expires_at AS "sessionExpiresAt",
              u.password_temporary AS "passwordTemporary"
         FROM app_user u
         JOIN auth_session s ON s.id = $2 AND s.user_id = u.id
         LEFT JOIN agency a ON a.id = u.agency_id
        WHERE u.id = $1`,
      [userId, sessionId],
      this.config.values.DATABASE_PREPARED_STATEMENTS,
      'tandem_load_viewer',
    );
    return row ?? null;
  }
}

export function toViewer(row: ViewerRow, sessionId: string): Viewer {
  return {
    userId: row.userId,
    sessionId,
    email: row.email,
    displayName: row.displayName,
    role: row.role,
    agencyId: row.agencyId,
    agencyType: row.agencyType,
    jurisdictionId: row.jurisdictionId,
  };
}
