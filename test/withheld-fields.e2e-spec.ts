import { createTestApp, TestApp } from './support/test-app';
import { policyCast } from './support/case-fixtures';

const CREATE = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`;
const DECLINE = `mutation($id: ID!, $note: String) { declineReferral(id: $id, reason: DUPLICATE, note: $note) { id status reason statusNote } }`;
const CASE_REFERRALS = `query($id: ID!) { case(id: $id) { id viewerScopes referrals { id status reason statusNote outcome } } }`;
const INCOMING = `query { referrals(direction: INCOMING, first: 10) { edges { node { id reason statusNote } } } }`;
const RECORD_EPISODE = `mutation($input: RecordMissingEpisodeInput!) { recordMissingEpisode(input: $input) { id lastSeenPlace } }`;
const RECORD_RETURN = `mutation($input: RecordReturnInput!) { recordReturn(input: $input) { id returnedAt lastSeenPlace lastSeenWith } }`;

/** Every field answered null because the viewer may not read it is named in extensions.redacted. */
describe('withheld fields are listed in extensions.redacted', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("a referral's reason and status note, withheld from a viewer without SERVICES, are listed on the case, the list and the mutation answer", async () => {
    const { K, agencies, people } = await policyCast(t);
    const reason = 'Suspect seen at the motel on Route 9';
    const first = await t.gql.ok(CREATE, { input: { caseId: K.id, toAgencyId: agencies.PD.id, serviceType: 'INVESTIGATION', urgency: 'URGENT', scopes: ['IDENTITY'], reason } }, people.cw1.token);
    await t.gql.ok(`mutation($id: ID!) { acceptReferral(id: $id) { id } }`, { id: first.createReferral.id }, people.pd1.token);
    const second = await t.gql.ok(CREATE, { input: { caseId: K.id, toAgencyId: agencies.PD.id, serviceType: 'FORENSIC_INTERVIEW', urgency: 'ROUTINE', scopes: [], reason: 'Interview the youth' } }, people.cw1.token);

    const declined = await t.gql.query(DECLINE, { id: second.createReferral.id, note: 'Already interviewed by detective Ruiz' }, people.pdSup.token);
    expect(declined.errors ?? []).toEqual([]);
    expect(declined.data!.declineReferral).toMatchObject({ status: 'DECLINED', reason: null, statusNote: null });
    expect(declined.extensions.redacted).toEqual(expect.arrayContaining(['declineReferral.reason', 'declineReferral.statusNote']));

    const seen = await t.gql.query(CASE_REFERRALS, { id: K.id }, people.pd1.token);
    expect(seen.errors ?? []).toEqual([]);
    expect(seen.data!.case.viewerScopes).not.toContain('SERVICES');
    const referrals = seen.data!.case.referrals as { id: string; reason: string | null; statusNote: string | null }[];
    expect(referrals).toHaveLength(2);
    expect(referrals.every((r) => r.reason === null)).toBe(true);
    const declinedAt = referrals.findIndex((r) => r.id === second.createReferral.id);
    expect(seen.extensions.redacted).toEqual(expect.arrayContaining(['case.referrals.0.reason', 'case.referrals.1.reason', `case.referrals.${declinedAt}.statusNote`]));
    // Nothing was withheld where there was nothing to show.
    expect(seen.extensions.redacted).not.toContain(`case.referrals.${1 - declinedAt}.statusNote`);
    expect((seen.extensions.redacted as string[]).filter((path) => path.endsWith('.outcome'))).toEqual([]);
    expect(JSON.stringify(seen)).not.toContain('Route 9');

    const inbox = await t.gql.query(INCOMING, {}, people.pd1.token);
    expect(inbox.errors ?? []).toEqual([]);
    expect(inbox.data!.referrals.edges.length).toBeGreaterThanOrEqual(2);
    expect(inbox.extensions.redacted).toEqual(expect.arrayContaining(['referrals.edges.0.node.reason', 'referrals.edges.1.node.reason']));

    // The sender holds SERVICES: nothing withheld, nothing listed.
    const sender = await t.gql.query(CASE_REFERRALS, { id: K.id }, people.cw1.token);
    expect(sender.data!.case.referrals.map((r: { reason: string }) => r.reason).sort()).toEqual(['Interview the youth', reason].sort());
    expect(sender.extensions.redacted ?? []).toEqual([]);
  });

  it('where the child was last seen, absent from the answer of recordReturn, is listed', async () => {
    const { K, people } = await policyCast(t);
    const now = t.clock.now();
    const episode = await t.gql.ok(RECORD_EPISODE, { input: { caseId: K.id, missingSince: now, learnedAt: now, lastSeenPlace: 'Bus station', lastSeenWith: 'an older man' } }, people.cw1.token);
    const returned = await t.gql.query(RECORD_RETURN, { input: { episodeId: episode.recordMissingEpisode.id, returnedAt: now } }, people.cw1.token);
    expect(returned.errors ?? []).toEqual([]);
    expect(returned.data!.recordReturn).toMatchObject({ lastSeenPlace: null, lastSeenWith: null });
    expect(returned.extensions.redacted).toEqual(expect.arrayContaining(['recordReturn.lastSeenPlace', 'recordReturn.lastSeenWith']));
  });
});
