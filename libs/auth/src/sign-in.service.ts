import { Injectable } from '@nestjs/common';
import { actorOf, ANONYMOUS, AuditAction, AuditActor, AuditEntry, AuditService } from '@tandem/audit';
import { AgencyRepository, PasswordHasher, UserRecord, UserRepository } from '@tandem/identity';
import { AppConfig, Clock, Transactions, Tx, UnauthenticatedError } from '@tandem/platform';
import { SessionRepository } from './session.repository';
import { TokenService } from './token.service';

export interface Tokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  user: UserRecord;
}

const SIGN_IN_FAILED = 'Invalid email or password';

/**
 * Sign-in and token refresh. Every attempt leaves an audit event; a failed sign-in says the same
 * thing, in about the same time, whether the email exists or not.
 */
@Injectable()
export class SignInService {
  constructor(
    private readonly transactions: Transactions,
    private readonly users: UserRepository,
    private readonly agencies: AgencyRepository,
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
