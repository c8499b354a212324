// What a missing episode obliges the agency to do, each with its report (once made) and its clock:
// the reports to law enforcement and NCMEC (24 hours from learning of it), the NCIC entry (2 hours
// from the law-enforcement report), and the return interview (72 hours from the return).

export type DutyKind = 'MISSING_REPORT_LE' | 'MISSING_REPORT_NCMEC' | 'NCIC_ENTRY' | 'RETURN_INTERVIEW';
export type ReportedTo = 'LAW_ENFORCEMENT' | 'NCMEC' | 'NCIC';

export interface EpisodeReport {
  id: string;
  reportedTo: ReportedTo;
  reportedAt: string;
  reportNumber: string | null;
}

export interface EpisodeFacts {
  id: string;
  reports: readonly EpisodeReport[];
  returnedAt: string | null;
  returnInterviewAt: string | null;
}

export interface DutyClock {
  id: string;
  kind: string;
  subjectId: string;
  dueAt: string;
  startedAt: string;
  status: 'PENDING' | 'MET' | 'BREACHED' | 'CANCELLED';
  metAt: string | null;
}

export interface Duty {
  kind: DutyKind;
  label: string;
  /** The report that discharged it (none for the return interview). */
  report: EpisodeReport | null;
  /** When the return interview was done. */
  doneAt: string | null;
  /** Its latest clock on this episode, when one was started. */
  clock: DutyClock | null;
  /** Whether it still waits for the act (its clock runs, or ran out). */
  open: boolean;
}

const DUTIES: readonly { kind: DutyKind; label: string; reportedTo: ReportedTo | null }[] = [
  { kind: 'MISSING_REPORT_LE', label: 'Report to law enforcement', reportedTo: 'LAW_ENFORCEMENT' },
  { kind: 'MISSING_REPORT_NCMEC', label: 'Report to NCMEC', reportedTo: 'NCMEC' },
  { kind: 'NCIC_ENTRY', label: 'NCIC entry', reportedTo: 'NCIC' },
  { kind: 'RETURN_INTERVIEW', label: 'Return interview', reportedTo: null },
];

function latest(clocks: readonly DutyClock[]): DutyClock | null {
  return [...clocks].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))[0] ?? null;
}

/**
 * The duties of an episode, in the order they arise. A duty shows once it has a clock or its act
 * is recorded; the reports are listed even where no clock binds the agency (one not child welfare).
 */
export function dutiesOf(episode: EpisodeFacts, clocks: readonly DutyClock[]): Duty[] {
  const mine = clocks.filter((clock) => clock.subjectId === episode.id);
  const duties: Duty[] = [];
  for (const { kind, label, reportedTo } of DUTIES) {
    const clock = latest(mine.filter((c) => c.kind === kind));
    const report = reportedTo ? (episode.reports.find((r) => r.reportedTo === reportedTo) ?? null) : null;
    const doneAt = kind === 'RETURN_INTERVIEW' ? episode.returnInterviewAt : null;
    if (!clock && !report && !doneAt) continue;
    const done = report !== null || doneAt !== null || clock?.status === 'MET' || clock?.status === 'CANCELLED';
    duties.push({ kind, label, report, doneAt, clock, open: !done });
  }
  return duties;
}

/** The reports still to be made for an episode: the form offers these first. */
export function reportsToMake(episode: EpisodeFacts): ReportedTo[] {
  const made = new Set(episode.reports.map((r) => r.reportedTo));
  return (['LAW_ENFORCEMENT', 'NCMEC', 'NCIC'] as const).filter((to) => !made.has(to));
}
