import { readFileSync } from 'node:fs';
import { Role } from '@tandem/authz';
import { ScreeningInstruments, shippedInstrumentFiles } from '@tandem/screening';
import { BREAK_GLASS, CASE, policyCast } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { isolatedDatabase } from './support/test-database';

/*
 * docs/access-policy.md, "Who sees a case", rule 5, over every mutation that changes a case and that its members may make: through a
 * break-glass grant each one is FORBIDDEN as read only, audited, and changes nothing. A worker of the
 * lead agency who is not assigned, and a supervisor of an agency that is no member, hold the grants.
 */

const ASSIGN = `mutation($caseId: ID!, $userId: ID!) { assignUser(caseId: $caseId, userId: $userId) { id } }`;
const UNASSIGN = `mutation($caseId: ID!, $userId: ID!) { unassignUser(caseId: $caseId, userId: $userId) { id } }`;
const CLOSE = `mutation($id: ID!) { closeCase(id: $id, reason: "Closed under break glass") { id } }`;
const CASE_REVIEW = `mutation($caseId: ID!) { recordCaseReview(caseId: $caseId) { caseId } }`;
const SET_FLAG = `mutation($caseId: ID!, $flag: CaseFlag!) { setCaseFlag(caseId: $caseId, flag: $flag) { id } }`;
const EPISODE = `mutation($input: RecordMissingEpisodeInput!) { recordMissingEpisode(input: $input) { id } }`;
const REPORT = `mutation($input: RecordMissingReportInput!) { recordMissingReport(input: $input) { id } }`;
const RETURN = `mutation($input: RecordReturnInput!) { recordReturn(input: $input) { id } }`;
const INTERVIEW = `mutation($input: RecordReturnInterviewInput!) { recordReturnInterview(input: $input) { id } }`;
const VICTIM_REPORT = `mutation($input: RecordVictimReportInput!) { recordVictimReport(input: $input) { id } }`;
const CREATE_REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`;
const WITHDRAW = `mutation($id: ID!) { withdrawReferral(id: $id, reason: "not needed") { id } }`;
const HANDOFF = `mutation($input: RequestHandoffInput!) { requestHandoff(input: $input) { id } }`;
const SCREENING = `mutation($input: SubmitScreeningInput!) { submitScreening(input: $input) { id } }`;

describe('break glass is read only for every change a member could make', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(await isolatedDatabase('glassall'));
    await t.app.get(ScreeningInstruments).load(JSON.parse(readFileSync(shippedInstrumentFiles()[0]!, 'utf8')));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses each change through a grant as read only, audits it and changes nothing', async () => {
    const { K, agencies, people } = await policyCast(t);
    const { cw1, cw2, cwSup, pd1, pdSup } = people;
    // K is active (a third worker assigned), flagged a trafficking victim, with a returned missing episode and a pending referral.
    const cw3 = await t.world.user(Role.STAFF, agencies.CW.id);
    await t.gql.ok(ASSIGN, { caseId: K.id, userId: cw3.id }, cwSup.token);
    await t.gql.ok(SET_FLAG, { caseId: K.id, flag: 'TRAFFICKING_VICTIM' }, cw1.token);
    const now = t.clock.now();
    const episodeId = (await t.gql.ok(EPISODE, { input: { caseId: K.id, missingSince: now, learnedAt: now } }, cw1.token)).recordMissingEpisode.id;
    await t.gql.ok(RETURN, { input: { episodeId, returnedAt: now } }, cw1.token);
    const referralId = (
      await t.gql.ok(CREATE_REFERRAL, { input: { caseId: K.id, toAgencyId: agencies.SH.id, serviceType: 'EMERGENCY_SHELTER', urgency: 'URGENT', scopes: [], reason: 'A bed tonight' } }, cw1.token)
    ).createReferral.id;
    for (const holder of [cw2, pdSup]) {
      expect(await t.gql.code(CASE, { id: K.id }, holder.token)).toBe('NOT_FOUND');
      await t.gql.ok(BREAK_GLASS, { caseId: K.id, j: 'Child at the hospital now, identity needed urgently' }, holder.token);
    }

    const snapshot = async () => ({
      case: await t.db.query(`SELECT version, status, flags, lead_agency_id FROM case_file WHERE id = $1`, [K.id]),
      assignments: await t.db.query(`SELECT user_id, role, active FROM assignment WHERE case_id = $1 ORDER BY user_id`, [K.id]),
      episode: await t.db.query(`SELECT returned_at, interviewed_at, version FROM missing_episode WHERE id = $1`, [episodeId]),
      reports: await t.world.count('missing_report', 'episode_id = $1', [episodeId]),
      victimReports: await t.world.count('victim_report', 'case_id = $1', [K.id]),
      referral: await t.db.query(`SELECT status FROM referral WHERE id = $1`, [referralId]),
      handoffs: await t.world.count('handoff', 'case_id = $1', [K.id]),
      screenings: await t.world.count('screening', 'case_id = $1', [K.id]),
      deadlines: await t.db.query(`SELECT id, status FROM deadline WHERE case_id = $1 ORDER BY id`, [K.id]),
    });
    const before = await snapshot();
    const deniedBefore = await t.world.count('audit_event', `case_id = $1 AND outcome = 'DENIED' AND reason = 'a break-glass grant is read only'`, [K.id]);

    const attempts: [string, string, Record<string, unknown>, typeof cw2][] = [
      ['closeCase', CLOSE, { id: K.id }, cw2],
      ['recordCaseReview', CASE_REVIEW, { caseId: K.id }, cw2],
      ['recordMissingReport', REPORT, { input: { episodeId, reportedTo: 'LAW_ENFORCEMENT', reportedAt: now, reportNumber: 'PD-1', receivingAgencyId: agencies.PD.id } }, cw2],
      ['recordReturn', RETURN, { input: { episodeId, returnedAt: now } }, cw2],
      ['recordReturnInterview', INTERVIEW, { input: { episodeId, interviewedAt: now, screeningDone: true } }, cw2],
      ['recordVictimReport', VICTIM_REPORT, { input: { caseId: K.id, reportedAt: now, reportNumber: 'V-1', receivingAgencyId: agencies.PD.id } }, cw2],
      ['withdrawReferral', WITHDRAW, { id: referralId }, cw2],
      [
        'submitScreening',
        SCREENING,
        { input: { caseId: K.id, instrumentId: 'practice-screen', version: '1', answers: [{ itemId: 'exchange', value: 'YES' }], mode: 'INFORMATION_INTEGRATION', respondent: 'PROFESSIONAL', administeredAt: now, assent: false } },
        cw2,
      ],
      ['requestHandoff', HANDOFF, { input: { caseId: K.id, toAgencyId: agencies.CO.id, reason: 'The counselor leads now' } }, cw2],
      ['assignUser', ASSIGN, { caseId: K.id, userId: pd1.id }, pdSup],
      ['unassignUser', UNASSIGN, { caseId: K.id, userId: cw1.id }, pdSup],
    ];
    const answers: string[] = [];
    for (const [name, query, variables, holder] of attempts) {
      const error = (await t.gql.query(query, variables, holder.token)).errors[0];
      answers.push(`${name}: ${error?.extensions?.code ?? 'OK'}${error?.message.includes('read only') ? ' (read only)' : ''}`);
    }
    expect(answers).toEqual(attempts.map(([name]) => `${name}: FORBIDDEN (read only)`));
    expect(await snapshot()).toEqual(before);
    const denied = await t.world.count('audit_event', `case_id = $1 AND outcome = 'DENIED' AND reason = 'a break-glass grant is read only'`, [K.id]);
    expect(denied - deniedBefore).toBe(attempts.length);
  });
});
