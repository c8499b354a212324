import { DeadlineEngine } from '@tandem/deadlines';
import { WorldUser } from '@tandem/testing';
import { Actor, CASE, policyCast } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { isolatedDatabase } from './support/test-database';

/*
 * docs/access-policy.md, "Who sees a case", rule 6: a missing-child report or a trafficking-victim report made to a named
 * law-enforcement agency shares the case with it as mandated reporting (no consent), so that the
 * agency reminded of the NCIC clock can open the case and make the entry.
 */

const HOUR = 3600_000;
const RECORD_EPISODE = `mutation($input: RecordMissingEpisodeInput!) { recordMissingEpisode(input: $input) { id } }`;
const RECORD_REPORT = `mutation($input: RecordMissingReportInput!) { recordMissingReport(input: $input) { id reportedTo } }`;
const SET_FLAG = `mutation($caseId: ID!, $flag: CaseFlag!) { setCaseFlag(caseId: $caseId, flag: $flag) { id flags } }`;
const VICTIM_REPORT = `mutation($input: RecordVictimReportInput!) { recordVictimReport(input: $input) { id reportNumber receivingAgencyId } }`;
const MEMBERS = `query($id: ID!) { case(id: $id) { id viewerScopes memberships { agency { id } role grantedVia scopes } } }`;
const CASE_IDS = `query { cases(first: 100) { edges { node { id } } } }`;

