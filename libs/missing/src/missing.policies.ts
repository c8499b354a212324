import { ALLOW, definePolicy, forbid, hide, Policy, Role, Verdict, Viewer } from '@tandem/authz';
import { CaseSight, READ_ONLY, SeenCase } from '@tandem/cases';

/** The roles that work cases: the only ones that record what happens to a child. */
const CASE_ROLES: readonly Role[] = [Role.STAFF, Role.SUPERVISOR];

/** The row of the access policy's "who may do what" table that the lead agency's records are. */
const LEAD_RECORDS = 'record a missing episode, a report to law enforcement or NCMEC, a return, a return interview, a victim report';

/** An act on a case's missing episode: how the viewer sees the case (an id that names no episode is refused before, as not found). */
export interface MissingFacts {
  view: CaseSight;
}

/** The NCIC entry: how the viewer sees the case, and the agency the NCIC clock waits on (the police agency the report was made to), if any. */
export interface NcicEntryFacts extends MissingFacts {
  ncicAgencyId: string | null;
}

/** A case the viewer sees and may change (not through break glass only), handed to `decide`; else not disclosed or read only. */
function onCase(view: CaseSight, decide: (view: SeenCase) => Verdict): Verdict {
  if (!view) return hide('case not visible');
  if (view === READ_ONLY) return forbid(READ_ONLY);
  return decide(view);
}

const byLead = (viewer: Viewer, refusal: string) => (view: SeenCase) => (view.record.leadAgencyId === viewer.agencyId ? ALLOW : forbid(refusal));

function leadRecords(name: string, audit: string, hides: string, refusal: string): Policy<MissingFacts> {
  return definePolicy<MissingFacts>({ name, row: LEAD_RECORDS, audit, who: CASE_ROLES, hides, rule: (viewer, { view }) => onCase(view, byLead(viewer, refusal)) });
}

export const MISSING_EPISODE_RECORD = leadRecords('missingEpisode.record', 'MISSING_EPISODE_RECORD', 'Case', 'the lead agency records missing episodes');

/** A report to law enforcement or NCMEC; the NCIC entry has a policy of its own ({@link NCIC_ENTRY_RECORD}). */
export const MISSING_REPORT_RECORD = leadRecords('missingReport.record', 'MISSING_REPORT_RECORD', 'Missing episode', 'the lead agency records its reports');

export const MISSING_RETURN_RECORD = leadRecords('missingReturn.record', 'MISSING_RETURN_RECORD', 'Missing episode', 'the lead agency records the return');

export const RETURN_INTERVIEW_RECORD = leadRecords('returnInterview.record', 'RETURN_INTERVIEW_RECORD', 'Missing episode', 'the lead agency records the return interview');

/** The NCIC entry: the lead, or the law-enforcement agency that received the missing report and holds the NCIC clock. */
export const NCIC_ENTRY_RECORD: Policy<NcicEntryFacts> = definePolicy<NcicEntryFacts>({
  name: 'ncicEntry.record',
  row: 'record the NCIC entry',
  audit: 'MISSING_REPORT_RECORD',
  who: CASE_ROLES,
  hides: 'Missing episode',
  rule: (viewer, { view, ncicAgencyId }) =>
    onCase(view, (seen) =>
      seen.record.leadAgencyId === viewer.agencyId || (ncicAgencyId !== null && ncicAgencyId === viewer.agencyId)
        ? ALLOW
        : forbid('the lead agency or the law-enforcement agency that received the report records the NCIC entry'),
    ),
});
