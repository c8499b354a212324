import { Injectable, OnModuleInit } from '@nestjs/common';
import { actorOf, AuditAction, AuditService } from '@tandem/audit';
import { Viewer } from '@tandem/authz';
import { AccountEffects } from '@tandem/identity';
import { Clock, NotFoundError, Transactions } from '@tandem/platform';
import { SessionTokens } from './session-tokens';
import { ActiveSessionRow, SessionRepository } from './session.repository';

/** One of a user's sessions as they see it. */
export interface AccountSession extends ActiveSessionRow {
  /** The session the request is signed in with. */
  current: boolean;
}

/**
 * A user's own sessions: listing those still in force and ending them (each end audited, its access
 * and refresh tokens refused from then on); and a disabled account's sessions end with it, in the
 * transaction that disables it, as they do when its second factor is reset.
 */
@Injectable()
export class AccountSessions implements OnModuleInit {
  constructor(
    private readonly effects: AccountEffects,
    private readonly sessions: SessionRepository,
    private readonly sessionTokens: SessionTokens,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.effects.whenDisabled((tx, userId) => this.sessions.revokeUserSessions(tx, userId, 'USER_DISABLED'));
    this.effects.whenSignInReset((tx, userId) => this.sessions.revokeUserSessions(tx, userId, 'MFA_RESET'));
  }

  /** The viewer's sessions that are neither ended, expired nor idle-locked, most recently used first. */
  async list(viewer: Viewer): Promise<AccountSession[]> {
    const now = this.clock.now();
    const found = await this.sessions.activeSessions(this.transactions.manager, viewer.userId, now, this.sessionTokens.idleSince(now));
    return found.map((session) => ({ ...session, current: session.id === viewer.sessionId }));
  }

  /**
   * Ends one of the viewer's sessions (the current one too, like signing out). Another user's
   * session, or one already ended, answers NOT_FOUND and changes nothing.
   */
  async end(viewer: Viewer, sessionId: string): Promise<void> {
    await this.transactions.run(async (tx) => {
      if (!(await this.sessions.revokeOwnSession(tx, viewer.userId, sessionId, 'ENDED_BY_USER'))) throw new NotFoundError('Session');
      await this.audit.record(tx, {
        actor: actorOf(viewer),
        action: AuditAction.SESSION_END,
        subjectType: 'Session',
        subjectId: sessionId,
        details: { current: sessionId === viewer.sessionId },
      });
    });
  }

  /** Ends every session of the viewer but the current one; how many ended. */
  async endOthers(viewer: Viewer): Promise<number> {
    return this.transactions.run(async (tx) => {
      const ended = await this.sessions.revokeOtherSessions(tx, viewer.userId, viewer.sessionId, 'ENDED_BY_USER');
      await this.audit.record(tx, {
        actor: actorOf(viewer),
        action: AuditAction.SESSION_END,
        subjectType: 'User',
        subjectId: viewer.userId,
        details: { others: true, endedSessions: ended, keptSessionId: viewer.sessionId },
      });
      return ended;
    });
  }
}
