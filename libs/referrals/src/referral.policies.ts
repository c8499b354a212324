import { ALLOW, DataScope, definePolicy, forbid, hide, Policy, Role, Verdict, Viewer } from '@tandem/authz';
import { CaseSight, READ_ONLY, SeenCase } from '@tandem/cases';
import { HandoffAction, HandoffRecord, ReferralAction, ReferralRecord } from './referrals.types';

/** The roles that work cases: the only ones that send, answer or read referrals and handoffs. */
const CASE_ROLES: readonly Role[] = [Role.STAFF, Role.SUPERVISOR];

/** Sending a referral: the case as the sender sees it and, once the receiving agency is known, what is shared. */
export interface ReferralSendFacts {
  view: CaseSight;
  /** The scopes to share, and those of them that no active consent covers for the receiving agency. */
  share?: { scopes: readonly string[]; uncovered: readonly string[] };
}

/**
 * An act on a referral: the referral and how the viewer sees its case (looked up only for the
 * referral's two agencies: anyone else's `view` is null). An id that names no referral is refused
 * before, as not found.
 */
export interface ReferralActFacts {
  referral: Pick<ReferralRecord, 'fromAgencyId' | 'toAgencyId' | 'sentBy'>;
  view: CaseSight;
}

/** Reading a referral: the referral and the viewer's view of its case (a break-glass grant included), looked up only for its two agencies. */
export interface ReferralReadFacts {
  referral: Pick<ReferralRecord, 'fromAgencyId' | 'toAgencyId'>;
  view: SeenCase | null;
}

/** An act on a handoff, as on a referral: the handoff, and how the viewer sees its case. */
export interface HandoffActFacts {
  handoff: Pick<HandoffRecord, 'fromAgencyId' | 'toAgencyId' | 'requestedBy'>;
  view: CaseSight;
}

/** One of the request's two agencies: the sender's or the receiver's. */
export const isParty = (viewer: Viewer, request: { fromAgencyId: string; toAgencyId: string }) => viewer.agencyId === request.fromAgencyId || viewer.agencyId === request.toAgencyId;

const isAssigned = (viewer: Viewer, view: SeenCase) => view.facts.assignments.some((a) => a.active && a.userId === viewer.userId && a.agencyId === viewer.agencyId);

/** The viewer's active PRIMARY assignment, made for the agency they belong to now (one made for a former agency counts for nothing). */
const isPrimary = (viewer: Viewer, view: SeenCase) =>
  view.facts.assignments.some((a) => a.active && a.userId === viewer.userId && a.agencyId === viewer.agencyId && a.role === 'PRIMARY');

/**
 * An act on a referral or handoff of the viewer's agency, on a case they see and may change, is
 * decided by `decide`. A request between other agencies, or on a case the viewer does not see (a
 * break-glass grant included), is not disclosed; a break-glass grant alone changes nothing.
 */
function asParty<R extends { fromAgencyId: string; toAgencyId: string }>(
  viewer: Viewer,
  subject: 'referral' | 'handoff',
  request: R,
  view: CaseSight,
  decide: (request: R, view: SeenCase) => Verdict,
): Verdict {
  if (!isParty(viewer, request) || !view) return hide(`${subject} not visible`);
  if (view === READ_ONLY) return forbid(READ_ONLY);
  return decide(request, view);
}

export const REFERRAL_SEND: Policy<ReferralSendFacts> = definePolicy<ReferralSendFacts>({
  name: 'referral.send',
  row: 'send a referral',
  audit: 'REFERRAL_CREATE',
  who: CASE_ROLES,
  hides: 'Case',
  rule: (viewer, { view, share }) => {
    if (!view) return hide('case not visible');
    if (view === READ_ONLY) return forbid(READ_ONLY);
    const isLead = view.record.leadAgencyId === viewer.agencyId;
    const isMember = view.facts.memberships.some((m) => m.active && m.agencyId === viewer.agencyId);
    if (!isLead && !(isMember && view.scopes.includes(DataScope.SERVICES))) return forbid('only the lead agency, or a partner holding SERVICES, sends referrals');
    if (!share) return ALLOW;
    const notHeld = share.scopes.filter((scope) => !view.scopes.includes(scope));
    if (notHeld.length) return forbid(`you do not hold ${notHeld.join(', ')} to share`);
    if (share.uncovered.length) return forbid(`consent: no active consent covers ${share.uncovered.join(', ')} for this agency`, { code: 'consent' });
    return ALLOW;
  },
});

function referralAct(action: ReferralAction, row: string, decide: (viewer: Viewer, referral: ReferralActFacts['referral'], view: SeenCase) => Verdict): Policy<ReferralActFacts> {
  return definePolicy<ReferralActFacts>({
    name: `referral.${action}`,
    row,
    audit: `REFERRAL_${action.toUpperCase()}`,
    who: CASE_ROLES,
    hides: 'Referral',
    rule: (viewer, { referral, view }) => asParty(viewer, 'referral', referral, view, (found, seen) => decide(viewer, found, seen)),
  });
}

