// The audit search form as the API's AuditEventFilter: empty fields left out, ids trimmed, an
// action code in capitals, and days in the reader's time zone made whole (from the first
// millisecond of the first day to the last of the last: the API's from and to are inclusive).

export type AuditOutcomeChoice = '' | 'ALLOWED' | 'DENIED';

export interface AuditFilterForm {
  action: string;
  outcome: AuditOutcomeChoice;
  actorAgencyId: string;
  actorUserId: string;
  caseId: string;
  /** YYYY-MM-DD, as a date input gives it; '' for none. */
  fromDay: string;
  toDay: string;
}

export interface AuditFilter {
  action?: string;
  outcome?: 'ALLOWED' | 'DENIED';
  actorAgencyId?: string;
  actorUserId?: string;
  caseId?: string;
  from?: string;
  to?: string;
}

export const EMPTY_AUDIT_FILTER: AuditFilterForm = { action: '', outcome: '', actorAgencyId: '', actorUserId: '', caseId: '', fromDay: '', toDay: '' };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The start (or, with `end`, the last millisecond) of a day in the reader's zone, as ISO text; null for no day. */
export function dayBound(day: string, end: boolean): string | null {
  if (!DAY.test(day)) return null;
  const at = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00.000'}`);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

export function auditFilterOf(form: AuditFilterForm): AuditFilter {
  const filter: AuditFilter = {};
  const action = form.action.trim().toUpperCase();
  if (action) filter.action = action;
  if (form.outcome) filter.outcome = form.outcome;
  for (const key of ['actorAgencyId', 'actorUserId', 'caseId'] as const) {
    const id = form[key].trim();
    if (id) filter[key] = id;
  }
  const from = dayBound(form.fromDay, false);
  const to = dayBound(form.toDay, true);
  if (from) filter.from = from;
  if (to) filter.to = to;
  return filter;
}
