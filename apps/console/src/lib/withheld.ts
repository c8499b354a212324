// Why a field of a case is withheld from the viewer. The API withholds (a null, its path in the
// response's `extensions.redacted`); the console only words the reason, from what the same answer
// says: the viewer's scopes on the case, the case's memberships, and the referrals waiting for the
// viewer's agency. A field is never shown blank: it is a value, "not recorded", or withheld and why.

import type { AgencyType } from './roles';

export type Scope = 'SUMMARY' | 'IDENTITY' | 'LOCATION' | 'SERVICES' | 'INVESTIGATION' | 'CLINICAL';
export type NoteCategory = 'GENERAL' | 'INVESTIGATION' | 'CLINICAL';

/** What the case's answer and the session say about the viewer's sight of the case. */
export interface SightFacts {
  viewerAgencyId: string | null;
  viewerAgencyType: AgencyType | null;
  viewerScopes: readonly Scope[];
  leadAgencyId: string;
  memberships: readonly { agencyId: string; active: boolean; scopes: readonly Scope[] }[];
  /** The scopes each referral still waiting for the viewer's agency's answer shares. */
  pendingShares: readonly (readonly Scope[])[];
}

export const REASONS = {
  notShared: 'not shared with your agency',
  noConsent: 'no consent on record for your agency',
  clinical: 'clinical: only the agency that wrote it',
  investigation: 'investigation only: law enforcement, prosecution and the lead agency',
  breakGlass: 'emergency access opens identity and location only',
  consents: 'consents are read by the lead agency only',
  unknown: 'outside your scopes on this case',
} as const;

/** Scopes that a partner holds only while a consent covers them (docs/access-policy: Consent). */
const CONSENTED: readonly Scope[] = ['IDENTITY', 'LOCATION', 'SERVICES'];

const IDENTITY_FIELDS = ['legalName', 'aliases', 'dateOfBirth', 'sex', 'identifyingMarks'];
const LOCATION_FIELDS = ['placement', 'guardianContacts'];

/** The scope a withheld path belongs to (its root field, e.g. `case`, left out); 'CONSENTS' for the consents list. */
export function scopeOfPath(path: string): Scope | 'CONSENTS' | null {
  const parts = path.split('.');
  const last = parts[parts.length - 1]!;
  if (parts[0] === 'child' && parts.length === 2) {
    if (IDENTITY_FIELDS.includes(last)) return 'IDENTITY';
    if (LOCATION_FIELDS.includes(last)) return 'LOCATION';
  }
  if (path === 'consents') return 'CONSENTS';
  if (parts[0] === 'referrals' && ['reason', 'statusNote', 'outcome'].includes(last)) return 'SERVICES';
  if (parts[0] === 'missingEpisodes') {
    if (last === 'lastSeenPlace' || last === 'lastSeenWith') return 'LOCATION';
    if (last === 'reportNumber') return 'INVESTIGATION';
    if (last === 'screenings') return 'SERVICES';
  }
  if (path === 'screenings') return 'SERVICES';
  return null;
}

/** Why the viewer does not hold `scope` on the case, in a few words. */
export function whyScopeWithheld(scope: Scope, facts: SightFacts): string {
  if (scope === 'CLINICAL') return REASONS.clinical;
  if (scope === 'INVESTIGATION') return REASONS.investigation;
  const membership = facts.memberships.find((m) => m.active && m.agencyId === facts.viewerAgencyId);
  if (membership) {
    // Held by the membership and yet not seen: the consent it rested on no longer covers it.
    return membership.scopes.includes(scope) && CONSENTED.includes(scope) ? REASONS.noConsent : REASONS.notShared;
  }
  if (facts.pendingShares.length > 0) {
    return facts.pendingShares.some((shared) => shared.includes(scope)) && CONSENTED.includes(scope) ? REASONS.noConsent : REASONS.notShared;
  }
  // Seen without membership or pending request: through a break-glass grant.
  return scope === 'SERVICES' ? REASONS.breakGlass : REASONS.notShared;
}