describe('mandated reporting to law enforcement (docs/access-policy.md, "Who sees a case", rule 6)', () => {
  let t: TestApp;
  let engine: DeadlineEngine;
  let cast: Awaited<ReturnType<typeof policyCast>>;

  async function token(user: WorldUser): Promise<string> {
    return t.signIn(user);
  }

  async function newCase(by: Actor): Promise<string> {
    const data = await t.gql.ok(
      `mutation($input: CreateCaseInput!) { createCase(input: $input) { id } }`,
      { input: { child: { legalName: 'Casey Report Example', dateOfBirth: '2011-05-06', placement: { address: '4 Quiet Court' } } } },
      await token(by),
    );
    return data.createCase.id;
  }

  async function reportMissing(caseId: string, by: Actor): Promise<string> {
    const now = t.clock.now();
    const episode = (await t.gql.ok(RECORD_EPISODE, { input: { caseId, missingSince: now, learnedAt: now } }, await token(by))).recordMissingEpisode;
    await t.gql.ok(
      RECORD_REPORT,
      { input: { episodeId: episode.id, reportedTo: 'LAW_ENFORCEMENT', reportedAt: now, reportNumber: 'PD-77', receivingAgencyId: cast.agencies.PD.id } },
      await token(by),
    );
    return episode.id;
  }

  async function listed(user: WorldUser, caseId: string): Promise<boolean> {
    const data = await t.gql.ok(CASE_IDS, {}, await token(user));
    return data.cases.edges.some((edge: { node: { id: string } }) => edge.node.id === caseId);
  }

  beforeAll(async () => {
    t = await createTestApp(await isolatedDatabase('mandated'));
    engine = t.app.get(DeadlineEngine);
    cast = await policyCast(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a missing report to a police agency makes it a REPORT partner: its liaison opens the case and records the NCIC entry', async () => {
    const { cw1, pd1, pdSup, sh1 } = cast.people;
    const caseId = await newCase(cw1);
    expect(await t.gql.code(MEMBERS, { id: caseId }, await token(pd1))).toBe('NOT_FOUND');
    const deniedBefore = await t.world.count('audit_event', `case_id = $1 AND actor_user_id = $2 AND outcome = 'DENIED'`, [caseId, pd1.id]);
    expect(deniedBefore).toBe(1);
    const episodeId = await reportMissing(caseId, cw1);

    const seen = (await t.gql.ok(MEMBERS, { id: caseId }, await token(pd1))).case;
    expect(seen.viewerScopes).toEqual(['SUMMARY', 'IDENTITY', 'LOCATION', 'INVESTIGATION']);
    const pd = seen.memberships.find((m: { agency: { id: string } }) => m.agency.id === cast.agencies.PD.id);
    expect(pd).toMatchObject({ role: 'PARTNER', grantedVia: 'REPORT' });
    expect([...pd.scopes].sort()).toEqual(['IDENTITY', 'INVESTIGATION', 'LOCATION', 'SUMMARY']);
    expect(await listed(pd1, caseId)).toBe(true);
    const child = await t.gql.ok(CASE, { id: caseId }, await token(pd1));
    expect(child.case.child.legalName).toBe('Casey Report Example');
    expect(child.case.child.placement.address).toBe('4 Quiet Court');
    expect((await t.gql.ok(MEMBERS, { id: caseId }, await token(pdSup))).case.viewerScopes).toEqual(['SUMMARY', 'IDENTITY', 'LOCATION', 'INVESTIGATION']);
    // No one else gains anything.
    expect(await t.gql.code(MEMBERS, { id: caseId }, await token(sh1))).toBe('NOT_FOUND');

    // Audited and on the timeline.
    const [audit] = await t.db.query(`SELECT actor_user_id AS "actor", scopes, details FROM audit_event WHERE action = 'CASE_SHARE_REPORT' AND case_id = $1`, [caseId]);
    expect(audit).toMatchObject({ actor: cw1.id, details: expect.objectContaining({ agencyId: cast.agencies.PD.id }) });
    expect([...audit.scopes].sort()).toEqual(['IDENTITY', 'INVESTIGATION', 'LOCATION', 'SUMMARY']);
    const [event] = await t.db.query(`SELECT scope, data FROM case_event WHERE case_id = $1 AND kind = 'SHARED_BY_REPORT'`, [caseId]);
    expect(event).toMatchObject({ scope: 'SUMMARY', data: expect.objectContaining({ agencyId: cast.agencies.PD.id }) });

    const entry = await t.gql.ok(RECORD_REPORT, { input: { episodeId, reportedTo: 'NCIC', reportedAt: t.clock.now(), reportNumber: 'NCIC-1' } }, await token(pd1));
    expect(entry.recordMissingReport.reportedTo).toBe('NCIC');
    const [ncic] = await t.db.query(`SELECT status FROM deadline WHERE case_id = $1 AND kind = 'NCIC_ENTRY'`, [caseId]);
    expect(ncic.status).toBe('MET');
    // Nothing the liaison did was refused.
    expect(await t.world.count('audit_event', `case_id = $1 AND actor_user_id = $2 AND outcome = 'DENIED'`, [caseId, pd1.id])).toBe(deniedBefore);

    // The clock is closed: unassigned police staff no longer see the case; its supervisor still does.
    expect(await t.gql.code(MEMBERS, { id: caseId }, await token(pd1))).toBe('NOT_FOUND');
    expect(await listed(pd1, caseId)).toBe(false);
    expect((await t.gql.ok(MEMBERS, { id: caseId }, await token(pdSup))).case.viewerScopes).toContain('IDENTITY');
  });

  it('staff of the agency see the case while the NCIC clock is open, not after it breaches unless assigned', async () => {
    const { cw1, pd1, pdSup } = cast.people;
    const caseId = await newCase(cw1);
    await reportMissing(caseId, cw1);
    expect(await listed(pd1, caseId)).toBe(true);
    t.clock.advance(2 * HOUR + 1000);
    await engine.sweep();
    const [ncic] = await t.db.query(`SELECT status FROM deadline WHERE case_id = $1 AND kind = 'NCIC_ENTRY'`, [caseId]);
    expect(ncic.status).toBe('BREACHED');
    expect(await t.gql.code(MEMBERS, { id: caseId }, await token(pd1))).toBe('NOT_FOUND');
    await t.gql.ok(`mutation($caseId: ID!, $userId: ID!) { assignUser(caseId: $caseId, userId: $userId) { id } }`, { caseId, userId: pd1.id }, await token(pdSup));
    expect((await t.gql.ok(MEMBERS, { id: caseId }, await token(pd1))).case.viewerScopes).toEqual(['SUMMARY', 'IDENTITY', 'LOCATION', 'INVESTIGATION']);
  });

  it('a police agency already a partner keeps its membership and gains the reported scopes without consent', async () => {
    const { cw1, pdSup } = cast.people;
    const caseId = await newCase(cw1);
    await t.db.query(`INSERT INTO membership (case_id, agency_id, role, scopes, granted_via, consent_scopes) VALUES ($1, $2, 'PARTNER', '{SERVICES}', 'REFERRAL', '{}')`, [
      caseId,
      cast.agencies.PD.id,
    ]);
    await reportMissing(caseId, cw1);
    const rows = await t.db.query(`SELECT granted_via AS via, scopes, consent_scopes AS "consentScopes" FROM membership WHERE case_id = $1 AND agency_id = $2 AND active`, [
      caseId,
      cast.agencies.PD.id,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0].via).toBe('REFERRAL');
    expect([...rows[0].scopes].sort()).toEqual(['IDENTITY', 'INVESTIGATION', 'LOCATION', 'SERVICES', 'SUMMARY']);
    expect(rows[0].consentScopes).toEqual([]);
    expect((await t.gql.ok(MEMBERS, { id: caseId }, await token(pdSup))).case.viewerScopes).toEqual(['SUMMARY', 'IDENTITY', 'LOCATION', 'SERVICES', 'INVESTIGATION']);
  });

  it('a police partner holding SERVICES on consent keeps it on consent after a report: the report loosens only the scopes it shares', async () => {
    const { cw1, pdSup } = cast.people;
    const caseId = await newCase(cw1);
    await t.db.query(`INSERT INTO membership (case_id, agency_id, role, scopes, granted_via, consent_scopes) VALUES ($1, $2, 'PARTNER', '{SERVICES,IDENTITY}', 'REFERRAL', '{SERVICES,IDENTITY}')`, [
      caseId,
      cast.agencies.PD.id,
    ]);
    await reportMissing(caseId, cw1);
    const [row] = await t.db.query(`SELECT scopes, consent_scopes AS "consentScopes" FROM membership WHERE case_id = $1 AND agency_id = $2 AND active`, [caseId, cast.agencies.PD.id]);
    expect([...row.scopes].sort()).toEqual(['IDENTITY', 'INVESTIGATION', 'LOCATION', 'SERVICES', 'SUMMARY']);
    expect(row.consentScopes).toEqual(['SERVICES']);
    // No consent covers SERVICES: the reported scopes are read, SERVICES is not.
    expect((await t.gql.ok(MEMBERS, { id: caseId }, await token(pdSup))).case.viewerScopes).toEqual(['SUMMARY', 'IDENTITY', 'LOCATION', 'INVESTIGATION']);
  });

  it('a trafficking-victim report names the receiving police agency, which becomes a REPORT partner; a non-police agency is refused', async () => {
    const { cw1, pd1, pdSup } = cast.people;
    const caseId = await newCase(cw1);
    await t.gql.ok(SET_FLAG, { caseId, flag: 'TRAFFICKING_VICTIM' }, await token(cw1));
    const refused = await t.gql.query(VICTIM_REPORT, { input: { caseId, reportedAt: t.clock.now(), reportNumber: 'V-1', receivingAgencyId: cast.agencies.SH.id } }, await token(cw1));
    expect(refused.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ path: 'input.receivingAgencyId' })] });
    expect(await t.world.count('victim_report', 'case_id = $1', [caseId])).toBe(0);

    const report = await t.gql.ok(VICTIM_REPORT, { input: { caseId, reportedAt: t.clock.now(), reportNumber: 'V-2', receivingAgencyId: cast.agencies.PD.id } }, await token(cw1));
    expect(report.recordVictimReport.receivingAgencyId).toBe(cast.agencies.PD.id);
    const seen = (await t.gql.ok(MEMBERS, { id: caseId }, await token(pdSup))).case;
    expect(seen.viewerScopes).toEqual(['SUMMARY', 'IDENTITY', 'LOCATION', 'INVESTIGATION']);
    expect(seen.memberships.find((m: { agency: { id: string } }) => m.agency.id === cast.agencies.PD.id)).toMatchObject({ role: 'PARTNER', grantedVia: 'REPORT' });
    // No NCIC clock runs for a victim report: police staff see it once assigned.
    expect(await t.gql.code(MEMBERS, { id: caseId }, await token(pd1))).toBe('NOT_FOUND');
    const [audit] = await t.db.query(`SELECT details FROM audit_event WHERE action = 'CASE_SHARE_REPORT' AND case_id = $1`, [caseId]);
    expect(audit.details).toMatchObject({ agencyId: cast.agencies.PD.id, report: 'VICTIM_REPORT' });
  });
});
