import { Actor, makePartner, policyCast } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/*
 * The timeline entries of mandated reporting: a missing report names the police agency it was
 * made to, the share it causes reads as a sentence, and a share caused by a trafficking-victim
 * report (an INVESTIGATION fact) says which report only to holders of INVESTIGATION.
 */

const TIMELINE = `query($id: ID!) { case(id: $id) { timeline(first: 100) { edges { node { kind summary detail toAgency { id name } changes { field to } } } } } }`;
const RECORD_EPISODE = `mutation($input: RecordMissingEpisodeInput!) { recordMissingEpisode(input: $input) { id } }`;
const RECORD_REPORT = `mutation($input: RecordMissingReportInput!) { recordMissingReport(input: $input) { id } }`;
const SET_FLAG = `mutation($caseId: ID!, $flag: CaseFlag!) { setCaseFlag(caseId: $caseId, flag: $flag) { id } }`;
const VICTIM_REPORT = `mutation($input: RecordVictimReportInput!) { recordVictimReport(input: $input) { id } }`;

interface Entry {
  kind: string;
  summary: string;
  detail: string;
  toAgency: { id: string; name: string } | null;
  changes: { field: string; to: string | null }[];
}

describe('timeline entries of mandated reporting', () => {
  let t: TestApp;
  let cast: Awaited<ReturnType<typeof policyCast>>;

  async function timeline(who: Actor): Promise<Entry[]> {
    const data = await t.gql.ok(TIMELINE, { id: cast.K.id }, who.token);
    return data.case.timeline.edges.map((edge: { node: Entry }) => edge.node);
  }

  beforeAll(async () => {
    t = await createTestApp();
    cast = await policyCast(t);
    const { K, agencies, people } = cast;
    // The shelter is a partner holding SUMMARY and SERVICES: its supervisor sees the case, not INVESTIGATION.
    await makePartner(t, K.id, agencies.SH.id, ['SUMMARY', 'SERVICES'], false);
    const now = t.clock.now();
    const episode = (await t.gql.ok(RECORD_EPISODE, { input: { caseId: K.id, missingSince: now, learnedAt: now } }, people.cw1.token)).recordMissingEpisode;
    await t.gql.ok(RECORD_REPORT, { input: { episodeId: episode.id, reportedTo: 'LAW_ENFORCEMENT', reportedAt: now, reportNumber: 'PD-77', receivingAgencyId: agencies.PD.id } }, people.cw1.token);
    t.clock.advance(1000);
    await t.gql.ok(SET_FLAG, { caseId: K.id, flag: 'TRAFFICKING_VICTIM' }, people.cw1.token);
    await t.gql.ok(VICTIM_REPORT, { input: { caseId: K.id, reportedAt: now, reportNumber: 'V-9', receivingAgencyId: agencies.PD2.id } }, people.cw1.token);
  }, 60_000);
  afterAll(() => t.close());

  it('a missing report to a named police agency shows it as toAgency and in its summary', async () => {
    const { PD } = cast.agencies;
    const reported = (await timeline(cast.people.cw1)).find((entry) => entry.kind === 'MISSING_REPORTED')!;
    expect(reported.toAgency).toEqual({ id: PD.id, name: PD.name });
    expect(reported.summary).toBe(`Missing report made to LAW_ENFORCEMENT (${PD.name})`);
  });

  it('a share by report reads as a sentence naming the agency, the report and the scopes granted', async () => {
    const { PD, PD2 } = cast.agencies;
    const shares = (await timeline(cast.people.cw1)).filter((entry) => entry.kind === 'SHARED_BY_REPORT');
    expect(shares.map((entry) => [entry.toAgency?.id, entry.summary])).toEqual([
      [PD.id, `Case shared with ${PD.name} by a missing-child report (mandated reporting): SUMMARY, IDENTITY, LOCATION, INVESTIGATION`],
      [PD2.id, `Case shared with ${PD2.name} by a trafficking-victim report (mandated reporting): SUMMARY, IDENTITY, LOCATION, INVESTIGATION`],
    ]);
    expect(shares[0]!.changes).toEqual([{ field: 'scopesGranted', to: 'SUMMARY, IDENTITY, LOCATION, INVESTIGATION' }]);
  });

  it('a viewer without INVESTIGATION reads which agency the case was shared with, never that a trafficking-victim report was made', async () => {
    const entries = await timeline(cast.people.shSup);
    expect(entries.some((entry) => entry.kind === 'VICTIM_REPORTED')).toBe(false);
    const shares = entries.filter((entry) => entry.kind === 'SHARED_BY_REPORT');
    expect(shares.map((entry) => entry.toAgency?.id)).toEqual([cast.agencies.PD.id, cast.agencies.PD2.id]);
    expect(shares[0]!.summary).toContain('missing-child report');
    expect(shares[1]!.summary).toBe(`Case shared with ${cast.agencies.PD2.name} by a report to law enforcement (mandated reporting): SUMMARY, IDENTITY, LOCATION, INVESTIGATION`);
    for (const entry of shares) expect(`${entry.summary} ${entry.detail}`).not.toMatch(/VICTIM|victim|trafficking/);
  });
});