/** Why the field at `path` (root field left out) was withheld. */
export function whyWithheld(path: string, facts: SightFacts): string {
  const scope = scopeOfPath(path);
  if (scope === 'CONSENTS') return REASONS.consents;
  if (scope === null) return REASONS.unknown;
  return whyScopeWithheld(scope, facts);
}

/**
 * The withheld fields of one answer, by path under `root` (`case.child.placement` → `child.placement`),
 * each with its reason. Paths of other roots are left out.
 */
export function withheldFields(redacted: unknown, root: string, facts: SightFacts): Map<string, string> {
  const found = new Map<string, string>();
  if (!Array.isArray(redacted)) return found;
  for (const full of redacted) {
    if (typeof full !== 'string' || !full.startsWith(`${root}.`)) continue;
    const path = full.slice(root.length + 1);
    found.set(path, whyWithheld(path, facts));
  }
  return found;
}

const NOTE_SCOPE: Record<Exclude<NoteCategory, 'CLINICAL'>, Scope> = { GENERAL: 'SERVICES', INVESTIGATION: 'INVESTIGATION' };

/**
 * The note categories the viewer does not read, each with why. The API leaves such notes out of
 * the list (it names no path): the page says which kinds are not shown rather than let an empty list
 * read as "no notes". CLINICAL notes of other agencies are never read, whoever the viewer is.
 */
export function withheldNoteCategories(facts: SightFacts): { category: NoteCategory; reason: string }[] {
  const out: { category: NoteCategory; reason: string }[] = [];
  for (const category of ['GENERAL', 'INVESTIGATION'] as const) {
    const scope = NOTE_SCOPE[category];
    if (!facts.viewerScopes.includes(scope)) out.push({ category, reason: whyScopeWithheld(scope, facts) });
  }
  out.push({ category: 'CLINICAL', reason: REASONS.clinical });
  return out;
}

/**
 * The note categories the viewer may write (docs/access-policy: "add a note"): only a member agency
 * writes; INVESTIGATION by law enforcement, prosecution or the lead; CLINICAL by counseling or
 * medical members; GENERAL by the lead or a member holding SERVICES. The API decides; this keeps
 * the form to choices it would accept.
 */
export function writableNoteCategories(facts: SightFacts): NoteCategory[] {
  const member = facts.memberships.some((m) => m.active && m.agencyId === facts.viewerAgencyId);
  if (!member) return [];
  const lead = facts.leadAgencyId === facts.viewerAgencyId;
  const type = facts.viewerAgencyType;
  const out: NoteCategory[] = [];
  if (lead || facts.viewerScopes.includes('SERVICES')) out.push('GENERAL');
  if (lead || type === 'LAW_ENFORCEMENT' || type === 'PROSECUTION') out.push('INVESTIGATION');
  if (type === 'COUNSELING' || type === 'MEDICAL') out.push('CLINICAL');
  return out;
}

/**
 * Which of the case's forms to offer the viewer (docs/access-policy: "Who may do what"), so that a
 * link leads only to what the API would take: referring is for the lead or a member holding
 * SERVICES; a screening needs SERVICES; missing episodes are the lead's, and the NCIC entry is made
 * by the law-enforcement member that received the report. A break-glass holder reads only.
 */
export function formsOffered(facts: SightFacts): { refer: boolean; screening: boolean; missing: boolean } {
  const member = facts.memberships.some((m) => m.active && m.agencyId === facts.viewerAgencyId);
  const lead = member && facts.leadAgencyId === facts.viewerAgencyId;
  const services = member && facts.viewerScopes.includes('SERVICES');
  return { refer: lead || services, screening: services, missing: lead || (member && facts.viewerAgencyType === 'LAW_ENFORCEMENT') };
}
