import { Injectable } from '@nestjs/common';
import { AgencyType, Role, Viewer } from '@tandem/authz';
import { AppConfig, execute, firstRow, queryPrepared, rows, Tx } from '@tandem/platform';

export interface RefreshTokenRow {
  tokenId: string;
  sessionId: string;
  userId: string;
  tokenExpiresAt: Date;
  usedAt: Date | null;
  sessionRevokedAt: Date | null;
  sessionExpiresAt: Date;
  sessionLastUsedAt: Date;
  /** The agency of the token's user, so that a refusal is audited where their supervisors read it. */
  agencyId: string | null;
}

/** Where and how a session was opened. */
export interface SessionOrigin {
  device: string | null;
  clientAddress: string | null;
  browser: boolean;
}

/** One of a user's sessions still in force, as they list them. */
export interface ActiveSessionRow {
  id: string;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  device: string | null;
  clientAddress: string | null;
  browser: boolean;
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
  sessionLastUsedAt: Date;
  /** The account signs in with a password an administrator set. */
  passwordTemporary: boolean;
}

/** Sign-in sessions (one per sign-in; the refresh-token family) and their refresh tokens. */
@Injectable()
export class SessionRepository {
  constructor(private readonly config: AppConfig) {}

  async createSession(tx: Tx, userId: string, openedAt: Date, expiresAt: Date, origin: SessionOrigin): Promise<string> {
    const row = await firstRow<{ id: string }>(
      tx,
      `INSERT INTO auth_session (user_id, created_at, last_used_at, expires_at, device, client_address, browser)
       VALUES ($1, $2, $2, $3, $4, $5, $6) RETURNING id`,
      [userId, openedAt, expiresAt, origin.device, origin.clientAddress, origin.browser],
    );
    return row!.id;
  }

  /** The session was used (a refresh, a dashboard page): the idle lock counts from now. */
  async touchSession(tx: Tx, sessionId: string, at: Date): Promise<void> {
    await execute(tx, `UPDATE auth_session SET last_used_at = greatest(last_used_at, $2) WHERE id = $1`, [sessionId, at]);
  }

  /** The session's refresh token now travels in a browser cookie. */
  async markBrowser(tx: Tx, sessionId: string): Promise<void> {
    await execute(tx, `UPDATE auth_session SET browser = true WHERE id = $1 AND NOT browser`, [sessionId]);
  }

  /** The user's sessions that are neither ended, expired nor idle-locked at `now`, most recently used first. */
  async activeSessions(tx: Tx, userId: string, now: Date, idleSince: Date): Promise<ActiveSessionRow[]> {
    return rows<ActiveSessionRow>(
      tx,
      `SELECT id, created_at AS "createdAt", last_used_at AS "lastUsedAt", expires_at AS "expiresAt", device,
              client_address AS "clientAddress", browser
         FROM auth_session
        WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 AND last_used_at > $3
        ORDER BY last_used_at DESC, created_at DESC, id`,
      [userId, now, idleSince],
    );
  }

  /** Ends one session of the user, if it is theirs and still in force; whether it did. */
  async revokeOwnSession(tx: Tx, userId: string, sessionId: string, reason: string): Promise<boolean> {
    const ended = await execute(
      tx,
      `UPDATE auth_session SET revoked_at = now(), revoked_reason = $3 WHERE id = $2 AND user_id = $1 AND revoked_at IS NULL`,
      [userId, sessionId, reason],
    );
    return ended > 0;
  }

  /** Who holds a refresh token, without using it: a refused cookie refresh is audited as its owner's. */
  async refreshTokenOwner(tx: Tx, hash: Buffer): Promise<{ userId: string; agencyId: string | null; sessionId: string } | null> {
    const row = await firstRow<{ userId: string; agencyId: string | null; sessionId: string }>(
      tx,
      `SELECT s.user_id AS "userId", u.agency_id AS "agencyId", s.id AS "sessionId"
         FROM refresh_token t JOIN auth_session s ON s.id = t.session_id JOIN app_user u ON u.id = s.user_id
        WHERE t.token_hash = $1`,
      [hash],
    );
    return row ?? null;
  }

  async addRefreshToken(tx: Tx, sessionId: string, hash: Buffer, expiresAt: Date): Promise<void> {
    await execute(tx, `INSERT INTO refresh_token (session_id, token_hash, expires_at) VALUES ($1, $2, $3)`, [sessionId, hash, expiresAt]);
  }

  /** Locks the token and its session, so two uses of one token are seen one after the other. */
  async lockRefreshToken(tx: Tx, hash: Buffer): Promise<RefreshTokenRow | null> {
    const row = await firstRow<RefreshTokenRow>(
      tx,
      `SELECT t.id AS "tokenId", t.session_id AS "sessionId", s.user_id AS "userId", t.expires_at AS "tokenExpiresAt",
              t.used_at AS "usedAt", s.revoked_at AS "sessionRevokedAt", s.expires_at AS "sessionExpiresAt",
              s.last_used_at AS "sessionLastUsedAt", u.agency_id AS "agencyId"
         FROM refresh_token t JOIN auth_session s ON s.id = t.session_id JOIN app_user u ON u.id = s.user_id
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
              s.last_used_at AS "sessionLastUsedAt", u.password_temporary AS "passwordTemporary"
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
