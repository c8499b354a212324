// What a law-enforcement liaison's pages work out in the browser: which deadlines are reports the
// police make or receive, in what order they are read, how a case came to be shared with the agency,
// and when a break-glass access ends.

/** The clocks of reports made to or by law enforcement (docs/design.md, Deadlines and alerts). */
export const REPORT_KINDS = ['NCIC_ENTRY', 'VICTIM_REPORT_LE', 'MISSING_REPORT_LE', 'MISSING_REPORT_NCMEC'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

const REPORT_LABELS: Record<ReportKind, string> = {
  NCIC_ENTRY: 'NCIC entry',
  VICTIM_REPORT_LE: 'Trafficking-victim report to law enforcement',
  MISSING_REPORT_LE: 'Missing-child report to law enforcement',
  MISSING_REPORT_NCMEC: 'Missing-child report to NCMEC',
};

export function isReportKind(kind: string): kind is ReportKind {
  return (REPORT_KINDS as readonly string[]).includes(kind);
}

export function reportLabel(kind: ReportKind): string {
  return REPORT_LABELS[kind];
}

/**
 * The reports among deadlines read in several lists (overdue ones, pending ones): each once,
 * overdue first (the longest overdue first), then the soonest due.
 */
export function reportsDue<T extends { id: string; kind: string; overdue: boolean; dueAt: string }>(lists: readonly (readonly T[])[]): (T & { kind: ReportKind })[] {
  const byId = new Map<string, T & { kind: ReportKind }>();
  for (const list of lists) for (const item of list) if (isReportKind(item.kind) && !byId.has(item.id)) byId.set(item.id, item as T & { kind: ReportKind });
  return [...byId.values()].sort((a, b) => Number(b.overdue) - Number(a.overdue) || Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.id.localeCompare(b.id));
}

const VIA_LABELS: Record<string, string> = {
  REPORT: 'mandated report',
  REFERRAL: 'referral',
  HANDOFF: 'handoff',
  SHARE: 'shared by the lead agency',
  BREAK_GLASS: 'break glass',
  CREATED: 'your agency opened it',
};

/** How a case reached the viewer's agency, from its active memberships ("lead agency" when it leads). */
export function sharedVia(memberships: readonly { agency: { id: string }; role: string; grantedVia: string; active: boolean }[], agencyId: string | null): string {
  const own = memberships.filter((m) => m.active && m.agency.id === agencyId);
  if (own.some((m) => m.role === 'LEAD')) return 'lead agency';
  const ways = [...new Set(own.map((m) => VIA_LABELS[m.grantedVia] ?? m.grantedVia.toLowerCase()))];
  return ways.length > 0 ? ways.join(', ') : 'your assignment';
}

/** A break-glass access lasts this long (docs/access-policy.md, "break glass"). */
export const BREAK_GLASS_HOURS = 4;

/** When an access granted at `grantedAt` ends. */
export function grantEndsAt(grantedAt: Date): Date {
  return new Date(grantedAt.getTime() + BREAK_GLASS_HOURS * 3600_000);
}

/** A case number as the API takes it: trimmed, upper case; '' when nothing is typed. */
export function normalCaseNumber(typed: string): string {
  return typed.trim().toUpperCase();
}
