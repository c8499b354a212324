/** A Tandem account as the matching rules see it. */
export interface MatchCandidate {
  id: string;
  agencyId: string | null;
  active: boolean;
  agencyActive: boolean;
}

/** What is known when the provider has vouched for a person. */
export interface MatchFacts {
  /** The agency whose provider this is. */
  agencyId: string;
  /** The account this provider's subject was linked to at an earlier sign-in, if any. */
  linked: MatchCandidate | null;
  /** The provider says the email is verified (`email_verified: true`). */
  emailVerified: boolean;
  /** The account whose email is the provider's, if any. */
  byEmail: MatchCandidate | null;
  /** The account found by email is already linked to another subject of this provider. */
  byEmailLinkedElsewhere: boolean;
}

export type SsoRefusal =
  | 'unknown person'
  | 'email not verified'
  | 'email linked to another subject'
  | 'user of another agency'
  | 'account disabled'
  | 'agency disabled';

export type MatchOutcome = { matched: true; userId: string; link: boolean } | { matched: false; reason: SsoRefusal; userId: string | null; userAgencyId: string | null };

/**
 * Who the person is: the account their subject is linked to, else the account of their verified
 * email (then linked). Nobody is created: the account must exist, be active, and be of the agency
 * whose provider vouched for them. Checked in this order; the first refusal answers.
 */
const CANDIDATE_RULES: readonly { refusal: SsoRefusal; when: (facts: MatchFacts) => boolean }[] = [
  { refusal: 'email not verified', when: (f) => !f.linked && f.byEmail !== null && !f.emailVerified },
  { refusal: 'unknown person', when: (f) => !f.linked && f.byEmail === null },
  { refusal: 'email linked to another subject', when: (f) => !f.linked && f.byEmailLinkedElsewhere },
];

const ACCOUNT_RULES: readonly { refusal: SsoRefusal; when: (account: MatchCandidate, facts: MatchFacts) => boolean }[] = [
  { refusal: 'user of another agency', when: (a, f) => a.agencyId !== f.agencyId },
  { refusal: 'account disabled', when: (a) => !a.active },
  { refusal: 'agency disabled', when: (a) => !a.agencyActive },
];

export function matchAccount(facts: MatchFacts): MatchOutcome {
  const candidateRefusal = CANDIDATE_RULES.find((rule) => rule.when(facts));
  // An unverified email names nobody: the refusal does not say whose account it is.
  if (candidateRefusal) return { matched: false, reason: candidateRefusal.refusal, userId: null, userAgencyId: null };
  const account = (facts.linked ?? facts.byEmail)!;
  const accountRefusal = ACCOUNT_RULES.find((rule) => rule.when(account, facts));
  // The refusal is on the account's agency's trail, where its supervisors read it.
  if (accountRefusal) return { matched: false, reason: accountRefusal.refusal, userId: account.id, userAgencyId: account.agencyId };
  return { matched: true, userId: account.id, link: facts.linked === null };
}
