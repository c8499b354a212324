import { AgencyType, ALLOW, CaseFacts, DataScope, definePolicy, forbid, hide, Role, seesCaseContent, Verdict, Viewer } from '@tandem/authz';
import { CaseView, READ_ONLY } from './case-access.service';
import { CaseRecord, NoteCategory } from './cases.types';

/**
 * Who may do what on a case (docs/access-policy.md, "Who may do what"), one policy per operation;
 * `row` names the table's row each one is.
 * Each rule decides on what its service loaded: the viewer's view of the case (null when they do
 * not see it, which answers NOT_FOUND like an id that does not exist) and the act's own facts.
 */

/**
 * The facts of an act on one case: the viewer's view of it ({@link CaseAccess.findToChange}),
 * `null` when they do not see it, {@link READ_ONLY} when only a break-glass grant shows it.
 */
export interface OnCase {
  view: CaseView | typeof READ_ONLY | null;
}

export const BREAK_GLASS_AGENCY_TYPES: readonly AgencyType[] = [AgencyType.LAW_ENFORCEMENT, AgencyType.CHILD_WELFARE, AgencyType.MEDICAL];

/** Whether the viewer is the case's active PRIMARY assignee, for their own agency. */
export function isPrimaryAssignee(viewer: Viewer, facts: Pick<CaseFacts, 'assignments'>): boolean {
  return facts.assignments.some((a) => a.active && a.role === 'PRIMARY' && a.userId === viewer.userId && a.agencyId === viewer.agencyId);
}

/** Whether the viewer's agency leads the case. */
export function isLead(viewer: Viewer, view: CaseView): boolean {
  return view.record.leadAgencyId === viewer.agencyId;
}

/** Every act on a case needs that the viewer sees it, and not only through a break-glass grant; then `rule` decides. */
function onCase<Facts extends OnCase>(rule: (viewer: Viewer, view: CaseView, facts: Facts) => Verdict) {
  return (viewer: Viewer, facts: Facts): Verdict => {
    if (!facts.view) return hide('case not visible');
    if (facts.view === READ_ONLY) return forbid(READ_ONLY);
    return rule(viewer, facts.view, facts);
  };
}

/** An act of the lead agency. */
const byTheLead = (reason: string) => onCase((viewer, view) => (isLead(viewer, view) ? ALLOW : forbid(reason)));

/** The lead's supervisor or PRIMARY assignee. */
const leadSupervisorOrPrimary = onCase((viewer, view) =>
  isLead(viewer, view) && (viewer.role === Role.SUPERVISOR || isPrimaryAssignee(viewer, view.facts)) ? ALLOW : forbid('only the lead agency supervisor or primary assignee'),
);

export const CASE_READ = definePolicy<CaseView | null>({
  name: 'case.read',
  row: null,
  audit: 'CASE_VIEW',
  who: 'signed-in',
  hides: 'Case',
  rule: (_viewer, view) => (view ? ALLOW : hide('case not visible')),
});

export const CASE_CREATE = definePolicy<void>({
  name: 'case.create',
  row: 'create a case',
  audit: 'CASE_CREATE',
  who: [Role.STAFF, Role.SUPERVISOR],
  rule: (viewer) => (viewer.agencyId && viewer.jurisdictionId ? ALLOW : forbid('only agency staff may open cases', { message: 'Only agency staff may open cases', code: 'role' })),
});

/** `needs`: the scopes of the fields the update changes. */
export const CASE_UPDATE = definePolicy<OnCase & { needs: readonly DataScope[] }>({
  name: 'case.update',
  row: 'update the case',
  audit: 'CASE_UPDATE',
  who: 'signed-in',
  hides: 'Case',
  rule: onCase((viewer, view, { needs }) => {
    if (!isLead(viewer, view)) return forbid('only the lead agency updates a case');
    const missing = needs.filter((scope) => !view.scopes.includes(scope));
    return missing.length ? forbid(`missing scope ${missing.join(', ')}`) : ALLOW;
  }),
});