const receivingAnswers = (viewer: Viewer, referral: { toAgencyId: string }) => (viewer.agencyId === referral.toAgencyId ? ALLOW : forbid('only the receiving agency answers a referral'));

const receivingAssigned = (viewer: Viewer, referral: { toAgencyId: string }, view: SeenCase) =>
  viewer.agencyId === referral.toAgencyId && isAssigned(viewer, view) ? ALLOW : forbid('only users of the receiving agency assigned to the case');

/** Who acts on a referral (docs/access-policy.md, "Who may do what"); whether the referral's state allows the move is its lifecycle's answer. */
export const REFERRAL_ACTS: Record<ReferralAction, Policy<ReferralActFacts>> = {
  accept: referralAct('accept', 'accept or decline a referral', receivingAnswers),
  decline: referralAct('decline', 'accept or decline a referral', receivingAnswers),
  withdraw: referralAct('withdraw', 'withdraw a referral', (viewer, referral) =>
    viewer.agencyId === referral.fromAgencyId && (referral.sentBy === viewer.userId || viewer.role === Role.SUPERVISOR) ? ALLOW : forbid('only the sender or a supervisor of the sending agency withdraws'),
  ),
  start: referralAct('start', 'start, complete or fail a referral', receivingAssigned),
  complete: referralAct('complete', 'start, complete or fail a referral', receivingAssigned),
  fail: referralAct('fail', 'start, complete or fail a referral', receivingAssigned),
};

/** One referral: its two agencies read it (their inboxes), each only as far as it sees the case; any other id is not found. */
export const REFERRAL_READ: Policy<ReferralReadFacts> = definePolicy<ReferralReadFacts>({
  name: 'referral.read',
  row: null,
  audit: 'REFERRAL_VIEW',
  who: CASE_ROLES,
  hides: 'Referral',
  rule: (viewer, { referral, view }) => (isParty(viewer, referral) && view ? ALLOW : hide('referral not visible')),
});

/** The agency's referrals, incoming or outgoing; the list holds only those whose case the viewer sees. */
export const REFERRAL_LIST = definePolicy({ name: 'referral.list', row: null, audit: 'REFERRAL_LIST', who: CASE_ROLES });

/** The agency's handoffs, incoming or outgoing; the list holds only those whose case the viewer sees. */
export const HANDOFF_LIST = definePolicy({ name: 'handoff.list', row: null, audit: 'HANDOFF_LIST', who: CASE_ROLES });

/** How many requests wait for the agency's answer: counts of its own inbox, no case named. */
export const INBOX_COUNT = definePolicy({ name: 'inbox.count', row: null, audit: 'INBOX_COUNTS', who: CASE_ROLES });

export const HANDOFF_REQUEST: Policy<{ view: CaseSight }> = definePolicy<{ view: CaseSight }>({
  name: 'handoff.request',
  row: 'request a handoff',
  audit: 'HANDOFF_REQUEST',
  who: CASE_ROLES,
  hides: 'Handoff',
  rule: (viewer, { view }) => {
    if (!view) return hide('case not visible');
    if (view === READ_ONLY) return forbid(READ_ONLY);
    const lead = view.record.leadAgencyId === viewer.agencyId;
    return lead && (viewer.role === Role.SUPERVISOR || isPrimary(viewer, view)) ? ALLOW : forbid('only a supervisor or the PRIMARY assignee of the lead agency requests a handoff');
  },
});

function handoffAct(action: HandoffAction, row: string, decide: (viewer: Viewer, handoff: HandoffActFacts['handoff']) => Verdict): Policy<HandoffActFacts> {
  return definePolicy<HandoffActFacts>({
    name: `handoff.${action}`,
    row,
    audit: `HANDOFF_${action.toUpperCase()}`,
    who: CASE_ROLES,
    hides: 'Handoff',
    rule: (viewer, { handoff, view }) => asParty(viewer, 'handoff', handoff, view, (found) => decide(viewer, found)),
  });
}

const receivingSupervisor = (viewer: Viewer, handoff: { toAgencyId: string }) =>
  viewer.agencyId === handoff.toAgencyId && viewer.role === Role.SUPERVISOR ? ALLOW : forbid('only a supervisor of the receiving agency answers a handoff');

/** Who answers or cancels a handoff; whether the handoff's state allows the move is its lifecycle's answer. */
export const HANDOFF_ACTS: Record<HandoffAction, Policy<HandoffActFacts>> = {
  accept: handoffAct('accept', 'accept or decline a handoff', receivingSupervisor),
  decline: handoffAct('decline', 'accept or decline a handoff', receivingSupervisor),
  cancel: handoffAct('cancel', 'cancel a handoff', (viewer, handoff) =>
    viewer.agencyId === handoff.fromAgencyId && (handoff.requestedBy === viewer.userId || viewer.role === Role.SUPERVISOR)
      ? ALLOW
      : forbid('only the requester or a supervisor of the lead agency cancels'),
  ),
};
