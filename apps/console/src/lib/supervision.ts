// What a supervisor's pages work out from the API's answers: each person's caseload, which
// break-glass accesses still wait for a review, and how a statistics cell reads.

export interface CaseloadCase {
  id: string;
  caseNumber: string;
  assignments: readonly { role: string; user: { id: string } }[];
}

export interface CaseloadEntry<P> {
  person: P;
  /** The open cases the person is assigned to, primary first, then by case number. */
  cases: { id: string; caseNumber: string; role: string }[];
}

/** Each staff member with the open cases they are assigned to, the busiest first, then by name. */
export function caseloads<P extends { id: string; displayName: string }>(staff: readonly P[], cases: readonly CaseloadCase[]): CaseloadEntry<P>[] {
  return staff
    .map((person) => ({
      person,
      cases: cases
        .flatMap((c) => c.assignments.filter((a) => a.user.id === person.id).map((a) => ({ id: c.id, caseNumber: c.caseNumber, role: a.role })))
        .sort((a, b) => (a.role === b.role ? a.caseNumber.localeCompare(b.caseNumber) : a.role === 'PRIMARY' ? -1 : 1)),
    }))
    .sort((a, b) => b.cases.length - a.cases.length || a.person.displayName.localeCompare(b.person.displayName));
}

export interface BreakGlassEvent {
  subjectId: string | null;
  occurredAt: string;
}

/**
 * The break-glass accesses not yet reviewed, oldest first: the BREAK_GLASS events of the trail whose
 * grant (their subject) has no BREAK_GLASS_REVIEW event.
 */
export function pendingReviews<E extends BreakGlassEvent>(grants: readonly E[], reviews: readonly { subjectId: string | null }[]): E[] {
  const reviewed = new Set(reviews.map((review) => review.subjectId));
  return grants.filter((grant) => grant.subjectId !== null && !reviewed.has(grant.subjectId)).sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
}

export interface Cell {
  suppressed: boolean;
  value: number | null;
}

/** A statistics cell as read: its figure, or "suppressed" (never 0 nor blank) when it is withheld. */
export function cellText(cell: Cell): string {
  if (cell.suppressed || cell.value === null) return 'suppressed';
  return cell.value.toLocaleString('en-US');
}

/** A code as words: EMERGENCY_SHELTER → "Emergency shelter". */
export function label(code: string): string {
  const words = code.replaceAll('_', ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The measures a reader picks from, with the dimensions each may be cut by (the API's own rules). */
export interface MeasureChoice {
  measure: string;
  dimensions: readonly string[];
  /** A supervisor's own agency's operational figures, read by supervisors only. */
  ownAgency: boolean;
}

export const MEASURES: readonly MeasureChoice[] = [
  { measure: 'MISSING_EPISODES', dimensions: ['JURISDICTION', 'MONTH', 'RETURNED_WITHIN_7_DAYS'], ownAgency: false },
  { measure: 'MISSING_RETURNED_WITHIN_7_DAYS', dimensions: ['JURISDICTION', 'MONTH'], ownAgency: false },
  { measure: 'STATUTORY_REPORT_TIMELINESS', dimensions: ['REPORT_KIND', 'JURISDICTION', 'MONTH'], ownAgency: false },
  { measure: 'REFERRALS', dimensions: ['SERVICE_TYPE', 'URGENCY', 'REFERRAL_OUTCOME', 'JURISDICTION', 'MONTH'], ownAgency: false },
  { measure: 'REFERRALS_EXPIRED', dimensions: ['SERVICE_TYPE', 'URGENCY', 'JURISDICTION', 'MONTH'], ownAgency: false },
  { measure: 'REFERRALS_DECLINED_NO_CAPACITY', dimensions: ['SERVICE_TYPE', 'URGENCY', 'JURISDICTION', 'MONTH'], ownAgency: false },
  { measure: 'SHELTER_OCCUPANCY', dimensions: ['JURISDICTION', 'MONTH'], ownAgency: false },
  { measure: 'NIGHTS_WITHOUT_BED', dimensions: ['JURISDICTION', 'MONTH'], ownAgency: false },
  { measure: 'TIPS', dimensions: ['TIP_OUTCOME', 'JURISDICTION', 'MONTH'], ownAgency: false },
  { measure: 'SCREENINGS_POSITIVE', dimensions: ['INSTRUMENT', 'JURISDICTION', 'MONTH'], ownAgency: false },
  { measure: 'AGENCY_DEADLINE_TIMELINESS', dimensions: ['DEADLINE_KIND', 'MONTH'], ownAgency: true },
  { measure: 'AGENCY_REFERRAL_ANSWERS', dimensions: ['SERVICE_TYPE', 'URGENCY', 'REFERRAL_OUTCOME', 'MONTH'], ownAgency: true },
];

/** The measures a reader may ask for: a supervisor's own agency's figures only to a supervisor. */
export function measuresFor(role: string): MeasureChoice[] {
  return MEASURES.filter((choice) => !choice.ownAgency || role === 'SUPERVISOR');
}

/** The dimensions kept when the measure changes: those the new measure also takes, at most two. */
export function keptDimensions(measure: string, chosen: readonly string[]): string[] {
  const allowed = MEASURES.find((choice) => choice.measure === measure)?.dimensions ?? [];
  return chosen.filter((dimension) => allowed.includes(dimension)).slice(0, 2);
}

/** A month as YYYY-MM, `monthsBack` months before `now` (UTC). */
export function monthOf(now: Date, monthsBack = 0): string {
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsBack, 1));
  return date.toISOString().slice(0, 7);
}

/** The start (or, with `end`, the last millisecond) of a local calendar day given as YYYY-MM-DD; null for none. */
export function dayBound(day: string, end = false): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = end ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d);
  return date.toISOString();
}