export const CASE_FLAG = definePolicy<OnCase>({
  name: 'case.flag',
  row: 'set or clear a flag',
  audit: 'CASE_FLAG',
  who: 'signed-in',
  hides: 'Case',
  rule: byTheLead('only the lead agency sets flags'),
});

export const CASE_CLOSE = definePolicy<OnCase>({
  name: 'case.close',
  row: 'close or reopen a case',
  audit: 'CASE_CLOSE',
  who: 'signed-in',
  hides: 'Case',
  rule: leadSupervisorOrPrimary,
});

export const CASE_REOPEN = definePolicy<OnCase>({
  name: 'case.reopen',
  row: 'close or reopen a case',
  audit: 'CASE_REOPEN',
  who: 'signed-in',
  hides: 'Case',
  rule: leadSupervisorOrPrimary,
});

/**
 * The facts of assigning or unassigning a user: the case, and once the user is known, the agency
 * whose user they are (for unassigning, the agency their assignment is for); `undefined` before.
 */
export interface AssignmentFacts extends OnCase {
  userAgencyId?: string | null;
}

/** A supervisor assigns users of their own agency, to a case that agency is a member of. */
export const CASE_ASSIGN = definePolicy<AssignmentFacts>({
  name: 'case.assign',
  row: 'assign or unassign users',
  audit: 'CASE_ASSIGN',
  who: 'signed-in',
  hides: 'Case',
  rule: onCase((viewer, view, { userAgencyId }) => {
    if (viewer.role !== Role.SUPERVISOR) return forbid('only a supervisor assigns');
    const member = view.facts.memberships.some((m) => m.active && m.agencyId === viewer.agencyId);
    if (!member) return forbid('the supervisor agency is not a member of the case');
    return userAgencyId === undefined || userAgencyId === viewer.agencyId ? ALLOW : forbid("only a supervisor of the user's agency assigns them");
  }),
});

/** A supervisor unassigns the users their own agency has assigned; that the user is assigned at all is checked on the input. */
export const CASE_UNASSIGN = definePolicy<AssignmentFacts>({
  name: 'case.unassign',
  row: 'assign or unassign users',
  audit: 'CASE_UNASSIGN',
  who: 'signed-in',
  hides: 'Case',
  rule: onCase((viewer, _view, { userAgencyId }) => {
    if (viewer.role !== Role.SUPERVISOR) return forbid('only a supervisor unassigns');
    return userAgencyId === undefined || userAgencyId === viewer.agencyId ? ALLOW : forbid("only a supervisor of the user's agency unassigns them");
  }),
});

export const NOTE_ADD = definePolicy<OnCase & { category: NoteCategory }>({
  name: 'note.add',
  row: 'add a note',
  audit: 'NOTE_ADD',
  who: 'signed-in',
  hides: 'Case',
  rule: onCase((viewer, view, { category }) => {
    const lead = isLead(viewer, view);
    if (!view.facts.memberships.some((m) => m.active && m.agencyId === viewer.agencyId)) {
      return forbid('notes are written by member agencies (an inbox or break-glass view reads only)');
    }
    const type = viewer.agencyType;
    if (category === NoteCategory.INVESTIGATION && !lead && type !== AgencyType.LAW_ENFORCEMENT && type !== AgencyType.PROSECUTION) {
      return forbid('INVESTIGATION notes are written by law enforcement, prosecution or the lead agency');
    }
    if (category === NoteCategory.CLINICAL && type !== AgencyType.COUNSELING && type !== AgencyType.MEDICAL) {
      return forbid('CLINICAL notes are written by counseling or medical members');
    }
    // Writing a GENERAL note needs the scope it would be read with.
    if (category === NoteCategory.GENERAL && !lead && !view.scopes.includes(DataScope.SERVICES)) return forbid('GENERAL notes need the SERVICES scope');
    return ALLOW;
  }),
});

export const CONSENT_RECORD = definePolicy<OnCase>({
  name: 'consent.record',
  row: 'record or revoke consent',
  audit: 'CONSENT_RECORD',
  who: 'signed-in',
  hides: 'Case',
  rule: byTheLead('consent is recorded by the lead agency'),
});

