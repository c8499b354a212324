import { AgencyType, Role } from '@tandem/authz';
import { Client } from 'pg';
import { createTestApp, TestApp } from './support/test-app';
import { Actor, ADD_NOTE, BREAK_GLASS, CREATE_CASE, policyCast, RECORD_CONSENT, REVOKE_CONSENT, signedIn } from './support/case-fixtures';

type Cast = Awaited<ReturnType<typeof policyCast>>;

const TIMELINE = `query($id: ID!, $first: Int) { case(id: $id) { timeline(first: $first) { edges { node {
  id kind scope summary actor { displayName } actorAgency { name } fromAgency { id name } toAgency { id name } changes { field from to agency { name } } } } } } }`;
const CREATE_REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateCaseInput!, $v: Int!) { updateCase(id: $id, input: $input, expectedVersion: $v) { version } }`;

interface Change {
  field: string;
  from: string | null;
  to: string | null;
  agency: { name: string } | null;
}
interface Entry {
  id: string;
  kind: string;
  scope: string;
  summary: string;
  actor: { displayName: string } | null;
  actorAgency: { name: string } | null;
  fromAgency: { id: string; name: string } | null;
  toAgency: { id: string; name: string } | null;
  changes: Change[];
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const SECOND = 1000;

describe('Case.timeline entries read as sentences, with agency names and what changed, within the viewer scopes', () => {
  let t: TestApp;
  let cast: Cast;
  let med1: Actor;
  let cw2Agency: { id: string; name: string };
  /** Supervisor of the agency a handoff is pending to: its inbox view holds SUMMARY only. */
  let cw2Sup: Actor;
  const secrets = ['Jordan', 'Avery', 'Hidden Lane', '555 0101', 'Renamed Child', '9 Secret Street', 'Weekly check-ins with the youth', 'needs a safe bed tonight', 'family moved away'];

  async function timeline(who: Actor, caseId = cast.K.id, first = 100): Promise<Entry[]> {
    const data = await t.gql.ok(TIMELINE, { id: caseId, first }, who.token);
    return data.case.timeline.edges.map((edge: { node: Entry }) => edge.node);
  }
  const version = async (id: string): Promise<number> => (await t.db.query(`SELECT version FROM case_file WHERE id = $1`, [id]))[0].version;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date());
    cast = await policyCast(t);
    const { K, agencies, people } = cast;
    const step = () => t.clock.advance(SECOND);
    const medical = await t.world.agency(AgencyType.MEDICAL, agencies.CW.jurisdictionId);
    med1 = await signedIn(t, Role.STAFF, medical.id);
    cw2Agency = await t.world.agency(AgencyType.CHILD_WELFARE, agencies.CW.jurisdictionId);
    cw2Sup = await signedIn(t, Role.SUPERVISOR, cw2Agency.id);

    step();
    await t.gql.ok(UPDATE, { id: K.id, input: { riskLevel: 'LOW' }, v: await version(K.id) }, people.cw1.token);
    step();
    await t.gql.ok(UPDATE, { id: K.id, input: { legalName: 'Renamed Child', placement: { address: '9 Secret Street' } }, v: await version(K.id) }, people.cw1.token);
    step();
    await t.gql.ok(`mutation($c: ID!, $u: ID!) { assignUser(caseId: $c, userId: $u) { id } }`, { c: K.id, u: people.cw2.id }, people.cwSup.token);
    step();
    await t.gql.ok(ADD_NOTE, { input: { caseId: K.id, category: 'GENERAL', body: 'Weekly check-ins with the youth' } }, people.cw1.token);
    step();
    // Two consents for the shelter: revoking the first withdraws SERVICES only, LOCATION still rests on the second.
    const consent = await t.gql.ok(RECORD_CONSENT, { input: { caseId: K.id, grantedBy: 'GUARDIAN', scopes: ['LOCATION', 'SERVICES'], agencyIds: [agencies.SH.id], purpose: 'shelter services' } }, people.cw1.token);
    await t.gql.ok(RECORD_CONSENT, { input: { caseId: K.id, grantedBy: 'GUARDIAN', scopes: ['LOCATION'], agencyIds: [agencies.SH.id], purpose: 'shelter placement' } }, people.cw1.token);
    step();
    const referral = await t.gql.ok(CREATE_REFERRAL, { input: { caseId: K.id, toAgencyId: agencies.SH.id, serviceType: 'EMERGENCY_SHELTER', urgency: 'URGENT', scopes: ['LOCATION', 'SERVICES'], reason: 'needs a safe bed tonight' } }, people.cw1.token);
    step();
    await t.gql.ok(`mutation($id: ID!) { acceptReferral(id: $id) { id } }`, { id: referral.createReferral.id }, people.sh1.token);
    step();
    await t.gql.ok(REVOKE_CONSENT, { id: consent.recordConsent.id }, people.cw1.token);
    step();
    await t.gql.ok(`mutation($c: ID!) { setCaseFlag(caseId: $c, flag: TRAFFICKING_VICTIM) { id } }`, { c: K.id }, people.cw1.token);
    step();
    await t.gql.ok(BREAK_GLASS, { caseId: K.id, j: 'Child brought to the emergency room tonight, identity unclear' }, med1.token);
    step();
    await t.gql.ok(`mutation($input: RequestHandoffInput!) { requestHandoff(input: $input) { id } }`, { input: { caseId: K.id, toAgencyId: cw2Agency.id, reason: 'family moved away' } }, people.cw1.token);
  }, 60_000);
  afterAll(() => t.close());

  it('every entry has a summary sentence without ids, JSON or personal data', async () => {
    for (const who of [cast.people.cw1, cast.people.sh1, med1, cw2Sup]) {
      const entries = await timeline(who);
      expect(entries.length).toBeGreaterThan(5);
      for (const entry of entries) {
        expect({ kind: entry.kind, summary: entry.summary }).toEqual({ kind: entry.kind, summary: expect.stringMatching(/^[A-Z].{3,}/) });
        const text = JSON.stringify([entry.summary, entry.changes]);
        expect({ kind: entry.kind, text }).toEqual({ kind: entry.kind, text: expect.not.stringMatching(UUID) });
        expect(entry.summary).not.toMatch(/[{}]/);
        for (const secret of secrets) expect({ kind: entry.kind, text }).toEqual({ kind: entry.kind, text: expect.not.stringContaining(secret) });
      }
    }
  });

  it('a referral names both agencies, in its fields and in its summary', async () => {
    const { agencies } = cast;
    const entries = await timeline(cast.people.cw1);
    const requested = entries.find((e) => e.kind === 'REFERRAL_REQUESTED')!;
    const accepted = entries.find((e) => e.kind === 'REFERRAL_ACCEPTED')!;
    expect(requested.toAgency).toEqual({ id: agencies.SH.id, name: agencies.SH.name });
    expect(requested.fromAgency).toEqual({ id: agencies.CW.id, name: agencies.CW.name });
    expect(requested.summary).toContain(agencies.SH.name);
    expect(requested.summary).toMatch(/EMERGENCY_SHELTER|emergency shelter/i);
    expect(accepted.toAgency?.name).toBe(agencies.SH.name);
    expect(accepted.fromAgency?.name).toBe(agencies.CW.name);
    expect(accepted.summary).toMatch(/accepted/i);
    expect(accepted.summary).toContain(agencies.SH.name);
    expect(accepted.changes).toContainEqual({ field: 'status', from: 'REQUESTED', to: 'ACCEPTED', agency: null });
    const handoff = entries.find((e) => e.kind === 'HANDOFF_REQUESTED')!;
    expect(handoff.toAgency?.name).toBe(cw2Agency.name);
    expect(handoff.fromAgency?.name).toBe(agencies.CW.name);
    expect(handoff.summary).toContain(cw2Agency.name);
  });

  it('an update lists what changed: values of coded SUMMARY fields, only the names of identity and location fields, and only to viewers holding their scope', async () => {
    const lead = (await timeline(cast.people.cw1)).filter((e) => e.kind === 'CASE_UPDATED');
    expect(lead.map((e) => e.changes)).toEqual([
      [{ field: 'riskLevel', from: 'HIGH', to: 'LOW', agency: null }],
      [
        { field: 'legalName', from: null, to: null, agency: null },
        { field: 'placement', from: null, to: null, agency: null },
      ],
    ]);
    expect(lead[0]!.summary).toMatch(/HIGH.*LOW/);
    // The inbox view of a pending handoff holds SUMMARY only: that identity and location changed, not which fields.
    const inbox = (await timeline(cw2Sup)).filter((e) => e.kind === 'CASE_UPDATED');
    expect(inbox.map((e) => e.changes)).toEqual([[{ field: 'riskLevel', from: 'HIGH', to: 'LOW', agency: null }], []]);
    expect(inbox[1]!.summary).toMatch(/identity and location details/i);
    expect(inbox[1]!.summary).not.toMatch(/legal ?name|placement/i);
    // Nor does the deprecated JSON detail name them.
    const details = await t.gql.ok(`query($id: ID!) { case(id: $id) { timeline(first: 100) { edges { node { kind detail } } } } }`, { id: cast.K.id }, cw2Sup.token);
    const updates = details.case.timeline.edges.map((edge: { node: { kind: string; detail: string } }) => edge.node).filter((e: { kind: string }) => e.kind === 'CASE_UPDATED');
    expect(updates.map((e: { detail: string }) => JSON.parse(e.detail).fields)).toEqual([['riskLevel'], []]);
    // The shelter holds LOCATION (accepted referral) but not IDENTITY.
    const shelter = (await timeline(cast.people.sh1)).filter((e) => e.kind === 'CASE_UPDATED');
    expect(shelter[1]!.changes).toEqual([{ field: 'placement', from: null, to: null, agency: null }]);
  });

  it('a revoked consent names the agencies whose scopes were withdrawn; a flag and an assignment read plainly', async () => {
    const entries = await timeline(cast.people.cw1);
    const revoked = entries.find((e) => e.kind === 'CONSENT_REVOKED')!;
    expect(revoked.changes).toEqual([{ field: 'scopesWithdrawn', from: null, to: 'SERVICES', agency: { name: cast.agencies.SH.name } }]);
    expect(revoked.summary).toContain(cast.agencies.SH.name);
    const flag = entries.find((e) => e.kind === 'FLAG_SET')!;
    expect(flag.summary).toMatch(/TRAFFICKING_VICTIM/);
    expect(flag.changes).toEqual([{ field: 'flags', from: null, to: 'TRAFFICKING_VICTIM', agency: null }]);
    const assigned = entries.find((e) => e.kind === 'USER_ASSIGNED')!;
    expect(assigned.summary).toMatch(/assigned/i);
    const note = entries.find((e) => e.kind === 'NOTE_ADDED')!;
    expect(note.summary).toMatch(/GENERAL note/i);
  });

  it('scope filtering holds: a viewer without SERVICES gets no entry of a GENERAL note, a stranger gets NOT_FOUND', async () => {
    expect((await timeline(med1)).some((e) => e.kind === 'NOTE_ADDED')).toBe(false);
    expect((await timeline(cw2Sup)).some((e) => e.kind === 'NOTE_ADDED')).toBe(false);
    expect(await t.gql.code(TIMELINE, { id: cast.K.id, first: 5 }, cast.people.sh2.token)).toBe('NOT_FOUND');
  });

  it('a page of 40 entries with every readable field runs the same number of SQL statements as a page of 10 (no N+1)', async () => {
    const { agencies, people } = cast;
    const created = await t.gql.ok(CREATE_CASE, { input: { child: { legalName: 'Many Referrals Child', dateOfBirth: '2013-01-01' } } }, people.cw1.token);
    const caseId: string = created.createCase.id;
    await t.gql.ok(`mutation($c: ID!, $u: ID!) { assignUser(caseId: $c, userId: $u) { id } }`, { c: caseId, u: people.cw2.id }, people.cwSup.token);
    for (let i = 0; i < 40; i += 1) {
      t.clock.advance(SECOND);
      const to = await t.world.agency(i % 2 ? AgencyType.SHELTER : AgencyType.COUNSELING, agencies.CW.jurisdictionId);
      await t.gql.ok(CREATE_REFERRAL, { input: { caseId, toAgencyId: to.id, serviceType: 'HOUSING', urgency: 'ROUTINE', scopes: [], reason: `referral ${i}` } }, people.cw1.token);
    }
    const spy = jest.spyOn(Client.prototype, 'query');
    const count = async (first: number) => {
      spy.mockClear();
      const entries = await timeline(people.cw1, caseId, first);
      expect(entries).toHaveLength(first);
      expect(entries.filter((e) => e.kind === 'REFERRAL_REQUESTED').every((e) => e.toAgency?.name && e.summary.includes(e.toAgency.name))).toBe(true);
      return spy.mock.calls.length;
    };
    try {
      const ten = await count(10);
      const forty = await count(40);
      console.log(`SQL statements: timeline(first: 10) readable = ${ten}, timeline(first: 40) readable = ${forty}`);
      expect(forty).toBe(ten);
    } finally {
      spy.mockRestore();
    }
  });
});
