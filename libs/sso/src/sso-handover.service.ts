import { Injectable } from '@nestjs/common';
import { actorOf, AuditAction, AuditService } from '@tandem/audit';
import { MfaSignInService, SessionTokens, Tokens } from '@tandem/auth';
import { Transactions, UnauthenticatedError } from '@tandem/platform';
import { SsoAccounts } from './sso-accounts';
import { SsoFlows } from './sso-flows';
import { SsoRefusals, SsoSignInRefused } from './sso-refusals';

const CODE_REFUSED = 'The sign-in code is not valid; sign in again';

/**
 * The last step of a sign-in through a provider: the page exchanges its one-time code for Tandem
 * tokens, issued as a password sign-in issues them, for a session that records what the provider
 * said of the second factor. When the provider vouched for no second factor the agency trusts, an
 * account with one enrolled answers MFA_REQUIRED and completes with `verifyMfa`. The code works once,
 * for a minute.
 */
@Injectable()
export class SsoHandoverService {
  constructor(
    private readonly transactions: Transactions,
    private readonly flows: SsoFlows,
    private readonly accounts: SsoAccounts,
    private readonly sessionTokens: SessionTokens,
    private readonly audit: AuditService,
    private readonly refusals: SsoRefusals,
    private readonly secondFactor: MfaSignInService,
  ) {}

  async exchange(code: string): Promise<Tokens> {
    const handover = await this.flows.takeHandover(code);
    if (!handover) return this.refused('unknown, used or expired sign-in code', {});
    if (!handover.mfaSatisfied) {
      // The provider proved the person without a second factor Tandem accepts: an account with one
      // enrolled answers its code, as after a password (the code above is spent either way).
      const user = await this.accounts.stillAllowed(this.transactions.manager, handover.userId, handover.agencyId);
      if (!user) return this.refused('account no longer allowed', { agencyId: handover.agencyId, userId: handover.userId, userAgencyId: handover.agencyId });
      await this.secondFactor.requireEnrolledFactor(user, { method: 'SSO', issuer: handover.issuer, providerMfa: handover.providerMfa, mfaSatisfied: false });
    }
    const tokens = await this.transactions.run(async (tx) => {
      const user = await this.accounts.stillAllowed(tx, handover.userId, handover.agencyId);
      if (!user) return null;
      const { sessionId, tokens } = await this.sessionTokens.open(tx, user);
      const mfa = { amr: handover.amr, acr: handover.acr, asserted: handover.providerMfa, satisfied: handover.mfaSatisfied };
      await this.accounts.recordSession(tx, { sessionId, agencyId: handover.agencyId, issuer: handover.issuer, ...mfa });
      await this.audit.record(tx, {
        actor: actorOf({ userId: user.id, agencyId: user.agencyId }),
        action: AuditAction.LOGIN_SUCCESS,
        subjectType: 'User',
        subjectId: user.id,
        details: { sessionId, method: 'SSO', issuer: handover.issuer, providerMfa: mfa.asserted, mfaSatisfied: mfa.satisfied },
      });
      return tokens;
    });
    if (!tokens) return this.refused('account no longer allowed', { agencyId: handover.agencyId, userId: handover.userId, userAgencyId: handover.agencyId });
    return tokens;
  }

  private async refused(reason: string, facts: Parameters<SsoRefusals['refuse']>[2]): Promise<never> {
    try {
      return await this.refusals.refuse(reason, null, facts);
    } catch (error) {
      if (error instanceof SsoSignInRefused) throw new UnauthenticatedError(CODE_REFUSED);
      throw error;
    }
  }
}
