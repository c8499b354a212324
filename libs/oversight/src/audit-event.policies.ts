import { ALLOW, definePolicy, forbid, hide, Role, Verdict, Viewer } from '@tandem/authz';

/*
 * Reading the audit trail: an auditor reads every event; a supervisor the events of their agency's
 * users and the events on the cases their agency leads. The lists carry that rule into their SQL
 * (the reader each query takes); a single case's log and a report check it on what they load.
 */

const READERS = [Role.AUDITOR, Role.SUPERVISOR];
const ROW = 'read audit events';
const LOG_REFUSED = 'access log is for auditors and supervisors of the lead agency';

/** The case whose log is asked for, as loaded: its lead agency, or `null` when no case has the id. */
export interface LoggedCase {
  leadAgencyId: string | null;
}

/** Whether the viewer reads every event on the case: an auditor, or a supervisor of its lead agency. */
function readsCaseLog(viewer: Viewer, logged: LoggedCase): boolean {
  if (logged.leadAgencyId === null) return false;
  if (viewer.role === Role.AUDITOR) return true;
  return viewer.role === Role.SUPERVISOR && viewer.agencyId !== null && viewer.agencyId === logged.leadAgencyId;
}

/** Events newest first, filtered in SQL to what the reader may read. */
const list = definePolicy({
  name: 'auditEvent.list',
  row: ROW,
  audit: 'AUDIT_VIEW',
  who: READERS,
});

/** Per user and day: a supervisor's own agency, an auditor's every agency or the one named (`agencyId`). */
const report = definePolicy<{ agencyId: string | null }>({
  name: 'auditEvent.report',
  row: ROW,
  audit: 'AUDIT_VIEW',
  who: READERS,
  rule: (viewer, asked): Verdict =>
    viewer.role === Role.SUPERVISOR && asked.agencyId !== null && asked.agencyId !== viewer.agencyId
      ? forbid("supervisors report on their own agency's users only", { message: "A supervisor reports on their own agency's users only", code: 'agency' })
      : ALLOW,
});

/**
 * The CSV export of the trail: exactly the events the reader may list (an auditor every event, a
 * supervisor their agency's users' and those on the cases it leads), filtered in the same SQL.
 */
const exportEvents = definePolicy({
  name: 'auditEvent.export',
  row: ROW,
  audit: 'EXPORT',
  who: READERS,
});

/** Recomputing the trail's hash chains and reading whether each is intact: auditors only. */
const verifyChains = definePolicy({
  name: 'auditEvent.verifyChains',
  row: ROW,
  audit: 'AUDIT_VERIFY',
  who: [Role.AUDITOR],
});

/** Every event on one case, asked for by its id: any other case answers as if it did not exist. */
const readCaseLog = definePolicy<LoggedCase>({
  name: 'caseAccessLog.read',
  row: ROW,
  audit: 'AUDIT_VIEW',
  who: READERS,
  hides: 'Case',
  rule: (viewer, logged) => (readsCaseLog(viewer, logged) ? ALLOW : hide(LOG_REFUSED)),
});

/**
 * Every event on a case the viewer was just shown (the case's `accessLog` field): the case is not
 * hidden from them, the log is refused.
 */
const readCaseLogOnCase = definePolicy<LoggedCase>({
  name: 'caseAccessLog.readOnCase',
  row: ROW,
  audit: 'AUDIT_VIEW',
  who: 'signed-in',
  rule: (viewer, logged) =>
    readsCaseLog(viewer, logged)
      ? ALLOW
      : forbid(LOG_REFUSED, { message: "A case's access log is read by a supervisor of its lead agency or by an auditor", code: 'access-log' }),
});

/** Who reads which part of the audit trail. */
export const AuditEventPolicy = { list, report, export: exportEvents, verifyChains, readCaseLog, readCaseLogOnCase } as const;
