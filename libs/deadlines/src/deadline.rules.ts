import { DeadlineKind, DeadlineRecord } from './deadline.types';

/**
 * Who hears of a stage. Recipients are found when the stage runs, so an assignment made after
 * the deadline started is honoured.
 * - `PRIMARY`: the case's PRIMARY assignee (the deadline agency's supervisors when there is none).
 * - `SUPERVISORS`: the active supervisors of the agency that must act.
 * - `AGENCY_STAFF`: the active staff and supervisors of the agency that must act.
 * - `LIAISON`: that agency's users assigned to the case (its staff when none is).
 * - `NOTIFY_USER`: the user the deadline names (a referral's sender, a handoff's requester).
 * - `AUDITORS`: every active auditor.
 */
export type Audience = 'PRIMARY' | 'SUPERVISORS' | 'AGENCY_STAFF' | 'LIAISON' | 'NOTIFY_USER' | 'AUDITORS';

export interface Stage {
  /** When the stage runs. */
  at(deadline: Pick<DeadlineRecord, 'startedAt' | 'dueAt'>): Date;
  to: Audience[];
  /** The due stage: the deadline is BREACHED and its effect runs. */
  due: boolean;
}

export interface DeadlineRule {
  /** What is due, as alert text says it: no names, no places. */
  what: string;
  stages: Stage[];
  /** The domain effect that must run at due (a referral EXPIRED, scopes withdrawn), provided by its module. */
  effect: boolean;
  /** Said after "overdue" at the due stage. */
  atDue?: string;
  /** A repeating clock (case review): when one ends, the next starts this long after its due time. */
  repeatEveryMs?: number;
  /**
   * Met by a referral sent on the case for one of the service types the clock's data names
   * (`serviceTypes`), rather than by an act on its own subject: the referrals lib says what was
   * sent ({@link DeadlineService.referralSent}) and needs no knowledge of what waited for it.
   */
  metByReferral?: boolean;
}

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;

const afterStart = (ms: number) => (d: Pick<DeadlineRecord, 'startedAt'>) => new Date(d.startedAt.getTime() + ms);
const beforeDue = (ms: number) => (d: Pick<DeadlineRecord, 'dueAt'>) => new Date(d.dueAt.getTime() - ms);
const halfway = (d: Pick<DeadlineRecord, 'startedAt' | 'dueAt'>) => new Date((d.startedAt.getTime() + d.dueAt.getTime()) / 2);
/** Two thirds of the way: the 48th hour of a 72-hour clock, and as far along on a shorter one an instrument sets. */
const twoThirds = (d: Pick<DeadlineRecord, 'startedAt' | 'dueAt'>) => new Date(d.startedAt.getTime() + ((d.dueAt.getTime() - d.startedAt.getTime()) * 2) / 3);
const atDue = (d: Pick<DeadlineRecord, 'dueAt'>) => d.dueAt;

const reminder = (at: Stage['at'], ...to: Audience[]): Stage => ({ at, to, due: false });
const due = (...to: Audience[]): Stage => ({ at: atDue, to, due: true });

