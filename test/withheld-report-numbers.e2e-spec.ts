import { createTestApp, TestApp } from './support/test-app';
import { assignDirectly, makePartner, policyCast } from './support/case-fixtures';

const RECORD_EPISODE = `mutation($input: RecordMissingEpisodeInput!) { recordMissingEpisode(input: $input) { id } }`;
const RECORD_REPORT = `mutation($input: RecordMissingReportInput!) { recordMissingReport(input: $input) { id } }`;
const WITH_NUMBERS = `query($id: ID!) { case(id: $id) { viewerScopes missingEpisodes { id reports { reportedTo reportNumber } } } }`;
const WITHOUT_NUMBERS = `query($id: ID!) { case(id: $id) { missingEpisodes { id reports { reportedTo } } } }`;

describe('report numbers withheld from a viewer without INVESTIGATION', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('are listed in extensions.redacted at the path of each one answered, and only when asked for', async () => {
    const { K, agencies, people } = await policyCast(t);
    const now = t.clock.now();
    const episode = await t.gql.ok(RECORD_EPISODE, { input: { caseId: K.id, missingSince: now, learnedAt: now } }, people.cw1.token);
    for (const [reportedTo, reportNumber] of [['NCMEC', 'NCMEC-7741902'], ['LAW_ENFORCEMENT', 'PD-2026-0042']] as const) {
      await t.gql.ok(RECORD_REPORT, { input: { episodeId: episode.recordMissingEpisode.id, reportedTo, reportedAt: now, reportNumber, receivingAgencyId: reportedTo === 'LAW_ENFORCEMENT' ? agencies.PD.id : null } }, people.cw1.token);
    }
    await makePartner(t, K.id, agencies.CO.id, ['SUMMARY', 'SERVICES'], false);
    await assignDirectly(t, K.id, people.co1);

    const seen = await t.gql.query(WITH_NUMBERS, { id: K.id }, people.co1.token);
    expect(seen.errors ?? []).toEqual([]);
    expect(seen.data!.case.viewerScopes).not.toContain('INVESTIGATION');
    expect(seen.data!.case.missingEpisodes[0].reports.map((report: { reportNumber: string | null }) => report.reportNumber)).toEqual([null, null]);
    expect([...(seen.extensions.redacted as string[])].sort()).toEqual(['case.missingEpisodes.0.reports.0.reportNumber', 'case.missingEpisodes.0.reports.1.reportNumber']);

    const unasked = await t.gql.query(WITHOUT_NUMBERS, { id: K.id }, people.co1.token);
    expect(unasked.errors ?? []).toEqual([]);
    expect(unasked.extensions?.redacted ?? []).toEqual([]);
  });
});
