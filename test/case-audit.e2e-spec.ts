import { createTestApp, TestApp } from './support/test-app';
import { ADD_NOTE, BREAK_GLASS, CASE, CASE_IDS, NOTES, policyCast, RECORD_CONSENT, REVOKE_CONSENT } from './support/case-fixtures';

describe('every read and change of case data leaves one audit event, written before the answer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const events = async (actorId: string, action: string) =>
    t.db.query(`SELECT case_id AS "caseId", outcome, scopes, details, request_id AS "requestId" FROM audit_event WHERE actor_user_id = $1 AND action = $2`, [actorId, action]);

  it('records views, lists with their ids, updates, notes, consents, break glass, locate and refusals', async () => {
    const { K, agencies, people } = await policyCast(t);
    const viewed = await t.gql.query(CASE, { id: K.id }, people.cw1.token);
    const [view] = await events(people.cw1.id, 'CASE_VIEW');
    expect(view).toMatchObject({ caseId: K.id, outcome: 'ALLOWED', scopes: ['SUMMARY', 'IDENTITY', 'LOCATION', 'SERVICES', 'INVESTIGATION'] });
    expect(view.requestId).toBe(viewed.headers['x-request-id']);

    await t.gql.ok(CASE_IDS, { first: 5 }, people.cwSup.token);
    const [list] = await events(people.cwSup.id, 'CASE_LIST');
    expect(list.details.caseIds).toContain(K.id);

    await t.gql.ok(`mutation($id: ID!) { updateCase(id: $id, input: { riskLevel: LOW }, expectedVersion: 1) { version } }`, { id: K.id }, people.cw1.token);
    expect(await events(people.cw1.id, 'CASE_UPDATE')).toHaveLength(1);

    const note = await t.gql.ok(ADD_NOTE, { input: { caseId: K.id, category: 'GENERAL', body: 'visit planned' } }, people.cw1.token);
    expect(await events(people.cw1.id, 'NOTE_ADD')).toHaveLength(1);
    await t.gql.ok(NOTES, { id: K.id }, people.cw1.token);
    const [noteView] = await events(people.cw1.id, 'NOTE_VIEW');
    expect(noteView.details.noteIds).toEqual([note.addNote.id]);

    const consent = await t.gql.ok(RECORD_CONSENT, { input: { caseId: K.id, grantedBy: 'COURT', scopes: ['SERVICES'], agencyIds: [agencies.CO.id], purpose: 'counseling' } }, people.cw1.token);
    await t.gql.ok(REVOKE_CONSENT, { id: consent.recordConsent.id }, people.cw1.token);
    expect(await events(people.cw1.id, 'CONSENT_RECORD')).toHaveLength(1);
    expect(await events(people.cw1.id, 'CONSENT_REVOKE')).toHaveLength(1);

    await t.gql.ok(BREAK_GLASS, { caseId: K.id, j: 'Officer on scene with the child right now' }, people.pd1.token);
    expect(await events(people.pd1.id, 'BREAK_GLASS')).toHaveLength(1);

    await t.gql.ok(`query { locateCases(subject: { name: "Nobody Known", dateOfBirth: "2001-01-01" }) { leadAgencyName } }`, {}, people.sh1.token);
    expect(await events(people.sh1.id, 'LOCATE')).toHaveLength(1);

    // Refusals: a case not seen, a note category not allowed, an update without the scope.
    await t.gql.query(CASE, { id: K.id }, people.cw2.token);
    await t.gql.query(ADD_NOTE, { input: { caseId: K.id, category: 'CLINICAL', body: 'x' } }, people.cw1.token);
    const denied = await t.db.query(`SELECT actor_user_id AS "actor", details->>'attempted' AS attempted FROM audit_event WHERE case_id = $1 AND outcome = 'DENIED' ORDER BY occurred_at`, [K.id]);
    expect(denied).toEqual([
      { actor: people.cw2.id, attempted: 'CASE_VIEW' },
      { actor: people.cw1.id, attempted: 'NOTE_ADD' },
    ]);
  });

  it('records assignments, flags, status changes, referral and handoff transitions, and reads of timelines and inboxes', async () => {
    const { K, agencies, people } = await policyCast(t);
    await t.gql.ok(`mutation($id: ID!, $u: ID!) { assignUser(caseId: $id, userId: $u) { id } }`, { id: K.id, u: people.cw2.id }, people.cwSup.token);
    await t.gql.ok(`mutation($id: ID!, $u: ID!) { unassignUser(caseId: $id, userId: $u) { id } }`, { id: K.id, u: people.cw2.id }, people.cwSup.token);
    await t.gql.ok(`mutation($id: ID!) { setCaseFlag(caseId: $id, flag: MISSING) { id } }`, { id: K.id }, people.cw1.token);
    await t.gql.ok(`mutation($id: ID!) { closeCase(id: $id, reason: "done") { id } }`, { id: K.id }, people.cwSup.token);
    await t.gql.ok(`mutation($id: ID!) { reopenCase(id: $id) { id } }`, { id: K.id }, people.cwSup.token);
    const sent = await t.gql.ok(`mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }`, {
      i: { caseId: K.id, toAgencyId: agencies.PD.id, serviceType: 'INVESTIGATION', urgency: 'URGENT', scopes: [], reason: 'report' },
    }, people.cw1.token);
    await t.gql.ok(`mutation($id: ID!) { acceptReferral(id: $id) { id } }`, { id: sent.createReferral.id }, people.pd1.token);
    await t.gql.ok(`mutation($i: RequestHandoffInput!) { requestHandoff(input: $i) { id } }`, { i: { caseId: K.id, toAgencyId: agencies.SH.id, reason: 'move' } }, people.cwSup.token);
    await t.gql.ok(`query($id: ID!) { case(id: $id) { timeline(first: 5) { edges { node { kind } } } } }`, { id: K.id }, people.cw1.token);
    await t.gql.ok(`{ referrals(direction: OUTGOING) { edges { node { id } } } handoffs(direction: OUTGOING) { edges { node { id } } } }`, {}, people.cwSup.token);
    await t.gql.ok(`query($id: ID!) { referral(id: $id) { id } }`, { id: sent.createReferral.id }, people.cw1.token);
    const actions = (actor: string) =>
      t.db.query(`SELECT action FROM audit_event WHERE actor_user_id = $1 AND outcome = 'ALLOWED' ORDER BY occurred_at`, [actor]).then((rows: { action: string }[]) => rows.map((row) => row.action));
    expect(await actions(people.cwSup.id)).toEqual(
      expect.arrayContaining(['CASE_ASSIGN', 'CASE_UNASSIGN', 'CASE_CLOSE', 'CASE_REOPEN', 'HANDOFF_REQUEST', 'REFERRAL_LIST', 'HANDOFF_LIST']),
    );
    expect(await actions(people.cw1.id)).toEqual(expect.arrayContaining(['CASE_FLAG', 'REFERRAL_CREATE', 'TIMELINE_VIEW', 'REFERRAL_VIEW']));
    expect(await actions(people.pd1.id)).toContain('REFERRAL_ACCEPT');
  });

  it("one operation's reads (a case, its notes, its timeline; a list with its cases' timelines) go in one insert, in one chain, before the answer", async () => {
    const { K, people } = await policyCast(t);
    await t.gql.ok(ADD_NOTE, { input: { caseId: K.id, category: 'GENERAL', body: 'school visit done' } }, people.cw1.token);
    const DETAIL = `query($id: ID!) { case(id: $id) { id notes(first: 5) { edges { node { id } } } timeline(first: 5) { edges { node { kind } } } } }`;
    const LIST_WITH_TIMELINES = `query { cases(first: 5) { edges { node { id timeline(first: 2) { edges { node { kind } } } } } } }`;
    // Each call of the audit writer takes one of the agency's lanes at random: events written by
    // separate calls would land in one lane, one after the other, 1 time in 64 for three events.
    // Five operations of each shape all in one run of one lane would be chance no test could tell.
    for (const [query, variables, expected] of [
      [DETAIL, { id: K.id }, ['CASE_VIEW', 'NOTE_VIEW', 'TIMELINE_VIEW']],
      [LIST_WITH_TIMELINES, {}, ['CASE_LIST', 'TIMELINE_VIEW']],
    ] as const) {
      for (let round = 0; round < 5; round += 1) {
        const answered = await t.gql.query(query, variables, people.cw1.token);
        expect(answered.errors).toEqual([]);
        const rows: { action: string; chainKey: string; chainSeq: string }[] = await t.db.query(
          `SELECT action, chain_key AS "chainKey", chain_seq AS "chainSeq" FROM audit_event WHERE request_id = $1 ORDER BY chain_seq`,
          [answered.headers['x-request-id']],
        );
        // The operation's own event first; its fields' events in the order their reads finished.
        expect(rows[0]?.action).toBe(expected[0]);
        expect([...new Set(rows.map((row) => row.action))].sort()).toEqual([...expected].sort());
        expect(new Set(rows.map((row) => row.chainKey)).size).toBe(1);
        const seqs = rows.map((row) => Number(row.chainSeq));
        expect(seqs).toEqual(seqs.map((_, index) => seqs[0]! + index));
      }
    }
  });

  it('an audit event for a refused view exists even though the answer is an error', async () => {
    const { K, people } = await policyCast(t);
    const before = (await events(people.cwAdmin.id, 'ACCESS_DENIED')).length;
    expect(await t.gql.code(CASE, { id: K.id }, people.cwAdmin.token)).toBe('NOT_FOUND');
    expect(await events(people.cwAdmin.id, 'ACCESS_DENIED')).toHaveLength(before + 1);
  });
});
