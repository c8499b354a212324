import { Injectable } from '@nestjs/common';
import { actorOf, ANONYMOUS, AuditAction, AuditService } from '@tandem/audit';
import { Viewer } from '@tandem/authz';
import { PasswordHasher, UserRecord, UserRepository } from '@tandem/identity';
import { AppConfig, Clock, Transactions, Tx, UnauthenticatedError } from '@tandem/platform';
import { SessionRepository, toViewer } from './session.repository';
import { TokenService } from './token.service';

export interface Tokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  user: UserRecord;
}

const SIGN_IN_FAILED = 'Invalid email or password';

/**
 * Sign-in, token refresh and sign-out. Every attempt leaves an audit event; a failed sign-in
 * says the same thing, in about the same time, whether the email exists or not.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly transactions: Transactions,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async login(email: string, password: string): Promise<Tokens> {
    const now = this.clock.now();
    const user = await this.users.findByEmailWithSecret(this.transactions.manager, email.trim());
    if (!user) {
      await this.passwords.verifyNothing(password);
      await this.transactions.run((tx) =>
        this.audit.record(tx, { actor: ANONYMOUS, action: AuditAction.LOGIN_FAILURE, outcome: 'DENIED', reason: 'unknown account' }),
      );
      throw new UnauthenticatedError(SIGN_IN_FAILED);
    }
    const actor = actorOf({ userId: user.id, agencyId: user.agencyId });
    const passwordOk = await this.passwords.verify(user.passwordHash, password);
    if (user.lockedUntil && user.lockedUntil > now) {
      await this.transactions.run((tx) =>
        this.audit.record(tx, { actor, action: AuditAction.LOGIN_FAILURE, outcome: 'DENIED', reason: 'account locked', subjectType: 'User', subjectId: user.id, details: { accountState: 'LOCKED' } }),
      );
      throw new UnauthenticatedError(SIGN_IN_FAILED);
    }
    if (!passwordOk) {
      const { LOGIN_MAX_FAILURES, LOGIN_LOCK_SECONDS } = this.config.values;
      await this.transactions.run(async (tx) => {
        const { locked } = await this.users.recordFailure(tx, user.id, LOGIN_MAX_FAILURES, new Date(now.getTime() + LOGIN_LOCK_SECONDS * 1000));
        await this.audit.record(tx, {
          actor,
          action: AuditAction.LOGIN_FAILURE,
          outcome: 'DENIED',
          reason: locked ? 'wrong password; account locked' : 'wrong password',
          subjectType: 'User',
          subjectId: user.id,
          // A disabled account is checked only after the password: mark the attempt for the anomaly watch.
          ...(user.active ? {} : { details: { accountState: 'DISABLED' } }),
        });
      });
      throw new UnauthenticatedError(SIGN_IN_FAILED);
    }
    return this.transactions.run(async (tx) => {
      const agencyActive = await this.agencyActive(tx, user.agencyId);
      if (!user.active || !agencyActive) {
        await this.audit.record(tx, {
          actor,
          action: AuditAction.LOGIN_FAILURE,
          outcome: 'DENIED',
          reason: user.active ? 'agency disabled' : 'account disabled',
          subjectType: 'User',
          subjectId: user.id,
          details: { accountState: 'DISABLED' },
        });
        return null;
      }
      await this.users.recordSuccess(tx, user.id);
      const sessionId = await this.sessions.createSession(tx, user.id, new Date(now.getTime() + this.config.values.REFRESH_TOKEN_TTL_SECONDS * 1000));
      const { passwordHash: _secret, ...record } = user;
      const issued = await this.issue(tx, record, sessionId);
      await this.audit.record(tx, { actor, action: AuditAction.LOGIN_SUCCESS, subjectType: 'User', subjectId: user.id, details: { sessionId } });
      return issued;
    }).then((issued) => {
      if (!issued) throw new UnauthenticatedError('This account is disabled');
      return issued;
    });
  }

  /** Rotates a refresh token. Presenting one that was already used ends the whole session. */
  async refresh(refreshToken: string): Promise<Tokens> {
    const now = this.clock.now();
    const outcome = await this.transactions.run(async (tx) => {
      const row = await this.sessions.lockRefreshToken(tx, this.tokens.hashRefresh(refreshToken));
      if (!row) return { refused: 'unknown token' };
      const actor = { type: 'USER' as const, userId: row.userId, agencyId: null };
      if (row.sessionRevokedAt) return { refused: 'session ended', actor };
      if (row.usedAt) {
        await this.sessions.revokeSession(tx, row.sessionId, 'TOKEN_REUSE');
        await this.audit.record(tx, {
          actor,
          action: AuditAction.TOKEN_REUSE,
          outcome: 'DENIED',
          reason: 'refresh token presented twice; session revoked',
          subjectType: 'Session',
          subjectId: row.sessionId,
        });
        return { refused: 'reused' };
      }
      if (row.tokenExpiresAt <= now || row.sessionExpiresAt <= now) return { refused: 'expired', actor };
      const viewer = await this.sessions.loadViewer(tx, row.userId, row.sessionId);
      if (!viewer || !viewer.userActive || viewer.agencyActive === false) return { refused: 'account disabled', actor };
      const user = (await this.users.findById(tx, row.userId))!;
      await this.sessions.markUsed(tx, row.tokenId, now);
      const issued = await this.issue(tx, user, row.sessionId);
      await this.audit.record(tx, { actor: actorOf({ userId: user.id, agencyId: user.agencyId }), action: AuditAction.TOKEN_REFRESH, subjectType: 'Session', subjectId: row.sessionId });
      return { issued };
    });
    if ('issued' in outcome && outcome.issued) return outcome.issued;
    const refused = outcome as { refused: string; actor?: { type: 'USER'; userId: string; agencyId: null } };
    if (refused.refused !== 'reused') {
      await this.transactions.run((tx) =>
        this.audit.record(tx, {
          actor: refused.actor ?? ANONYMOUS,
          action: AuditAction.TOKEN_REFRESH,
          outcome: 'DENIED',
          reason: refused.refused,
          ...(refused.refused === 'account disabled' ? { details: { accountState: 'DISABLED' } } : {}),
        }),
      );
    }
    throw new UnauthenticatedError('The refresh token is not valid; sign in again');
  }

  async logout(viewer: Viewer): Promise<boolean> {
    await this.transactions.run(async (tx) => {
      await this.sessions.revokeSession(tx, viewer.sessionId, 'LOGOUT');
      await this.audit.record(tx, { actor: actorOf(viewer), action: AuditAction.LOGOUT, subjectType: 'Session', subjectId: viewer.sessionId });
    });
    return true;
  }

  /** The viewer behind an access token, re-read from the database: a disabled account or ended session is refused at once. */
  async authenticate(accessToken: string): Promise<Viewer> {
    const claims = this.tokens.verifyAccess(accessToken);
    const row = await this.sessions.loadViewer(this.transactions.manager, claims.sub, claims.sid);
    if (!row || row.sessionRevokedAt) throw new UnauthenticatedError('Your session has ended; sign in again');
    if (!row.userActive || row.agencyActive === false) {
      await this.transactions.run((tx) =>
        this.audit.record(tx, {
          actor: { type: 'USER', userId: row.userId, agencyId: row.agencyId },
          action: AuditAction.ACCESS_DENIED,
          outcome: 'DENIED',
          reason: row.userActive ? 'agency disabled' : 'account disabled',
          details: { accountState: 'DISABLED' },
        }),
      );
      throw new UnauthenticatedError('This account is disabled');
    }
    return toViewer(row, claims.sid);
  }

  private async issue(tx: Tx, user: UserRecord, sessionId: string): Promise<Tokens> {
    const access = this.tokens.signAccess({ sub: user.id, sid: sessionId });
    const refresh = this.tokens.newRefreshToken();
    const expiresAt = new Date(this.clock.now().getTime() + this.config.values.REFRESH_TOKEN_TTL_SECONDS * 1000);
    await this.sessions.addRefreshToken(tx, sessionId, refresh.hash, expiresAt);
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: refresh.token, user };
  }

  private async agencyActive(tx: Tx, agencyId: string | null): Promise<boolean> {
    if (!agencyId) return true;
    const [row] = await tx.query(`SELECT active FROM agency WHERE id = $1`, [agencyId]);
    return Boolean(row?.active);
  }
}
