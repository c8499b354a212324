import { Audience, DAY, DEADLINE_DURATIONS, DEADLINE_RULES, HOUR, stageTime } from './deadline.rules';
import { DeadlineKind } from './deadline.types';

/**
 * The deadline table as the design states it (docs/access-policy.md, "Deadlines and the people they alert",
 * and the design's deadline table), written out here independently of deadline.rules.ts:
 * how long each clock runs, when each stage fires, who hears of it, and what happens at due.
 *
 * A stage's time is given as hours after the start (`{ after }`), at half time (`'half'`) or hours before due
 * (`{ before }`); the due stage is always last and runs at the due time.
 */
type When = { after: number } | { before: number } | 'half';
interface Expected {
  /** The clock's length when its starter does not set a due time; null when the starter always does. */
  runs: number | null;
  reminders: { at: When; to: Audience[] }[];
  atDue: Audience[];
  /** A domain effect at due (a referral or handoff EXPIRED, a case flagged, scopes withdrawn). */
  effect: boolean;
  repeatsEvery?: number;
}

const TABLE: Record<DeadlineKind, Expected> = {
  // Learned at + 24 h: the PRIMARY assignee at 12 h, the lead's supervisors at 20 h; breached: supervisors, case flagged.
  [DeadlineKind.MISSING_REPORT_LE]: {
    runs: 24 * HOUR,
    reminders: [{ at: { after: 12 }, to: ['PRIMARY'] }, { at: { after: 20 }, to: ['SUPERVISORS'] }],
    atDue: ['SUPERVISORS'],
    effect: true,
  },
  [DeadlineKind.MISSING_REPORT_NCMEC]: {
    runs: 24 * HOUR,
    reminders: [{ at: { after: 12 }, to: ['PRIMARY'] }, { at: { after: 20 }, to: ['SUPERVISORS'] }],
    atDue: ['SUPERVISORS'],
    effect: true,
  },
  // Received at + 2 h: the police agency's liaison (its assigned users, else its staff) at 1 h; breached: its supervisors.
  [DeadlineKind.NCIC_ENTRY]: { runs: 2 * HOUR, reminders: [{ at: { after: 1 }, to: ['LIAISON'] }], atDue: ['SUPERVISORS'], effect: false },
  // Identified at + 24 h: the PRIMARY assignee at 12 h; breached: supervisors.
  [DeadlineKind.VICTIM_REPORT_LE]: { runs: 24 * HOUR, reminders: [{ at: { after: 12 }, to: ['PRIMARY'] }], atDue: ['SUPERVISORS'], effect: false },
  // Due as the referral was sent (by urgency, or a time the sender set): the receiving agency's staff at half
  // time; at due the referral EXPIRES and its sender is told.
  [DeadlineKind.REFERRAL_RESPONSE]: { runs: null, reminders: [{ at: 'half', to: ['AGENCY_STAFF'] }], atDue: ['NOTIFY_USER'], effect: true },
  // Requested + 48 h: the receiving supervisors at 24 h; at due the handoff EXPIRES and its requester is told.
  [DeadlineKind.HANDOFF_RESPONSE]: { runs: 48 * HOUR, reminders: [{ at: { after: 24 }, to: ['SUPERVISORS'] }], atDue: ['NOTIFY_USER'], effect: true },
  // Returned + 72 h: the PRIMARY assignee at 48 h; breached: supervisors.
  [DeadlineKind.RETURN_INTERVIEW]: { runs: 72 * HOUR, reminders: [{ at: { after: 48 }, to: ['PRIMARY'] }], atDue: ['SUPERVISORS'], effect: false },
  // Granted + 72 h, no reminder; breached: every auditor.
  [DeadlineKind.BREAK_GLASS_REVIEW]: { runs: 72 * HOUR, reminders: [], atDue: ['AUDITORS'], effect: false },
  // Due when the consent ends (always set by its starter): the PRIMARY assignee 7 days before; at due the
  // scopes it alone covered are withdrawn.
  [DeadlineKind.CONSENT_EXPIRY]: { runs: null, reminders: [{ at: { before: 7 * 24 }, to: ['PRIMARY'] }], atDue: ['PRIMARY'], effect: true },
  // Every 30 days while the case is active, no reminder: the PRIMARY assignee and the lead's supervisors.
  [DeadlineKind.CASE_REVIEW]: { runs: 30 * DAY, reminders: [], atDue: ['PRIMARY', 'SUPERVISORS'], effect: false, repeatsEvery: 30 * DAY },
  // A positive screening + 72 h (or as its instrument says): the PRIMARY assignee at 48 h; breached: supervisors.
  [DeadlineKind.SCREENING_FOLLOW_UP]: { runs: 72 * HOUR, reminders: [{ at: { after: 48 }, to: ['PRIMARY'] }], atDue: ['SUPERVISORS'], effect: false },
  // Due 1 h (a child may be in danger now) or 24 h after the tip arrives, set by its starter: the law-enforcement
  // agency's staff at half time; breached: its supervisors (the escalation). The tip stays open.
  [DeadlineKind.TIP_TRIAGE]: { runs: null, reminders: [{ at: 'half', to: ['AGENCY_STAFF'] }], atDue: ['SUPERVISORS'], effect: false },
  // A bed held for an accepted shelter referral, + 6 h until the child arrives (the referral started): the shelter's
  // users assigned to the case at half time; at due the referral EXPIRES, the bed is given back and the sender is told.
  [DeadlineKind.BED_HOLD]: { runs: 6 * HOUR, reminders: [{ at: 'half', to: ['LIAISON'] }], atDue: ['NOTIFY_USER'], effect: true },
};

