import { AgencyType, Role } from '@tandem/authz';
import { ADD_NOTE, assignDirectly, BREAK_GLASS, makePartner, NOTES, policyCast, signedIn } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/*
 * CLINICAL notes are read only by users of the agency that wrote them who see the case through their
 * agency's membership: a break-glass grant gives SUMMARY, IDENTITY, LOCATION only, and the inbox view of
 * a pending referral SUMMARY plus the scopes it shares, so neither opens them.
 */

const categories = (data: { case: { notes: { edges: { node: { category: string } }[] } } }) => data.case.notes.edges.map((e) => e.node.category);

describe("the CLINICAL notes of the viewer's own agency", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function clinicalCase() {
    const cast = await policyCast(t);
    const MED = await t.world.agency(AgencyType.MEDICAL, cast.agencies.CW.jurisdictionId);
    await makePartner(t, cast.K.id, MED.id, ['SUMMARY'], false);
    const med1 = await signedIn(t, Role.STAFF, MED.id);
    const med2 = await signedIn(t, Role.STAFF, MED.id);
    await assignDirectly(t, cast.K.id, med1);
    await t.gql.ok(ADD_NOTE, { input: { caseId: cast.K.id, category: 'CLINICAL', body: 'Disclosed abuse during exam' } }, med1.token);
    return { ...cast, MED, med1, med2 };
  }

  it('are read by the assigned author agency worker', async () => {
    const { K, med1 } = await clinicalCase();
    expect(categories(await t.gql.ok(NOTES, { id: K.id }, med1.token))).toEqual(['CLINICAL']);
  });

  it('are not opened by a break-glass grant', async () => {
    const { K, med2 } = await clinicalCase();
    expect(await t.gql.code(NOTES, { id: K.id }, med2.token)).toBe('NOT_FOUND');
    await t.gql.ok(BREAK_GLASS, { caseId: K.id, j: 'Child in the emergency room, allergies unknown' }, med2.token);
    expect(categories(await t.gql.ok(NOTES, { id: K.id }, med2.token))).toEqual([]);
  });

  it('are not opened by the inbox view of a pending referral', async () => {
    const { K, MED, med1, people } = await clinicalCase();
    // The medical agency's membership ended; a new referral to it waits for an answer.
    await t.db.query(`UPDATE membership SET active = false WHERE case_id = $1 AND agency_id = $2`, [K.id, MED.id]);
    await t.gql.ok(
      `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`,
      { input: { caseId: K.id, toAgencyId: MED.id, serviceType: 'MEDICAL_EXAM', urgency: 'ROUTINE', scopes: [], reason: 'follow-up exam' } },
      people.cw1.token,
    );
    expect(categories(await t.gql.ok(NOTES, { id: K.id }, med1.token))).toEqual([]);
  });
});
