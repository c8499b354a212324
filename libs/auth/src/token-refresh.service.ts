import { Injectable } from '@nestjs/common';
import { actorOf, ANONYMOUS, AuditAction, AuditActor, AuditService } from '@tandem/audit';
import { UserRepository } from '@tandem/identity';
import { Clock, Transactions, UnauthenticatedError } from '@tandem/platform';
import { SessionTokens, Tokens } from './session-tokens';
import { SessionRepository } from './session.repository';
import { TokenService } from './token.service';

const REFRESH_REFUSED = 'The refresh token is not valid; sign in again';

/**
 * How a refresh ended: new tokens, or refused. A reused token, or one of an idle session, is refused after its session was
 * revoked and audited in the same transaction, which must commit; every other refusal is audited
 * on its own afterwards.
 */
type RefreshOutcome = { issued: Tokens } | { refused: string; actor?: AuditActor; audited?: true };

/**
 * Rotating refresh tokens. Presenting one that was already used ends the whole session; so does
 * presenting one after SESSION_IDLE_MINUTES without use (the idle lock). Each refresh is a use.
 */
@Injectable()
export class TokenRefreshService {
  constructor(
    private readonly transactions: Transactions,
    private readonly sessions: SessionRepository,
    private readonly users: UserRepository,
    private readonly tokens: TokenService,
    private readonly sessionTokens: SessionTokens,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async refresh(refreshToken: string): Promise<Tokens> {
    const now = this.clock.now();
    const outcome = await this.transactions.run(async (tx): Promise<RefreshOutcome> => {
      const row = await this.sessions.lockRefreshToken(tx, this.tokens.hashRefresh(refreshToken));
      if (!row) return { refused: 'unknown token' };
      const actor: AuditActor = { type: 'USER', userId: row.userId, agencyId: row.agencyId };
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
        return { refused: 'reused', audited: true };
      }
      if (row.tokenExpiresAt <= now || row.sessionExpiresAt <= now) return { refused: 'expired', actor };
      if (row.sessionLastUsedAt <= this.sessionTokens.idleSince(now)) {
        await this.sessions.revokeSession(tx, row.sessionId, 'IDLE');
        await this.audit.record(tx, {
          actor,
          action: AuditAction.SESSION_IDLE_LOCK,
          outcome: 'DENIED',
          reason: 'session unused for longer than the idle limit; session ended',
          subjectType: 'Session',
          subjectId: row.sessionId,
          details: { idleMinutes: Math.floor((now.getTime() - row.sessionLastUsedAt.getTime()) / 60_000) },
        });
        return { refused: 'idle', audited: true };
      }
      const viewer = await this.sessions.loadViewer(tx, row.userId, row.sessionId);
      if (!viewer || !viewer.userActive || viewer.agencyActive === false) return { refused: 'account disabled', actor };
      const user = await this.users.findById(tx, row.userId);
      if (!user) return { refused: 'account disabled', actor };
      await this.sessions.markUsed(tx, row.tokenId, now);
      await this.sessions.touchSession(tx, row.sessionId, now);
      const issued = await this.sessionTokens.issue(tx, user, row.sessionId, row.sessionExpiresAt);
      await this.audit.record(tx, { actor: actorOf({ userId: user.id, agencyId: user.agencyId }), action: AuditAction.TOKEN_REFRESH, subjectType: 'Session', subjectId: row.sessionId });
      return { issued };
    });
    if ('issued' in outcome) return outcome.issued;
    if (!outcome.audited) {
      await this.transactions.run((tx) =>
        this.audit.record(tx, {
          actor: outcome.actor ?? ANONYMOUS,
          action: AuditAction.TOKEN_REFRESH,
          outcome: 'DENIED',
          reason: outcome.refused,
          ...(outcome.refused === 'account disabled' ? { details: { accountState: 'DISABLED' } } : {}),
        }),
      );
    }
    throw new UnauthenticatedError(REFRESH_REFUSED);
  }

  /**
   * Refuses a refresh by browser cookie that failed the cross-site checks (`reason` says which),
   * without using the token. The refusal is audited as the cookie's owner's when the token is
   * known, so that their supervisors see someone tried; the token itself goes on working.
   */
  async refuseCookie(refreshToken: string | null, reason: string): Promise<never> {
    const owner = refreshToken ? await this.sessions.refreshTokenOwner(this.transactions.manager, this.tokens.hashRefresh(refreshToken)) : null;
    await this.transactions.run((tx) =>
      this.audit.record(tx, {
        actor: owner ? actorOf(owner) : ANONYMOUS,
        action: AuditAction.TOKEN_REFRESH,
        outcome: 'DENIED',
        reason,
        ...(owner ? { subjectType: 'Session', subjectId: owner.sessionId } : {}),
        details: { browser: true },
      }),
    );
    throw new UnauthenticatedError(REFRESH_REFUSED);
  }
}
