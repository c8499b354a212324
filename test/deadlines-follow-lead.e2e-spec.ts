import { AgencyType, Role } from '@tandem/authz';
import { policyCast } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';

const RECORD_EPISODE = `mutation($input: RecordMissingEpisodeInput!) { recordMissingEpisode(input: $input) { id } }`;
const CREATE_REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`;
const REQUEST_HANDOFF = `mutation($input: RequestHandoffInput!) { requestHandoff(input: $input) { id } }`;
const ACCEPT_HANDOFF = `mutation($id: ID!) { acceptHandoff(id: $id) { id status } }`;

describe('a handoff moves the running clocks the lead answers for to the new lead', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it("moves the lead's PENDING report clocks to the receiving agency, and leaves a partner's referral clock and an ended clock where they were", async () => {
    const cast = await policyCast(t);
    const { cw1, cwSup } = cast.people;
    const caseId = cast.K.id;
    const newLead = await t.world.agency(AgencyType.CHILD_WELFARE, cast.agencies.CW.jurisdictionId);
    const newLeadSup = await t.world.user(Role.SUPERVISOR, newLead.id);

    const learnedAt = t.clock.now();
    await t.gql.ok(RECORD_EPISODE, { input: { caseId, missingSince: new Date(learnedAt.getTime() - 3600_000), learnedAt, lastSeenPlace: 'Park' } }, cw1.token);
    await t.gql.ok(
      CREATE_REFERRAL,
      { input: { caseId, toAgencyId: cast.agencies.PD.id, serviceType: 'INVESTIGATION', urgency: 'URGENT', scopes: [], reason: 'Please investigate' } },
      cw1.token,
    );
    // An ended clock of the old lead stays with it: it records who answered for it then.
    await t.db.query(`UPDATE deadline SET status = 'MET', met_at = now(), next_at = NULL WHERE case_id = $1 AND kind = 'MISSING_REPORT_NCMEC'`, [caseId]);
    const handoff = (await t.gql.ok(REQUEST_HANDOFF, { input: { caseId, toAgencyId: newLead.id, reason: 'Family moved' } }, cwSup.token)).requestHandoff;
    expect((await t.gql.ok(ACCEPT_HANDOFF, { id: handoff.id }, await t.signIn(newLeadSup))).acceptHandoff.status).toBe('ACCEPTED');

    const rows: { kind: string; status: string; agency_id: string }[] = await t.db.query(
      `SELECT kind, status, agency_id FROM deadline WHERE case_id = $1 AND kind <> 'HANDOFF_RESPONSE' ORDER BY kind`,
      [caseId],
    );
    expect(rows).toEqual([
      { kind: 'MISSING_REPORT_LE', status: 'PENDING', agency_id: newLead.id },
      { kind: 'MISSING_REPORT_NCMEC', status: 'MET', agency_id: cast.agencies.CW.id },
      { kind: 'REFERRAL_RESPONSE', status: 'PENDING', agency_id: cast.agencies.PD.id },
    ]);
  });
});
