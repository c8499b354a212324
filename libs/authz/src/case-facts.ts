import { AgencyType } from './vocabulary';

/**
 * The facts about one case that access decisions read: who is a member, who is assigned, which
 * break-glass grants and consents exist, which agencies hold a pending referral or handoff.
 * Times are epoch milliseconds so the same rules evaluate in memory and in SQL.
 */
export interface CaseFacts {
  id: string;
  leadAgencyId: string;
  jurisdictionId: string;
  memberships: {
    agencyId: string;
    role: 'LEAD' | 'PARTNER';
    scopes: string[];
    /**
     * Of `scopes`, those held only while an active consent covers the agency and the scope. The
     * others rest on no consent: mandated reporting, an emergency referral, a former lead keeping
     * what it held. Each scope keeps its own basis, so that an emergency share and a consented one
     * to the same agency neither loosen nor tighten each other.
     */
    consentScopes: string[];
    active: boolean;
  }[];
  /** `role` is the assignment's: `PRIMARY` (one per case, of the lead) or `SECONDARY`. */
  assignments: { userId: string; agencyId: string; role: 'PRIMARY' | 'SECONDARY'; active: boolean }[];
  grants: { userId: string; agencyId: string; expiresAt: number; revoked: boolean }[];
  consents: {
    scopes: string[];
    agencyIds: string[];
    agencyTypes: AgencyType[];
    effectiveAt: number;
    expiresAt: number;
    revoked: boolean;
  }[];
  /** Pending referrals and handoffs addressed to an agency: the inbox view. */
  inbox: { agencyId: string; scopes: string[]; consentRequired: boolean }[];
  /** Open (pending) deadlines of the case, by the agency that must act: a report's NCIC clock. */
  clocks: { agencyId: string; kind: string }[];
}

/**
 * The clock a missing-child report to a law-enforcement agency starts (the deadline kind of the
 * same name): while it is open, that agency's staff see the case (docs/access-policy.md, "Who sees a case", rule 6).
 */
export const REPORT_CLOCK = 'NCIC_ENTRY';

/** A consent without an end date lasts "forever": the largest safe integer, the same in SQL. */
export const NO_EXPIRY = Number.MAX_SAFE_INTEGER;
