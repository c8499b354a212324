import { Injectable } from '@nestjs/common';
import { actorOf, ANONYMOUS, AuditAction, AuditActor, AuditEntry, AuditService } from '@tandem/audit';
import { AgencyRepository, PasswordHasher, UserRepository } from '@tandem/identity';
import { Transactions, Tx, UnauthenticatedError } from '@tandem/platform';
import { MfaSignInService } from './mfa-sign-in.service';
import { PasswordAttempts } from './password-attempts';
import { RefusalPacing } from './refusal-pacing';
import { Tokens } from './session-tokens';

const SIGN_IN_FAILED = 'Invalid email or password';

/**
 * Signing in with email and password. Every attempt leaves an audit event; a failed sign-in says the
 * same thing, in about the same time, whether the email exists or not. A right password hashed with
 * other argon2id parameters than the configured ones is hashed again; what follows a right password
 * (tokens, or the second factor's challenge) is {@link MfaSignInService}'s.
 */
@Injectable()
export class SignInService {
  private readonly pacing = new RefusalPacing();

  constructor(
    private readonly transactions: Transactions,
    private readonly users: UserRepository,
    private readonly agencies: AgencyRepository,
    private readonly passwords: PasswordHasher,
    private readonly attempts: PasswordAttempts,
    private readonly secondFactor: MfaSignInService,
    private readonly audit: AuditService,
  ) {}

  async login(email: string, password: string): Promise<Tokens> {
    const startedAt = performance.now();
    const user = await this.users.findByEmailWithSecret(this.transactions.manager, email.trim());
    if (!user) {
      await this.passwords.verifyNothing(password);
      await this.pacing.hold(startedAt);
      return this.signInRefused(ANONYMOUS, 'unknown account');
    }
    const actor = actorOf({ userId: user.id, agencyId: user.agencyId });
    const refuse = (reason: string, accountState?: 'LOCKED' | 'DISABLED') => {
      this.pacing.recordKnown(performance.now() - startedAt);
      return this.signInRefused(actor, reason, { subjectType: 'User', subjectId: user.id, ...(accountState ? { details: { accountState } } : {}) });
    };

    // A disabled account (or agency) answers a right and a wrong password alike, after the same
    // hash check, so neither the answer, the audit row nor the time tells whether the guess was right.
    if (!user.active || !(await this.agencyActive(this.transactions.manager, user.agencyId))) {
      await this.passwords.verify(user.passwordHash, password);
      return refuse(user.active ? 'agency disabled' : 'account disabled', 'DISABLED');
    }

    const attempt = await this.attempts.reserve(this.transactions.manager, user.id);
    if (!attempt) {
      // Locked: the password is not checked at all, but the time of a check is spent.
      await this.passwords.verifyNothing(password);
      return refuse('account locked', 'LOCKED');
    }
    if (!(await this.passwords.verify(user.passwordHash, password))) {
      return refuse(attempt.locksAccount ? 'wrong password; account locked' : 'wrong password');
    }

    const rehashed = this.passwords.needsRehash(user.passwordHash) && (await this.rehash(user.id, user.passwordHash, password));
    const { passwordHash: _secret, ...record } = user;
    return this.secondFactor.afterPassword(record, attempt, {
      ...(user.passwordChangeRequired ? { passwordChangeRequired: true } : {}),
      ...(rehashed ? { passwordRehashed: true } : {}),
    });
  }

  /** Stores the right password hashed with the configured parameters; true when it was (not when it changed meanwhile). */
  private async rehash(userId: string, currentHash: string, password: string): Promise<boolean> {
    const newHash = await this.passwords.hash(password);
    return this.transactions.run((tx) => this.users.rehashPassword(tx, userId, currentHash, newHash));
  }

  /** `verifyMfa`: the second step of a sign-in with a second factor. */
  verifyMfa(challenge: string, code: string): Promise<Tokens> {
    return this.secondFactor.verify(challenge, code);
  }

  /** Audits a refused sign-in and answers it: every refusal says the same thing. */
  private async signInRefused(actor: AuditActor, reason: string, extra: Partial<AuditEntry> = {}): Promise<never> {
    await this.transactions.run((tx) =>
      this.audit.record(tx, { actor, action: AuditAction.LOGIN_FAILURE, outcome: 'DENIED', reason, ...extra }),
    );
    throw new UnauthenticatedError(SIGN_IN_FAILED);
  }

  private async agencyActive(tx: Tx, agencyId: string | null): Promise<boolean> {
    if (!agencyId) return true;
    return this.agencies.isActive(tx, agencyId);
  }
}
