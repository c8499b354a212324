import { DataScope } from '@tandem/authz';
import { describeTimelineEntry, timelineDetail, TimelineFacts } from './timeline-text';

const PD = '55555555-5555-4555-8555-555555555555';
const names = { agency: (id: string) => (id === PD ? 'Metro Police' : null), user: () => null };
const GRANTED = ['SUMMARY', 'IDENTITY', 'LOCATION', 'INVESTIGATION'];
const share = (report: string): TimelineFacts => ({ kind: 'SHARED_BY_REPORT', actorAgencyId: null, subjectId: null, data: { agencyId: PD, scopes: GRANTED, report } });
const SUMMARY_ONLY = [DataScope.SUMMARY, DataScope.SERVICES];
const WITH_INVESTIGATION = [DataScope.SUMMARY, DataScope.INVESTIGATION];

describe('a share by mandated reporting on the timeline', () => {
  it('names the agency, the report and the scopes granted', () => {
    expect(describeTimelineEntry(share('MISSING_REPORT'), SUMMARY_ONLY, names)).toEqual({
      summary: 'Case shared with Metro Police by a missing-child report (mandated reporting): SUMMARY, IDENTITY, LOCATION, INVESTIGATION',
      fromAgencyId: null,
      toAgencyId: PD,
      changes: [{ field: 'scopesGranted', from: null, to: 'SUMMARY, IDENTITY, LOCATION, INVESTIGATION', agencyId: PD }],
    });
    expect(describeTimelineEntry(share('VICTIM_REPORT'), WITH_INVESTIGATION, names).summary).toContain('by a trafficking-victim report');
  });

  it('says a trafficking-victim report was made only to holders of INVESTIGATION, in the summary and the detail alike', () => {
    const hidden = describeTimelineEntry(share('VICTIM_REPORT'), SUMMARY_ONLY, names);
    expect(hidden.summary).toBe('Case shared with Metro Police by a report to law enforcement (mandated reporting): SUMMARY, IDENTITY, LOCATION, INVESTIGATION');
    expect(timelineDetail(share('VICTIM_REPORT'), SUMMARY_ONLY)).toEqual({ agencyId: PD, scopes: GRANTED });
    expect(timelineDetail(share('VICTIM_REPORT'), WITH_INVESTIGATION)).toMatchObject({ report: 'VICTIM_REPORT' });
    expect(timelineDetail(share('MISSING_REPORT'), SUMMARY_ONLY)).toMatchObject({ report: 'MISSING_REPORT' });
  });
});