const start = new Date('2026-03-01T08:00:00.000Z');
const hours = (n: number) => new Date(start.getTime() + n * HOUR);

/** A clock on the table's terms: its own length, or (set by its starter) ten days. */
function clock(kind: DeadlineKind) {
  const runs = TABLE[kind].runs ?? 10 * DAY;
  return { kind, startedAt: start, dueAt: new Date(start.getTime() + runs) };
}

function expectedTime(when: When, deadline: ReturnType<typeof clock>): Date {
  if (when === 'half') return new Date((deadline.startedAt.getTime() + deadline.dueAt.getTime()) / 2);
  if ('after' in when) return hours(when.after);
  return new Date(deadline.dueAt.getTime() - when.before * HOUR);
}

const kinds = Object.values(DeadlineKind);

describe('deadline rules', () => {
  it('cover exactly the kinds of the table', () => {
    expect(Object.keys(DEADLINE_RULES).sort()).toEqual(Object.keys(TABLE).sort());
    expect(kinds.sort()).toEqual(Object.keys(TABLE).sort());
  });

  it.each(kinds)('%s runs as long as the table says (or as its starter sets)', (kind) => {
    const runs = TABLE[kind].runs;
    if (runs === null) expect(DEADLINE_DURATIONS[kind]).toBeUndefined();
    else expect(DEADLINE_DURATIONS[kind]).toBe(runs);
  });

  it.each(kinds)('%s alerts the people of the table at the times of the table', (kind) => {
    const expected = TABLE[kind];
    const deadline = clock(kind);
    const stages = DEADLINE_RULES[kind].stages;
    expect(stages).toHaveLength(expected.reminders.length + 1);

    expected.reminders.forEach((reminder, index) => {
      expect({ index, due: stages[index].due, to: stages[index].to }).toEqual({ index, due: false, to: reminder.to });
      expect(stageTime(deadline, index)).toEqual(expectedTime(reminder.at, deadline));
    });
    const last = expected.reminders.length;
    expect({ due: stages[last].due, to: stages[last].to }).toEqual({ due: true, to: expected.atDue });
    expect(stageTime(deadline, last)).toEqual(deadline.dueAt);
    expect(stageTime(deadline, last + 1)).toBeNull();
  });

  it.each(kinds)('%s runs a domain effect at due exactly when the table names one', (kind) => {
    expect(DEADLINE_RULES[kind].effect).toBe(TABLE[kind].effect);
    // An effect is said in the overdue alert; a clock without one says nothing more.
    expect(DEADLINE_RULES[kind].atDue !== undefined).toBe(TABLE[kind].effect);
  });

  it.each(kinds)('%s repeats only when the table says so', (kind) => {
    expect(DEADLINE_RULES[kind].repeatEveryMs).toBe(TABLE[kind].repeatsEvery);
  });

  it('never runs a stage after the due time, even on a clock shorter than its reminders', () => {
    // A missing report learned late: due in 6 h, though its reminders are at 12 h and 20 h.
    const short = { kind: DeadlineKind.MISSING_REPORT_LE, startedAt: start, dueAt: hours(6) };
    expect([0, 1, 2].map((index) => stageTime(short, index))).toEqual([hours(6), hours(6), hours(6)]);
  });

  it('puts stages in time order for every kind on its own length', () => {
    for (const kind of kinds) {
      const deadline = clock(kind);
      const times = DEADLINE_RULES[kind].stages.map((_, index) => stageTime(deadline, index)!.getTime());
      expect({ kind, times }).toEqual({ kind, times: [...times].sort((a, b) => a - b) });
    }
  });

  it('puts a referral answer reminder at half of whatever time the sender gave', () => {
    for (const runs of [2 * HOUR, 24 * HOUR, 72 * HOUR, 5 * HOUR]) {
      const referral = { kind: DeadlineKind.REFERRAL_RESPONSE, startedAt: start, dueAt: new Date(start.getTime() + runs) };
      expect(stageTime(referral, 0)).toEqual(new Date(start.getTime() + runs / 2));
    }
  });
});

describe('a clock an instrument sets shorter', () => {
  it('reminds two thirds of the way: a 24-hour screening follow-up at its 16th hour', () => {
    const deadline = { kind: DeadlineKind.SCREENING_FOLLOW_UP, startedAt: start, dueAt: hours(24) };
    expect(stageTime(deadline, 0)).toEqual(hours(16));
    expect(stageTime(deadline, 1)).toEqual(hours(24));
  });

  it('is met by a referral, and only this kind is', () => {
    expect(kinds.filter((kind) => DEADLINE_RULES[kind].metByReferral)).toEqual([DeadlineKind.SCREENING_FOLLOW_UP]);
  });
});