/**
 * Reading a case's consents (their purposes, scopes and agencies): the lead agency's users who see
 * the case, not through a break-glass grant alone. Anyone else reads an empty list, redacted.
 */
export const CONSENT_READ = definePolicy<OnCase>({
  name: 'consent.read',
  row: null,
  audit: 'CONSENT_VIEW',
  who: 'signed-in',
  hides: 'Case',
  rule: byTheLead('consents are read by the lead agency'),
});

/** `found`: whether the consent exists (its case is then the view's). */
export const CONSENT_REVOKE = definePolicy<OnCase & { found: boolean }>({
  name: 'consent.revoke',
  row: 'record or revoke consent',
  audit: 'CONSENT_REVOKE',
  who: 'signed-in',
  hides: 'Case',
  rule: (viewer, facts) => (facts.found ? byTheLead('consent is revoked by the lead agency')(viewer, facts) : hide('no such consent')),
});

/**
 * Break glass answers NOT_FOUND to every refusal, as to a case that does not exist: it must not
 * confirm that one does. `record`: the case, whether or not the viewer sees it.
 */
export const CASE_BREAK_GLASS = definePolicy<{ record: Pick<CaseRecord, 'jurisdictionId'> | null }>({
  name: 'case.breakGlass',
  row: 'break glass',
  audit: 'BREAK_GLASS',
  who: 'signed-in',
  hides: 'Case',
  rule: (viewer, { record }) => {
    if (!record) return hide('no such case');
    if (!seesCaseContent(viewer) || !viewer.agencyType || !BREAK_GLASS_AGENCY_TYPES.includes(viewer.agencyType)) {
      return hide('break glass is for law enforcement, child welfare and medical staff and supervisors');
    }
    return viewer.jurisdictionId === record.jurisdictionId ? ALLOW : hide('break glass only within your jurisdiction');
  },
});

/** Answers only that cases exist and whom to call; its role is the whole rule. */
export const CASE_LOCATE = definePolicy<void>({
  name: 'case.locate',
  row: 'locate cases by name and birth date',
  audit: 'LOCATE',
  who: [Role.STAFF, Role.SUPERVISOR],
});

export const CASE_REVIEW = definePolicy<OnCase>({
  name: 'case.review',
  row: 'record a case review',
  audit: 'CASE_REVIEW',
  who: [Role.STAFF, Role.SUPERVISOR],
  hides: 'Case',
  rule: onCase((viewer, view) => {
    if (!isLead(viewer, view)) return forbid('only the lead agency');
    if (viewer.role === Role.SUPERVISOR || isPrimaryAssignee(viewer, view.facts)) return ALLOW;
    return forbid('only a supervisor or the PRIMARY assignee of the lead agency');
  }),
});

export const VICTIM_REPORT_RECORD = definePolicy<OnCase>({
  name: 'victimReport.record',
  row: 'record a victim report',
  audit: 'VICTIM_REPORT',
  who: [Role.STAFF, Role.SUPERVISOR],
  hides: 'Case',
  rule: byTheLead('the lead agency records its reports'),
});

/** `grant`: the break-glass grant with its case's lead agency, or null when there is none. */
export const BREAK_GLASS_REVIEW = definePolicy<{ grant: { agencyId: string; leadAgencyId: string; userId: string } | null }>({
  name: 'breakGlass.review',
  row: 'review a break-glass access',
  audit: 'BREAK_GLASS_REVIEW',
  who: [Role.AUDITOR, Role.SUPERVISOR],
  hides: 'Break-glass grant',
  rule: (viewer, { grant }) => {
    const supervisor = viewer.role === Role.SUPERVISOR && grant !== null && [grant.agencyId, grant.leadAgencyId].includes(viewer.agencyId ?? '');
    if (!grant || !(viewer.role === Role.AUDITOR || supervisor)) return hide('break-glass grant not reviewable by this user');
    return grant.userId === viewer.userId ? forbid('no one reviews their own break glass') : ALLOW;
  },
});
