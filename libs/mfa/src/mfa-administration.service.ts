import { Injectable } from '@nestjs/common';
import { AuditService } from '@tandem/audit';
import { authorize, refusalOf, Viewer } from '@tandem/authz';
import { AccountEffects, AgencyRepository, NO_SUCH_USER, UserRepository } from '@tandem/identity';
import { Transactions } from '@tandem/platform';
import { MfaAudit } from './mfa.audit';
import { MfaPolicy } from './mfa.policies';
import { MfaRepository } from './mfa.repository';

/** Administrators' side of second factors: a user's reset, an agency's own rule. */
@Injectable()
export class MfaAdministrationService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: MfaRepository,
    private readonly users: UserRepository,
    private readonly agencies: AgencyRepository,
    private readonly accounts: AccountEffects,
    private readonly audit: AuditService,
  ) {}

  /**
   * Removes the user's second factor and recovery codes and ends their sessions: at the next sign-in
   * they enrol again (and, where a second factor is required, can do nothing else until they have).
   * Recorded with the account's agency, so that its supervisors read it with their agency's events.
   */
  async reset(viewer: Viewer, userId: string): Promise<boolean> {
    const refusal = { subjectType: 'User', subjectId: userId };
    return this.transactions.run(async (tx) => {
      const account = await this.users.findById(tx, userId);
      authorize(MfaPolicy.reset, viewer, account, refusal);
      if (!account) throw refusalOf(MfaPolicy.reset, NO_SUCH_USER, refusal);
      const removed = await this.repository.remove(tx, userId);
      await this.accounts.signInReset(tx, userId);
      await this.audit.record(tx, {
        actor: { type: 'USER', userId: viewer.userId, agencyId: account.agencyId },
        action: MfaAudit.RESET,
        subjectType: 'User',
        subjectId: userId,
        details: { hadSecondFactor: removed, administratorAgencyId: viewer.agencyId },
      });
      return removed;
    });
  }

  /** Sets whether the agency requires a second factor of all its users (on top of what the configuration requires). */
  async setAgencyRule(viewer: Viewer, agencyId: string, required: boolean): Promise<boolean> {
    const refusal = { subjectType: 'Agency', subjectId: agencyId };
    return this.transactions.run(async (tx) => {
      const exists = (await this.agencies.findById(tx, agencyId)) !== null;
      authorize(MfaPolicy.setAgencyRule, viewer, { agencyId, exists }, refusal);
      await this.agencies.setMfaRequired(tx, agencyId, required);
      await this.audit.record(tx, {
        actor: { type: 'USER', userId: viewer.userId, agencyId },
        action: MfaAudit.AGENCY_POLICY,
        subjectType: 'Agency',
        subjectId: agencyId,
        details: { mfaRequired: required },
      });
      return required;
    });
  }
}
