import { Injectable } from '@nestjs/common';
import { actorOf, AuditAction, AuditService } from '@tandem/audit';
import { Viewer } from '@tandem/authz';
import { PasswordHasher, UserRepository } from '@tandem/identity';
import { BadInputError, ConflictError, RateLimitedError, Transactions, UnauthenticatedError } from '@tandem/platform';
import { PasswordAttempts } from './password-attempts';
import { SessionRepository } from './session.repository';

/** A user replacing their own password. */
@Injectable()
export class PasswordChangeService {
  constructor(
    private readonly transactions: Transactions,
    private readonly users: UserRepository,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionRepository,
    private readonly audit: AuditService,
    private readonly attempts: PasswordAttempts,
  ) {}

  /**
   * `changePassword`: the current password is checked against the same lockout budget as a
   * sign-in (a stolen session cannot guess it), the new one follows the rules of every password
   * set through the API, and every other session of the user ends; this one goes on.
   */
  async changePassword(viewer: Viewer, currentPassword: string, newPassword: string): Promise<void> {
    const rule = this.passwords.problem(newPassword);
    if (rule) throw BadInputError.field('newPassword', rule);
    if (newPassword === currentPassword) throw BadInputError.field('newPassword', 'must differ from the current password');
    const actor = actorOf(viewer);
    const current = await this.users.passwordOf(this.transactions.manager, viewer.userId);
    if (!current) throw new UnauthenticatedError();
    const attempt = await this.attempts.reserve(this.transactions.manager, viewer.userId);
    const deny = (reason: string) =>
      this.transactions.run((tx) =>
        this.audit.record(tx, { actor, action: AuditAction.PASSWORD_CHANGE, outcome: 'DENIED', reason, subjectType: 'User', subjectId: viewer.userId }),
      );
    if (!attempt) {
      await deny('account locked');
      throw new RateLimitedError(this.attempts.lockSeconds);
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
}
