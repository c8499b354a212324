import { Injectable } from '@nestjs/common';
import { CONSENTED_SCOPES, DataScope, LEAD_SCOPES } from '@tandem/authz';
import { AgencyRepository } from '@tandem/identity';
import { ConflictError, Tx } from '@tandem/platform';
import { CasesService } from './cases.service';
import { GrantVia } from './cases.types';
import { grantScopes, NO_SCOPES } from './membership-basis';
import { MembershipRepository } from './membership.repository';

/** What a former lead keeps after a handoff: it held them, so no consent is needed (docs/access-policy.md, worked example 9). */
export const FORMER_LEAD_SCOPES: readonly DataScope[] = [DataScope.SUMMARY, DataScope.SERVICES];

/**
 * Who takes part in a case, changed as the act of another domain that has already decided it may:
 * an agency admitted as a partner (an accepted referral), the lead moved to another agency (an
 * accepted handoff). The statements run in the caller's transaction.
 */
@Injectable()
export class CaseMembership {
  constructor(
    private readonly memberships: MembershipRepository,
    private readonly agencies: AgencyRepository,
    private readonly cases: CasesService,
  ) {}

  /**
   * Of the scopes to share with an agency, those that need consent (docs/access-policy.md, "Consent") and that no
   * active consent of the case covers for that agency, by its id or its type.
   */
  async unconsentedScopes(tx: Tx, caseId: string, agency: { id: string; type: string }, scopes: readonly string[], now: Date): Promise<string[]> {
    const wanted = scopes.filter((scope) => CONSENTED_SCOPES.includes(scope as DataScope));
    if (wanted.length === 0) return [];
    return this.memberships.uncoveredScopes(tx, caseId, agency.id, agency.type, wanted, now);
  }

  /**
   * The agency becomes a PARTNER holding the shared scopes (a partner already there gains them),
   * the user who admitted it is assigned as SECONDARY, and an OPEN case becomes ACTIVE, as it does
   * when anyone beyond its creator is assigned. The case's row is locked first: two referrals of
   * one case accepted at once must not both insert the agency's membership. An agency that leads
   * the case (it came to lead it while the referral was pending) is not admitted: its users are
   * assigned by its supervisors, never by accepting a referral (CONFLICT, nothing changed).
   */
  async admitPartner(
    tx: Tx,
    input: { caseId: string; agencyId: string; scopes: readonly string[]; consentRequired: boolean; grantedVia: GrantVia; assignee: { userId: string; agencyId: string } },
    now: Date,
  ): Promise<void> {
    await this.memberships.lockCase(tx, input.caseId);
    const held = await this.memberships.lockHeld(tx, input.caseId, input.agencyId);
    if (held?.role === 'LEAD') throw new ConflictError('The receiving agency leads the case now: its supervisors assign its users');
    // Each scope keeps its own consent basis: an emergency share and a consented one coexist.
    const basis = grantScopes(held ?? NO_SCOPES, input);
    if (held) {
      await this.memberships.widen(tx, held.id, basis);
    } else {
      await this.memberships.insert(tx, { caseId: input.caseId, agencyId: input.agencyId, role: 'PARTNER', grantedVia: input.grantedVia, ...basis });
    }
    await this.memberships.assignSecondary(tx, input.caseId, input.assignee.userId, input.assignee.agencyId);
    await this.cases.activate(tx, input.caseId, now);
  }

  /**
   * The receiving agency leads the case (in its jurisdiction) with every lead scope; the former
   * lead stays a partner with {@link FORMER_LEAD_SCOPES} and its PRIMARY assignee stays on as
   * SECONDARY. Returns false, changing nothing, when the case's lead is no longer `fromAgencyId`.
   */
  async transferLead(tx: Tx, input: { caseId: string; fromAgencyId: string; toAgencyId: string }): Promise<boolean> {
    const target = await this.agencies.findById(tx, input.toAgencyId);
    if (!target) return false;
    if (!(await this.memberships.moveLead(tx, input.caseId, input.fromAgencyId, input.toAgencyId, target.jurisdictionId))) return false;
    await this.memberships.demoteToPartner(tx, input.caseId, input.fromAgencyId, FORMER_LEAD_SCOPES);
    if (!(await this.memberships.promoteToLead(tx, input.caseId, input.toAgencyId, LEAD_SCOPES))) {
      await this.memberships.insert(tx, { caseId: input.caseId, agencyId: input.toAgencyId, role: 'LEAD', scopes: [...LEAD_SCOPES], consentScopes: [], grantedVia: GrantVia.HANDOFF });
    }
    await this.memberships.demotePrimary(tx, input.caseId, input.fromAgencyId);
    return true;
  }
}
