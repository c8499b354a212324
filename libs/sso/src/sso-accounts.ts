import { Injectable } from '@nestjs/common';
import { actorOf, AuditService } from '@tandem/audit';
import { AgencyRepository, UserRecord, UserRepository } from '@tandem/identity';
import { Clock, Tx } from '@tandem/platform';
import { ProviderAssertion } from './openid';
import { MatchCandidate, matchAccount, MatchOutcome } from './sso-matching';
import { SsoRepository } from './sso.repository';
import { ProviderMfa, SsoAuditAction } from './sso.types';

/**
 * Finds the Tandem account a provider vouched for, by the rules of {@link matchAccount}, and
 * records a matched sign-in: the subject linked to the account, and an audit event saying whether
 * the provider asserted a second factor.
 */
@Injectable()
export class SsoAccounts {
  constructor(
    private readonly users: UserRepository,
    private readonly agencies: AgencyRepository,
    private readonly sso: SsoRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async match(tx: Tx, agencyId: string, issuer: string, assertion: ProviderAssertion): Promise<MatchOutcome> {
    const linkedId = await this.sso.linkedUser(tx, issuer, assertion.subject);
    const linked = linkedId ? await this.candidate(tx, await this.users.findById(tx, linkedId)) : null;
    let byEmail: MatchCandidate | null = null;
    let byEmailLinkedElsewhere = false;
    if (!linked && assertion.email) {
      const found = await this.users.findByEmailWithSecret(tx, assertion.email);
      if (found) {
        const { passwordHash: _secret, ...user } = found;
        byEmail = await this.candidate(tx, user);
        byEmailLinkedElsewhere = await this.sso.linkedElsewhere(tx, issuer, user.id, assertion.subject);
      }
    }
    return matchAccount({ agencyId, linked, emailVerified: assertion.emailVerified, byEmail, byEmailLinkedElsewhere });
  }

  /** Links the subject (on a first sign-in) and audits the sign-in the provider vouched for. */
  async recordSignIn(tx: Tx, user: { id: string; agencyId: string }, issuer: string, subject: string, mfa: ProviderMfa, linked: boolean): Promise<void> {
    await this.sso.recordSignIn(tx, { issuer, subject, userId: user.id, agencyId: user.agencyId }, this.clock.now());
    await this.audit.record(tx, {
      actor: actorOf({ userId: user.id, agencyId: user.agencyId }),
      action: SsoAuditAction.SSO_SIGN_IN,
      subjectType: 'User',
      subjectId: user.id,
      details: { agencyId: user.agencyId, issuer, subject, linkedNow: linked, amr: mfa.amr, acr: mfa.acr, providerMfa: mfa.asserted, mfaSatisfied: mfa.satisfied },
    });
  }

  /** What the provider said of the second factor, kept with the session it opened (see {@link SsoSessions}). */
  async recordSession(
    tx: Tx,
    session: { sessionId: string; agencyId: string; issuer: string; amr: string[]; acr: string | null; asserted: boolean; satisfied: boolean },
  ): Promise<void> {
    await this.sso.insertSession(tx, session, this.clock.now());
  }

  /** The account again, when its sign-in code is exchanged: still active, of an active agency, of that agency. */
  async stillAllowed(tx: Tx, userId: string, agencyId: string): Promise<UserRecord | null> {
    const user = await this.users.findById(tx, userId);
    if (!user || !user.active || user.agencyId !== agencyId || !(await this.agencies.isActive(tx, agencyId))) return null;
    return user;
  }

  private async candidate(tx: Tx, user: UserRecord | null): Promise<MatchCandidate | null> {
    if (!user) return null;
    return { id: user.id, agencyId: user.agencyId, active: user.active, agencyActive: user.agencyId ? await this.agencies.isActive(tx, user.agencyId) : true };
  }
}
