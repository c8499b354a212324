import { Injectable } from '@nestjs/common';
import { actorOf, ANONYMOUS, AuditAction, AuditActor, AuditService } from '@tandem/audit';
import { AgencyRepository, SignInAttempt, UserRecord, UserRepository } from '@tandem/identity';
import { CodeRefusal, MfaAudit, MfaCodes } from '@tandem/mfa';
import { Transactions, Tx, UnauthenticatedError } from '@tandem/platform';
import { MfaRequiredError } from './auth.errors';
import { PasswordAttempts } from './password-attempts';
import { SessionTokens, Tokens } from './session-tokens';

const CHALLENGE_REFUSED = 'This sign-in has expired or was already completed; sign in again';
const CODE_REFUSED = 'The code is not valid';

/** How the check of a code ended: tokens, or why not. */
type Verified = { tokens: Tokens } | { refused: CodeRefusal | 'challenge already used' };

/**
 * The end of a sign-in once the password was right: tokens at once for an account without a second
 * factor; for one with, a challenge that `verifyMfa` exchanges, with a code, for the tokens. A code
 * spends from the same lockout budget as a password (`LOGIN_MAX_FAILURES`): a right password gives
 * back only its own check, so knowing the password buys no more guesses at the code; a right code
 * clears the count.
 */
@Injectable()
export class MfaSignInService {
  constructor(
    private readonly transactions: Transactions,
    private readonly users: UserRepository,
    private readonly agencies: AgencyRepository,
    private readonly codes: MfaCodes,
    private readonly attempts: PasswordAttempts,
    private readonly sessionTokens: SessionTokens,
    private readonly audit: AuditService,
  ) {}

  /** After a right password: tokens, or MFA_REQUIRED with a challenge. */
  async afterPassword(user: UserRecord, attempt: SignInAttempt, details: Record<string, unknown>): Promise<Tokens> {
    const actor = actorOf({ userId: user.id, agencyId: user.agencyId });
    if (await this.codes.enrolled(this.transactions.manager, user.id)) {
      return this.challenge(user, details, (tx) => this.users.releasePasswordCheck(tx, user.id, attempt.locksAccount));
    }
    return this.transactions.run(async (tx) => {
      await this.users.recordSuccess(tx, user.id, attempt.locksAccount);
      const { sessionId, tokens } = await this.sessionTokens.open(tx, user);
      await this.audit.record(tx, { actor, action: AuditAction.LOGIN_SUCCESS, subjectType: 'User', subjectId: user.id, details: { sessionId, ...details } });
      return tokens;
    });
  }

  /**
   * After a sign-in that proved the person without a second factor (an agency's provider that asserted
   * none, or one the agency does not trust): MFA_REQUIRED with a challenge when the account has a
   * second factor enrolled, as after a right password; nothing when it has none (the gate then asks
   * the accounts that must have one to enrol before anything else).
   */
  async requireEnrolledFactor(user: Pick<UserRecord, 'id' | 'agencyId'>, details: Record<string, unknown>): Promise<void> {
    if (!(await this.codes.enrolled(this.transactions.manager, user.id))) return;
    await this.challenge(user, details);
  }

  private async challenge(user: Pick<UserRecord, 'id' | 'agencyId'>, details: Record<string, unknown>, before?: (tx: Tx) => Promise<void>): Promise<never> {
    const actor = actorOf({ userId: user.id, agencyId: user.agencyId });
    const challenge = await this.transactions.run(async (tx) => {
      await before?.(tx);
      const opened = await this.codes.openChallenge(tx, user.id);
      await this.audit.record(tx, { actor, action: MfaAudit.CHALLENGE, subjectType: 'User', subjectId: user.id, details });
      return opened;
    });
    throw new MfaRequiredError(challenge.challenge, challenge.expiresAt);
  }

  /**
   * `verifyMfa`: the challenge a right password earned, and a code of the account's app or one of its
   * recovery codes. A used code, a used or expired challenge, and a locked account are refused; every
   * attempt is audited.
   */
  async verify(challenge: string, code: string): Promise<Tokens> {
    const found = await this.codes.findChallenge(this.transactions.manager, challenge);
    if (!found || !this.codes.isLive(found)) {
      const actor: AuditActor = found ? { type: 'USER', userId: found.userId, agencyId: null } : ANONYMOUS;
      const reason = !found ? 'unknown challenge' : found.usedAt ? 'challenge already used' : 'challenge expired';
      return this.refuse(found ? await this.actorFor(found.userId, actor) : actor, reason, found?.userId, CHALLENGE_REFUSED);
    }
    const user = await this.users.findById(this.transactions.manager, found.userId);
    if (!user) return this.refuse(ANONYMOUS, 'unknown account', undefined, CHALLENGE_REFUSED);
    const actor = actorOf({ userId: user.id, agencyId: user.agencyId });
    if (!user.active || (user.agencyId && !(await this.agencies.isActive(this.transactions.manager, user.agencyId)))) {
      return this.refuse(actor, user.active ? 'agency disabled' : 'account disabled', user.id, CHALLENGE_REFUSED, { accountState: 'DISABLED' });
    }
    const attempt = await this.attempts.reserve(this.transactions.manager, user.id);
    if (!attempt) return this.refuse(actor, 'account locked', user.id, CODE_REFUSED, { accountState: 'LOCKED' });

    const outcome = await this.transactions.run(async (tx): Promise<Verified> => {
      const checked = await this.codes.check(tx, user.id, code);
      if (typeof checked === 'string') return { refused: checked };
      if (!(await this.codes.takeChallenge(tx, found.id))) return { refused: 'challenge already used' };
      await this.users.recordSuccess(tx, user.id, attempt.locksAccount);
      const { sessionId, tokens } = await this.sessionTokens.open(tx, user);
      const method = checked.method;
      await this.audit.record(tx, { actor, action: MfaAudit.SUCCESS, subjectType: 'User', subjectId: user.id, details: { method, sessionId } });
      if (checked.method === 'RECOVERY_CODE') {
        await this.audit.record(tx, { actor, action: MfaAudit.RECOVERY_CODE_USED, subjectType: 'User', subjectId: user.id, details: { left: checked.left } });
      }
      await this.audit.record(tx, { actor, action: AuditAction.LOGIN_SUCCESS, subjectType: 'User', subjectId: user.id, details: { sessionId, secondFactor: method } });
      return { tokens };
    });
    if ('tokens' in outcome) return outcome.tokens;
    const reason = attempt.locksAccount ? `${outcome.refused}; account locked` : outcome.refused;
    return this.refuse(actor, reason, user.id, outcome.refused === 'challenge already used' ? CHALLENGE_REFUSED : CODE_REFUSED);
  }

  private async actorFor(userId: string, fallback: AuditActor): Promise<AuditActor> {
    const user = await this.users.findById(this.transactions.manager, userId);
    return user ? actorOf({ userId: user.id, agencyId: user.agencyId }) : fallback;
  }

  private async refuse(actor: AuditActor, reason: string, userId: string | undefined, message: string, details?: Record<string, unknown>): Promise<never> {
    await this.transactions.run((tx) =>
      this.audit.record(tx, {
        actor,
        action: MfaAudit.FAILURE,
        outcome: 'DENIED',
        reason,
        ...(userId ? { subjectType: 'User', subjectId: userId } : {}),
        ...(details ? { details } : {}),
      }),
    );
    throw new UnauthenticatedError(message);
  }
}