/** The table of docs/design.md, "Deadlines and whom they alert", row by row. Stage times are never after the due time. */
export const DEADLINE_RULES: Record<DeadlineKind, DeadlineRule> = {
  [DeadlineKind.MISSING_REPORT_LE]: {
    what: 'the missing-child report to law enforcement',
    stages: [reminder(afterStart(12 * HOUR), 'PRIMARY'), reminder(afterStart(20 * HOUR), 'SUPERVISORS'), due('SUPERVISORS')],
    effect: true,
    atDue: 'The case is flagged REPORT_OVERDUE.',
  },
  [DeadlineKind.MISSING_REPORT_NCMEC]: {
    what: 'the missing-child report to NCMEC',
    stages: [reminder(afterStart(12 * HOUR), 'PRIMARY'), reminder(afterStart(20 * HOUR), 'SUPERVISORS'), due('SUPERVISORS')],
    effect: true,
    atDue: 'The case is flagged REPORT_OVERDUE.',
  },
  [DeadlineKind.NCIC_ENTRY]: {
    what: 'the NCIC entry for the missing child',
    stages: [reminder(afterStart(HOUR), 'LIAISON'), due('SUPERVISORS')],
    effect: false,
  },
  [DeadlineKind.VICTIM_REPORT_LE]: {
    what: 'the report to law enforcement of a child identified as a trafficking victim',
    stages: [reminder(afterStart(12 * HOUR), 'PRIMARY'), due('SUPERVISORS')],
    effect: false,
  },
  [DeadlineKind.REFERRAL_RESPONSE]: {
    what: 'an answer to a referral',
    stages: [reminder(halfway, 'AGENCY_STAFF'), due('NOTIFY_USER')],
    effect: true,
    atDue: 'The referral expired unanswered: choose another provider.',
  },
  [DeadlineKind.HANDOFF_RESPONSE]: {
    what: 'an answer to a lead handoff',
    stages: [reminder(afterStart(24 * HOUR), 'SUPERVISORS'), due('NOTIFY_USER')],
    effect: true,
    atDue: 'The handoff expired unanswered.',
  },
  [DeadlineKind.RETURN_INTERVIEW]: {
    what: 'the return interview after a missing episode',
    stages: [reminder(afterStart(48 * HOUR), 'PRIMARY'), due('SUPERVISORS')],
    effect: false,
  },
  [DeadlineKind.BREAK_GLASS_REVIEW]: {
    what: 'the review of a break-glass access',
    stages: [due('AUDITORS')],
    effect: false,
  },
  [DeadlineKind.CONSENT_EXPIRY]: {
    what: 'the end of a consent',
    stages: [reminder(beforeDue(7 * DAY), 'PRIMARY'), due('PRIMARY')],
    effect: true,
    atDue: 'The consent ended; the scopes it alone covered were withdrawn.',
  },
  [DeadlineKind.CASE_REVIEW]: {
    what: 'the periodic case review',
    stages: [due('PRIMARY', 'SUPERVISORS')],
    effect: false,
    repeatEveryMs: 30 * DAY,
  },
  [DeadlineKind.SCREENING_FOLLOW_UP]: {
    what: 'the follow-up referral after a positive screening',
    stages: [reminder(twoThirds, 'PRIMARY'), due('SUPERVISORS')],
    effect: false,
    metByReferral: true,
  },
  // Its starter sets the due time: 1 h when a child may be in danger now, else 24 h (the tip's own rule).
  [DeadlineKind.TIP_TRIAGE]: {
    what: 'the triage of an anonymous tip',
    stages: [reminder(halfway, 'AGENCY_STAFF'), due('SUPERVISORS')],
    effect: false,
  },
  [DeadlineKind.BED_HOLD]: {
    what: 'the arrival of the child at the bed held for them',
    stages: [reminder(halfway, 'LIAISON'), due('NOTIFY_USER')],
    effect: true,
    atDue: 'The child did not arrive: the referral expired and the bed was given back.',
  },
};

/** How long each kind runs when its starter does not set the due time. */
export const DEADLINE_DURATIONS: Partial<Record<DeadlineKind, number>> = {
  [DeadlineKind.MISSING_REPORT_LE]: 24 * HOUR,
  [DeadlineKind.MISSING_REPORT_NCMEC]: 24 * HOUR,
  [DeadlineKind.NCIC_ENTRY]: 2 * HOUR,
  [DeadlineKind.VICTIM_REPORT_LE]: 24 * HOUR,
  [DeadlineKind.HANDOFF_RESPONSE]: 48 * HOUR,
  [DeadlineKind.RETURN_INTERVIEW]: 72 * HOUR,
  [DeadlineKind.BREAK_GLASS_REVIEW]: 72 * HOUR,
  [DeadlineKind.CASE_REVIEW]: 30 * DAY,
  [DeadlineKind.SCREENING_FOLLOW_UP]: 72 * HOUR,
  [DeadlineKind.BED_HOLD]: 6 * HOUR,
};

/** When stage `index` of a deadline runs; `null` past the last stage. A stage never runs after the due time. */
export function stageTime(deadline: Pick<DeadlineRecord, 'kind' | 'startedAt' | 'dueAt'>, index: number): Date | null {
  const stage = DEADLINE_RULES[deadline.kind].stages[index];
  if (!stage) return null;
  const at = stage.at(deadline);
  return at > deadline.dueAt ? deadline.dueAt : at;
}
