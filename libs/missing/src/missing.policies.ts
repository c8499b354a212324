import { ALLOW, definePolicy, forbid, hide, Policy, Role, Verdict, Viewer } from '@tandem/authz';
import { CaseSight, READ_ONLY, SeenCase } from '@tandem/cases';
import { ReportedTo } from './missing.types';

/** The roles that work cases: the only ones that record what happens to a child. */
const CASE_ROLES: readonly Role[] = [Role.STAFF, Role.SUPERVISOR];

/** An act on a case's missing episode: how the viewer sees the case (an id that names no episode is refused before, as not found). */
export interface MissingFacts {
  view: CaseSight;
}

/** A missing-child report: how the viewer sees the case, whom the report is to, and the agency the NCIC clock waits on (the police agency the report was made to), if any. */
export interface MissingReportFacts extends MissingFacts {
  reportedTo: ReportedTo;
  ncicAgencyId: string | null;
}

/** A case the viewer sees and may change (not through break glass only), handed to `decide`; else not disclosed or read only. */
function onCase(view: CaseSight, decide: (view: SeenCase) => Verdict): Verdict {
  if (!view) return hide('case not visible');
  if (view === READ_ONLY) return forbid(READ_ONLY);
  return decide(view);
}

const isLead = (viewer: Viewer, view: SeenCase) => view.record.leadAgencyId === viewer.agencyId;

function byTheLead(name: string, row: string, audit: string, hides: string, refusal: string): Policy<MissingFacts> {
  return definePolicy<MissingFacts>({ name, row, audit, who: CASE_ROLES, hides, rule: (viewer, { view }) => onCase(view, (seen) => (isLead(viewer, seen) ? ALLOW : forbid(refusal))) });
}

export const MISSING_EPISODE_RECORD = byTheLead('missingEpisode.record', 'record a missing episode', 'MISSING_EPISODE_RECORD', 'Case', 'the lead agency records missing episodes');

export const MISSING_RETURN_RECORD = byTheLead('missingReturn.record', 'record a return or return interview', 'MISSING_RETURN_RECORD', 'Missing episode', 'the lead agency records the return');

export const RETURN_INTERVIEW_RECORD = byTheLead('returnInterview.record', 'record a return or return interview', 'RETURN_INTERVIEW_RECORD', 'Missing episode', 'the lead agency records the return interview');

/**
 * A report to law enforcement or NCMEC is the lead's to record; the NCIC entry is the lead's too, or
 * that of the law-enforcement agency that received the missing report and holds the NCIC clock.
 */
export const MISSING_REPORT_RECORD: Policy<MissingReportFacts> = definePolicy<MissingReportFacts>({
  name: 'missingReport.record',
  row: 'record a missing-child report',
  audit: 'MISSING_REPORT_RECORD',
  who: CASE_ROLES,
  hides: 'Missing episode',
  rule: (viewer, { view, reportedTo, ncicAgencyId }) =>
    onCase(view, (seen) => {
      if (isLead(viewer, seen)) return ALLOW;
      if (reportedTo !== ReportedTo.NCIC) return forbid('the lead agency records its reports');
      return ncicAgencyId !== null && ncicAgencyId === viewer.agencyId ? ALLOW : forbid('the lead agency or the law-enforcement agency that received the report records the NCIC entry');
    }),
});
