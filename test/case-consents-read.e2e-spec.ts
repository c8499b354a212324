import { BREAK_GLASS, makePartner, policyCast, RECORD_CONSENT } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/*
 * A case's consents are read by the lead agency's users who see the case, not through a break-glass
 * grant (SUMMARY, IDENTITY, LOCATION, read only); everyone else gets an empty list, redacted.
 */

const CONSENTS = `query($id: ID!) { case(id: $id) { id consents { id purpose scopes } } }`;

describe("a case's consents", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function consentedCase() {
    const cast = await policyCast(t);
    const { K, agencies, people } = cast;
    await t.gql.ok(RECORD_CONSENT, { input: { caseId: K.id, grantedBy: 'GUARDIAN', purpose: 'Placement at the Elm Street shelter', scopes: ['LOCATION'], agencyIds: [agencies.SH.id] } }, people.cw1.token);
    return cast;
  }

  it('are read by the lead agency user assigned to the case and its supervisor', async () => {
    const { K, people } = await consentedCase();
    for (const reader of [people.cw1, people.cwSup]) {
      const data = await t.gql.ok(CONSENTS, { id: K.id }, reader.token);
      expect(data.case.consents.map((c: { purpose: string }) => c.purpose)).toEqual(['Placement at the Elm Street shelter']);
    }
  });

  it('are not read by a lead-agency worker who sees the case only through break glass', async () => {
    const { K, people } = await consentedCase();
    await t.gql.ok(BREAK_GLASS, { caseId: K.id, j: 'Child at the hospital now, identity needed urgently' }, people.cw2.token);
    const response = await t.gql.query(CONSENTS, { id: K.id }, people.cw2.token);
    expect(response.data?.case.consents).toEqual([]);
    expect(response.extensions?.redacted).toEqual(['case.consents']);
  });

  it("are not read by a partner's supervisor", async () => {
    const { K, agencies, people } = await consentedCase();
    await makePartner(t, K.id, agencies.SH.id, ['SUMMARY'], false);
    const response = await t.gql.query(CONSENTS, { id: K.id }, people.shSup.token);
    expect(response.data?.case.consents).toEqual([]);
    expect(response.extensions?.redacted).toEqual(['case.consents']);
  });
});
