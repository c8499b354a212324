import { AgencyType, ALLOW, definePolicy, forbid, hide, Role, Verdict, Viewer } from '@tandem/authz';

/*
 * Anonymous tips (docs/access-policy.md, "submit a tip" and "triage tips"): anyone submits a tip and
 * follows it up with its code, without an account; the staff and supervisors of the law-enforcement
 * agencies of the tip's jurisdiction triage it and read what it says. Nobody else reads a tip, not
 * even the agencies of a case it is linked to (they see that it was linked, on the timeline).
 */

const SUBMIT_ROW = 'submit a tip';
const TRIAGE_ROW = 'triage tips';
/** The roles that work tips: the law-enforcement liaisons and their supervisors. */
const TRIAGERS: readonly Role[] = [Role.STAFF, Role.SUPERVISOR];

/** Getting a proof-of-work challenge for the tip form: anyone. */
export const TIP_CHALLENGE = definePolicy({
  name: 'tip.challenge',
  row: SUBMIT_ROW,
  audit: 'TIP_CHALLENGE',
  who: 'public',
});

/** Reading the jurisdictions a tip may be sent to (the tip form's choice of police): anyone. */
export const TIP_JURISDICTIONS = definePolicy({
  name: 'tip.jurisdictions',
  row: SUBMIT_ROW,
  audit: 'TIP_JURISDICTIONS',
  who: 'public',
});

/** Submitting a tip: anyone, rate limited and with a solved challenge; no account, no address kept. */
export const TIP_SUBMIT = definePolicy({
  name: 'tip.submit',
  row: SUBMIT_ROW,
  audit: 'TIP_SUBMIT',
  who: 'public',
});

/** Reading a tip's coarse status and adding to it: whoever holds its follow-up code. */
export const TIP_FOLLOW_UP = definePolicy({
  name: 'tip.followUp',
  row: SUBMIT_ROW,
  audit: 'TIP_FOLLOW_UP',
  who: 'public',
});

const lawEnforcement = (viewer: Viewer): boolean => viewer.agencyType === AgencyType.LAW_ENFORCEMENT && viewer.agencyId !== null;

/** Listing the tips of one's jurisdiction: law-enforcement staff and supervisors. */
export const TIP_LIST = definePolicy({
  name: 'tip.list',
  row: TRIAGE_ROW,
  audit: 'TIP_LIST',
  who: TRIAGERS,
  rule: (viewer): Verdict => (lawEnforcement(viewer) ? ALLOW : forbid('only law-enforcement agencies triage tips')),
});

/** A tip as its policies see it: its current jurisdiction, or null when no tip has the id. */
export interface TipFacts {
  tip: { jurisdictionId: string } | null;
}

function triager(viewer: Viewer, { tip }: TipFacts): Verdict {
  if (!lawEnforcement(viewer)) return forbid('only law-enforcement agencies triage tips');
  if (!tip) return hide('no such tip');
  // A tip outside the viewer's jurisdiction answers as one that does not exist.
  if (tip.jurisdictionId !== viewer.jurisdictionId) return hide("the tip is outside the viewer's jurisdiction");
  return ALLOW;
}

/** Reading a tip (its content, its additions, its possible duplicates). */
export const TIP_READ = definePolicy<TipFacts>({
  name: 'tip.read',
  row: TRIAGE_ROW,
  audit: 'TIP_VIEW',
  who: TRIAGERS,
  hides: 'Tip',
  rule: triager,
});

/** Moving a tip through its triage: review, link, refer, close with no action. */
export const TIP_TRIAGE = definePolicy<TipFacts>({
  name: 'tip.triage',
  row: TRIAGE_ROW,
  audit: 'TIP_TRIAGE',
  who: TRIAGERS,
  hides: 'Tip',
  rule: triager,
});
