import { Injectable } from '@nestjs/common';
import { actorOf, ANONYMOUS, AuditAction, AuditService, RefusalLog } from '@tandem/audit';
import { Viewer } from '@tandem/authz';
import { AppConfig, Clock, Transactions, UnauthenticatedError } from '@tandem/platform';
import { TokenRefusal, TokenRefusedError } from './auth.errors';
import { SessionRepository, toViewer } from './session.repository';
import { AccessClaims, TokenService } from './token.service';

/**
 * Who a request is: the viewer behind an access token, re-read from the database on every
 * request, and the end of a session. Signing in is {@link SignInService}'s, refreshing {@link TokenRefreshService}'s.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly transactions: Transactions,
    private readonly sessions: SessionRepository,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly refusals: RefusalLog,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async logout(viewer: Viewer): Promise<boolean> {
    await this.transactions.run(async (tx) => {
      await this.sessions.revokeSession(tx, viewer.sessionId, 'LOGOUT');
      await this.audit.record(tx, { actor: actorOf(viewer), action: AuditAction.LOGOUT, subjectType: 'Session', subjectId: viewer.sessionId });
    });
    return true;
  }

  /**
   * The viewer behind an access token, re-read from the database: a disabled account or ended
   * session is refused at once, and so is an account that must change its temporary password or
   * enrol a second factor (sockets and HTTP routes other than GraphQL offer no way to do either).
   */
  async authenticate(accessToken: string): Promise<Viewer> {
    const { viewer, passwordChangeRequired } = await this.authenticateRequest(accessToken);
    if (passwordChangeRequired) throw new UnauthenticatedError('Change your password before continuing');
    return viewer;
  }

  /**
   * The viewer behind an access token, and whether its password is temporary (the guard lets
   * only a few operations through then). Every refused token leaves an anonymous audit row.
   */
  async authenticateRequest(accessToken: string): Promise<{ viewer: Viewer; passwordChangeRequired: boolean }> {
    let claims: AccessClaims;
    try {
      claims = this.tokens.verifyAccess(accessToken);
    } catch (error) {
      if (error instanceof TokenRefusedError) await this.recordRefusedToken(error.reason);
      throw error;
    }
    return this.sessionViewer(claims, false);
  }

  /**
   * The viewer behind a browser session's dashboard key (its cookie on /admin/queues): as for an
   * access token, and the session must not be idle-locked either, since the key does not expire
   * by itself. Refused like a bad token otherwise.
   */
  async authenticateBoardKey(key: string): Promise<Viewer> {
    const claims = this.tokens.verifyBoardKey(key);
    if (!claims) {
      await this.recordRefusedToken('malformed token');
      throw new TokenRefusedError('malformed token');
    }
    const { viewer, passwordChangeRequired } = await this.sessionViewer(claims, true);
    if (passwordChangeRequired) throw new UnauthenticatedError('Change your password before continuing');
    return viewer;
  }

  /** The session was used by its owner (a dashboard page): the idle lock counts from now. */
  async touchSession(sessionId: string): Promise<void> {
    await this.transactions.run((tx) => this.sessions.touchSession(tx, sessionId, this.clock.now()));
  }

  private async sessionViewer(claims: AccessClaims, checkIdle: boolean): Promise<{ viewer: Viewer; passwordChangeRequired: boolean }> {
    const row = await this.sessions.loadViewer(this.transactions.manager, claims.sub, claims.sid);
    const now = this.clock.now();
    const idle = checkIdle && row && row.sessionLastUsedAt.getTime() <= now.getTime() - this.config.values.SESSION_IDLE_MINUTES * 60_000;
    const ended: TokenRefusal | null = !row
      ? 'unknown session'
      : row.sessionRevokedAt
        ? 'session ended'
        : row.sessionExpiresAt <= now
          ? 'session expired'
          : idle
            ? 'session idle'
            : null;
    if (!row || ended) {
      const reason = ended ?? 'unknown session';
      await this.recordRefusedToken(reason, claims.sid);
      throw new TokenRefusedError(reason, 'Your session has ended; sign in again');
    }
    if (!row.userActive || row.agencyActive === false) {
      await this.refusals.record(actorOf(row), { reason: row.userActive ? 'agency disabled' : 'account disabled', details: { accountState: 'DISABLED' } });
      throw new UnauthenticatedError('This account is disabled');
    }
    return { viewer: toViewer(row, claims.sid), passwordChangeRequired: row.passwordTemporary };
  }

  /**
   * One anonymous row per refused token (the guard asks once per request): whoever holds a token
   * that does not work is not known to be its owner. The anomaly watch counts them by address.
   */
  async recordRefusedToken(reason: TokenRefusal, sessionId?: string): Promise<void> {
    await this.transactions.run((tx) =>
      this.audit.record(tx, {
        actor: ANONYMOUS,
        action: AuditAction.TOKEN_REFUSED,
        outcome: 'DENIED',
        reason,
        ...(sessionId ? { subjectType: 'Session', subjectId: sessionId } : {}),
      }),
    );
  }
}
