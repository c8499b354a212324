import { CASE, policyCast, RECORD_CONSENT, REVOKE_CONSENT } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The consent basis of each scope (docs/access-policy.md, "Which scopes you hold" and "Consent"),
 * through the API: an emergency referral and a consented referral to the same shelter coexist, each
 * scope keeping the basis it was shared on, whichever comes first; a consent's end withdraws only
 * what rested on it; a report to the police loosens only the scopes it shares.
 */

const CREATE = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id status } }`;
const ACCEPT = `mutation($id: ID!) { acceptReferral(id: $id) { id status } }`;
const JUSTIFICATION = 'Child found alone at night; no guardian reachable';

describe('the consent basis of each scope', () => {
  let t: TestApp;
  let cast: Awaited<ReturnType<typeof policyCast>>;

  beforeAll(async () => {
    t = await createTestApp();
  });
  beforeEach(async () => {
    cast = await policyCast(t);
  });
  afterAll(() => t.close());

  const refer = async (scopes: string[], emergency: boolean) => {
    const { K, agencies, people } = cast;
    const input = {
      caseId: K.id,
      toAgencyId: agencies.SH.id,
      serviceType: 'EMERGENCY_SHELTER',
      urgency: emergency ? 'EMERGENCY' : 'URGENT',
      scopes,
      reason: 'needs a bed',
      ...(emergency ? { emergencyJustification: JUSTIFICATION } : {}),
    };
    const sent = await t.gql.ok(CREATE, { input }, people.cw1.token);
    await t.gql.ok(ACCEPT, { id: sent.createReferral.id }, people.sh1.token);
  };
  const consent = async (scopes: string[]) =>
    (await t.gql.ok(RECORD_CONSENT, { input: { caseId: cast.K.id, grantedBy: 'GUARDIAN', scopes, agencyIds: [cast.agencies.SH.id], purpose: 'shelter services' } }, cast.people.cw1.token))
      .recordConsent.id as string;
  const revoke = (id: string) => t.gql.ok(REVOKE_CONSENT, { id }, cast.people.cw1.token);
  const shelterScopes = async () => (await t.gql.ok(CASE, { id: cast.K.id }, cast.people.sh1.token)).case.viewerScopes as string[];
  const membership = async () =>
    (await t.db.query(`SELECT scopes, consent_scopes AS "consentScopes" FROM membership WHERE case_id = $1 AND agency_id = $2 AND active`, [cast.K.id, cast.agencies.SH.id]))[0] as {
      scopes: string[];
      consentScopes: string[];
    };

  it('an emergency share, then a consented one: LOCATION stays without consent, SERVICES rests on consent; revoking the consent takes SERVICES only', async () => {
    await refer(['LOCATION'], true);
    const consentId = await consent(['SERVICES']);
    await refer(['SERVICES'], false);
    expect(await membership()).toEqual({ scopes: expect.arrayContaining(['LOCATION', 'SERVICES']), consentScopes: ['SERVICES'] });
    expect(await shelterScopes()).toEqual(['SUMMARY', 'LOCATION', 'SERVICES']);
    await revoke(consentId);
    expect(await shelterScopes()).toEqual(['SUMMARY', 'LOCATION']);
    expect(await membership()).toEqual({ scopes: ['LOCATION'], consentScopes: [] });
    expect(await t.world.count('audit_event', `action = 'SCOPE_WITHDRAWN' AND case_id = $1`, [cast.K.id])).toBe(1);
  });

  it('a consented share, then an emergency one: SERVICES stays on consent, the emergency LOCATION needs none', async () => {
    const consentId = await consent(['SERVICES']);
    await refer(['SERVICES'], false);
    await refer(['LOCATION'], true);
    expect(await membership()).toEqual({ scopes: expect.arrayContaining(['LOCATION', 'SERVICES']), consentScopes: ['SERVICES'] });
    expect(await shelterScopes()).toEqual(['SUMMARY', 'LOCATION', 'SERVICES']);
    await revoke(consentId);
    expect(await shelterScopes()).toEqual(['SUMMARY', 'LOCATION']);
  });

  it('a consented share of a scope already held from an emergency share does not put it on consent', async () => {
    await refer(['LOCATION'], true);
    const consentId = await consent(['LOCATION', 'IDENTITY']);
    await refer(['LOCATION', 'IDENTITY'], false);
    expect(await membership()).toEqual({ scopes: expect.arrayContaining(['LOCATION', 'IDENTITY']), consentScopes: ['IDENTITY'] });
    await revoke(consentId);
    // IDENTITY rested on the consent and goes; LOCATION rested on the emergency and stays.
    expect(await shelterScopes()).toEqual(['SUMMARY', 'LOCATION']);
    expect(await membership()).toEqual({ scopes: ['LOCATION'], consentScopes: [] });
  });

  it('an emergency share of a scope held on consent makes that scope need no consent, and nothing else', async () => {
    const consentId = await consent(['LOCATION', 'SERVICES']);
    await refer(['LOCATION', 'SERVICES'], false);
    expect((await membership()).consentScopes.sort()).toEqual(['LOCATION', 'SERVICES']);
    await refer(['LOCATION'], true);
    expect(await membership()).toEqual({ scopes: expect.arrayContaining(['LOCATION', 'SERVICES']), consentScopes: ['SERVICES'] });
    await revoke(consentId);
    expect(await shelterScopes()).toEqual(['SUMMARY', 'LOCATION']);
  });

  it('without a consent covering it, a consented share is refused; the emergency share beside it is untouched', async () => {
    await refer(['LOCATION'], true);
    const refused = await t.gql.query(CREATE, {
      input: { caseId: cast.K.id, toAgencyId: cast.agencies.SH.id, serviceType: 'EMERGENCY_SHELTER', urgency: 'URGENT', scopes: ['SERVICES'], reason: 'services' },
    }, cast.people.cw1.token);
    expect(refused.errors[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'consent' });
    expect(await membership()).toEqual({ scopes: expect.arrayContaining(['LOCATION']), consentScopes: [] });
    expect(await shelterScopes()).toEqual(['SUMMARY', 'LOCATION']);
  });
});
