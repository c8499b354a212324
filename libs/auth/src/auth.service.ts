import { Injectable } from '@nestjs/common';
import { actorOf, ANONYMOUS, AuditAction, AuditActor, AuditEntry, AuditService, RefusalLog } from '@tandem/audit';
import { Viewer } from '@tandem/authz';
import { AgencyRepository, PasswordHasher, passwordProblem, UserRecord, UserRepository } from '@tandem/identity';
import { AppConfig, BadInputError, Clock, ConflictError, RateLimitedError, Transactions, Tx, UnauthenticatedError } from '@tandem/platform';
import { TokenRefusal, TokenRefusedError } from './auth.errors';
import { SessionRepository, toViewer } from './session.repository';
import { AccessClaims, TokenService } from './token.service';

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
    private readonly agencies: AgencyRepository,
    private readonly sessions: SessionRepository,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly refusals: RefusalLog,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async login(email: string, password: string): Promise<Tokens> {
    const now = this.clock.now();
    const user = await this.users.findByEmailWithSecret(this.transactions.manager, email.trim());
    if (!user) {
      await this.passwords.verifyNothing(password);
      return this.signInRefused(ANONYMOUS, 'unknown account');
    }
    const actor = actorOf({ userId: user.id, agencyId: user.agencyId });
    const refuse = (reason: string, accountState?: 'LOCKED' | 'DISABLED') =>
      this.signInRefused(actor, reason, { subjectType: 'User', subjectId: user.id, ...(accountState ? { details: { accountState } } : {}) });

    // A disabled account (or agency) answers a right and a wrong password alike, after the same
    // hash check, so neither the answer, the audit row nor the time tells whether the guess was right.
    if (!user.active || !(await this.agencyActive(this.transactions.manager, user.agencyId))) {
      await this.passwords.verify(user.passwordHash, password);
      return refuse(user.active ? 'agency disabled' : 'account disabled', 'DISABLED');
    }

    const { LOGIN_MAX_FAILURES, LOGIN_LOCK_SECONDS } = this.config.values;
    const attempt = await this.users.reservePasswordCheck(
      this.transactions.manager,
      user.id,
      LOGIN_MAX_FAILURES,
      now,
      new Date(now.getTime() + LOGIN_LOCK_SECONDS * 1000),
    );
    if (!attempt) {
      // Locked: the password is not checked at all, but the time of a check is spent.
      await this.passwords.verifyNothing(password);
      return refuse('account locked', 'LOCKED');
    }
    if (!(await this.passwords.verify(user.passwordHash, password))) {
      return refuse(attempt.locksAccount ? 'wrong password; account locked' : 'wrong password');
    }

    return this.transactions.run(async (tx) => {
      await this.users.recordSuccess(tx, user.id, attempt.locksAccount);
      const sessionId = await this.sessions.createSession(tx, user.id, new Date(now.getTime() + this.config.values.REFRESH_TOKEN_TTL_SECONDS * 1000));
      const { passwordHash: _secret, ...record } = user;
      const tokens = await this.issue(tx, record, sessionId);
      await this.audit.record(tx, {
        actor,
        action: AuditAction.LOGIN_SUCCESS,
        subjectType: 'User',
        subjectId: user.id,
        details: { sessionId, ...(user.passwordChangeRequired ? { passwordChangeRequired: true } : {}) },
      });
      return tokens;
    });
  }

  /** Audits a refused sign-in and answers it: every refusal says the same thing. */
  private async signInRefused(actor: AuditActor, reason: string, extra: Partial<AuditEntry> = {}): Promise<never> {
    await this.transactions.run((tx) =>
      this.audit.record(tx, { actor, action: AuditAction.LOGIN_FAILURE, outcome: 'DENIED', reason, ...extra }),
    );
    throw new UnauthenticatedError(SIGN_IN_FAILED);
  }

  /**
   * `changePassword`: the current password is checked against the same lockout budget as a
   * sign-in (a stolen session cannot guess it), the new one follows the rules of every password
   * set through the API, and every other session of the user ends; this one goes on.
   */
  async changePassword(viewer: Viewer, currentPassword: string, newPassword: string): Promise<void> {
    const rule = passwordProblem(newPassword);
    if (rule) throw BadInputError.field('newPassword', rule);
    if (newPassword === currentPassword) throw BadInputError.field('newPassword', 'must differ from the current password');
    const now = this.clock.now();
    const actor = actorOf(viewer);
    const current = await this.users.passwordOf(this.transactions.manager, viewer.userId);
    if (!current) throw new UnauthenticatedError();
    const { LOGIN_MAX_FAILURES, LOGIN_LOCK_SECONDS } = this.config.values;
    const lockUntil = new Date(now.getTime() + LOGIN_LOCK_SECONDS * 1000);
    const attempt = await this.users.reservePasswordCheck(this.transactions.manager, viewer.userId, LOGIN_MAX_FAILURES, now, lockUntil);
    const deny = (reason: string) =>
      this.transactions.run((tx) =>
        this.audit.record(tx, { actor, action: AuditAction.PASSWORD_CHANGE, outcome: 'DENIED', reason, subjectType: 'User', subjectId: viewer.userId }),
      );
    if (!attempt) {
      await deny('account locked');
      throw new RateLimitedError(LOGIN_LOCK_SECONDS);
    }
    if (!(await this.passwords.verify(current.hash, currentPassword))) {
      await deny(attempt.locksAccount ? 'wrong current password; account locked' : 'wrong current password');
      throw BadInputError.field('currentPassword', 'is not your current password');
    }
    const newHash = await this.passwords.hash(newPassword);
    await this.transactions.run(async (tx) => {
      await this.users.recordSuccess(tx, viewer.userId, attempt.locksAccount);
      if (!(await this.users.replacePassword(tx, viewer.userId, current.hash, newHash))) {
        throw new ConflictError('Your password was changed at the same time by another request; sign in again if it was not you');
      }
      const ended = await this.sessions.revokeOtherSessions(tx, viewer.userId, viewer.sessionId, 'PASSWORD_CHANGED');
      await this.audit.record(tx, {
        actor,
        action: AuditAction.PASSWORD_CHANGE,
        subjectType: 'User',
        subjectId: viewer.userId,
        details: { wasTemporary: current.temporary, endedSessions: ended },
      });
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

  /**
   * The viewer behind an access token, re-read from the database: a disabled account or ended
   * session is refused at once, and so is an account that must change its temporary password
   * (sockets and HTTP routes other than GraphQL offer no way to change it).
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
    const row = await this.sessions.loadViewer(this.transactions.manager, claims.sub, claims.sid);
    const ended = !row ? 'unknown session' : row.sessionRevokedAt ? 'session ended' : row.sessionExpiresAt <= this.clock.now() ? 'session expired' : null;
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

  private async issue(tx: Tx, user: UserRecord, sessionId: string): Promise<Tokens> {
    const access = this.tokens.signAccess({ sub: user.id, sid: sessionId });
    const refresh = this.tokens.newRefreshToken();
    const expiresAt = new Date(this.clock.now().getTime() + this.config.values.REFRESH_TOKEN_TTL_SECONDS * 1000);
    await this.sessions.addRefreshToken(tx, sessionId, refresh.hash, expiresAt);
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: refresh.token, user };
  }

  private async agencyActive(tx: Tx, agencyId: string | null): Promise<boolean> {
    if (!agencyId) return true;
    return this.agencies.isActive(tx, agencyId);
  }
}
