import { createTestApp, TestApp } from './support/test-app';
import { CASE, policyCast } from './support/case-fixtures';

type Cast = Awaited<ReturnType<typeof policyCast>>;

interface BadCall {
  name: string;
  query: string;
  variables: (cast: Cast) => Record<string, unknown>;
  token: (cast: Cast) => string;
  path?: string;
}

const A = '00000000-0000-4000-8000-000000000001';
const child = { legalName: 'Bad Input Child', dateOfBirth: '2010-01-01' };

/** Every case, referral and handoff mutation with input it must refuse before changing anything. */
const CALLS: BadCall[] = [
  { name: 'createCase: impossible birth date', query: `mutation($i: CreateCaseInput!) { createCase(input: $i) { id } }`, variables: () => ({ i: { child: { ...child, dateOfBirth: '2011-13-01' } } }), token: (c) => c.people.cw1.token, path: 'input.child.dateOfBirth' },
  { name: 'createCase: empty legal name', query: `mutation($i: CreateCaseInput!) { createCase(input: $i) { id } }`, variables: () => ({ i: { child: { ...child, legalName: '   ' } } }), token: (c) => c.people.cw1.token, path: 'input.child.legalName' },
  { name: 'createCase: 21 aliases', query: `mutation($i: CreateCaseInput!) { createCase(input: $i) { id } }`, variables: () => ({ i: { child: { ...child, aliases: Array.from({ length: 21 }, (_, n) => `a${n}`) } } }), token: (c) => c.people.cw1.token, path: 'input.child.aliases' },
  { name: 'createCase: bad placement phone', query: `mutation($i: CreateCaseInput!) { createCase(input: $i) { id } }`, variables: () => ({ i: { child: { ...child, placement: { phone: 'call me' } } } }), token: (c) => c.people.cw1.token, path: 'input.child.placement.phone' },
  { name: 'createCase: unknown risk level', query: `mutation($i: CreateCaseInput!) { createCase(input: $i) { id } }`, variables: () => ({ i: { child, riskLevel: 'EXTREME' } }), token: (c) => c.people.cw1.token },
  { name: 'updateCase: malformed id', query: `mutation($id: ID!) { updateCase(id: $id, input: { riskLevel: LOW }, expectedVersion: 1) { id } }`, variables: () => ({ id: 'abc' }), token: (c) => c.people.cw1.token, path: 'id' },
  { name: 'updateCase: nothing to change', query: `mutation($id: ID!) { updateCase(id: $id, input: {}, expectedVersion: 1) { id } }`, variables: (c) => ({ id: c.K.id }), token: (c) => c.people.cw1.token, path: 'input' },
  { name: 'updateCase: bad birth date', query: `mutation($id: ID!) { updateCase(id: $id, input: { dateOfBirth: "yesterday" }, expectedVersion: 1) { id } }`, variables: (c) => ({ id: c.K.id }), token: (c) => c.people.cw1.token, path: 'input.dateOfBirth' },
  { name: 'closeCase: malformed id', query: `mutation { closeCase(id: "x", reason: "done") { id } }`, variables: () => ({}), token: (c) => c.people.cwSup.token, path: 'id' },
  { name: 'setCaseFlag: unknown flag', query: `mutation($id: ID!) { setCaseFlag(caseId: $id, flag: LOST) { id } }`, variables: (c) => ({ id: c.K.id }), token: (c) => c.people.cw1.token },
  { name: 'assignUser: malformed user id', query: `mutation($id: ID!) { assignUser(caseId: $id, userId: "nobody") { id } }`, variables: (c) => ({ id: c.K.id }), token: (c) => c.people.cwSup.token, path: 'userId' },
  { name: 'unassignUser: not assigned', query: `mutation($id: ID!, $u: ID!) { unassignUser(caseId: $id, userId: $u) { id } }`, variables: (c) => ({ id: c.K.id, u: c.people.cw2.id }), token: (c) => c.people.cwSup.token, path: 'userId' },
  { name: 'addNote: empty body', query: `mutation($id: ID!) { addNote(input: { caseId: $id, category: GENERAL, body: " " }) { id } }`, variables: (c) => ({ id: c.K.id }), token: (c) => c.people.cw1.token, path: 'input.body' },
  { name: 'addNote: correcting a note that does not exist', query: `mutation($id: ID!) { addNote(input: { caseId: $id, category: GENERAL, body: "fix", correctsNoteId: "${A}" }) { id } }`, variables: (c) => ({ id: c.K.id }), token: (c) => c.people.cw1.token, path: 'input.correctsNoteId' },
  { name: 'recordConsent: CLINICAL scope', query: `mutation($id: ID!) { recordConsent(input: { caseId: $id, grantedBy: YOUTH, scopes: [CLINICAL], agencyTypes: [SHELTER], purpose: "x y z" }) { id } }`, variables: (c) => ({ id: c.K.id }), token: (c) => c.people.cw1.token, path: 'input.scopes' },
  { name: 'recordConsent: nobody named', query: `mutation($id: ID!) { recordConsent(input: { caseId: $id, grantedBy: YOUTH, scopes: [LOCATION], purpose: "shelter" }) { id } }`, variables: (c) => ({ id: c.K.id }), token: (c) => c.people.cw1.token, path: 'input.agencyIds' },
  { name: 'recordConsent: expires before it starts', query: `mutation($id: ID!) { recordConsent(input: { caseId: $id, grantedBy: YOUTH, scopes: [LOCATION], agencyTypes: [SHELTER], purpose: "shelter", effectiveAt: "2030-01-02T00:00:00Z", expiresAt: "2030-01-01T00:00:00Z" }) { id } }`, variables: (c) => ({ id: c.K.id }), token: (c) => c.people.cw1.token, path: 'input.expiresAt' },
  { name: 'revokeConsent: malformed id', query: `mutation { revokeConsent(id: "1") { id } }`, variables: () => ({}), token: (c) => c.people.cw1.token, path: 'id' },
  { name: 'breakGlass: short justification', query: `mutation($id: ID!) { breakGlass(caseId: $id, justification: "urgent") { id } }`, variables: (c) => ({ id: c.K.id }), token: (c) => c.people.pd1.token, path: 'justification' },
  { name: 'createReferral: SUMMARY is not shared by referral', query: `mutation($id: ID!, $to: ID!) { createReferral(input: { caseId: $id, toAgencyId: $to, serviceType: HOUSING, urgency: ROUTINE, scopes: [SUMMARY], reason: "r" }) { id } }`, variables: (c) => ({ id: c.K.id, to: c.agencies.SH.id }), token: (c) => c.people.cw1.token, path: 'input.scopes' },
  { name: 'createReferral: to an unknown agency', query: `mutation($id: ID!) { createReferral(input: { caseId: $id, toAgencyId: "${A}", serviceType: HOUSING, urgency: ROUTINE, scopes: [], reason: "r" }) { id } }`, variables: (c) => ({ id: c.K.id }), token: (c) => c.people.cw1.token, path: 'input.toAgencyId' },
  { name: 'createReferral: to its own agency', query: `mutation($id: ID!, $to: ID!) { createReferral(input: { caseId: $id, toAgencyId: $to, serviceType: HOUSING, urgency: ROUTINE, scopes: [], reason: "r" }) { id } }`, variables: (c) => ({ id: c.K.id, to: c.agencies.CW.id }), token: (c) => c.people.cw1.token, path: 'input.toAgencyId' },
  { name: 'createReferral: response due in the past', query: `mutation($id: ID!, $to: ID!) { createReferral(input: { caseId: $id, toAgencyId: $to, serviceType: HOUSING, urgency: ROUTINE, scopes: [], reason: "r", responseDueAt: "2001-01-01T00:00:00Z" }) { id } }`, variables: (c) => ({ id: c.K.id, to: c.agencies.SH.id }), token: (c) => c.people.cw1.token, path: 'input.responseDueAt' },
  { name: 'createReferral: justification on a routine referral', query: `mutation($id: ID!, $to: ID!) { createReferral(input: { caseId: $id, toAgencyId: $to, serviceType: HOUSING, urgency: ROUTINE, scopes: [], reason: "r", emergencyJustification: "a long enough justification here" }) { id } }`, variables: (c) => ({ id: c.K.id, to: c.agencies.SH.id }), token: (c) => c.people.cw1.token, path: 'input.emergencyJustification' },
  { name: 'createReferral: short emergency justification', query: `mutation($id: ID!, $to: ID!) { createReferral(input: { caseId: $id, toAgencyId: $to, serviceType: EMERGENCY_SHELTER, urgency: EMERGENCY, scopes: [LOCATION], reason: "r", emergencyJustification: "now" }) { id } }`, variables: (c) => ({ id: c.K.id, to: c.agencies.SH.id }), token: (c) => c.people.cw1.token, path: 'input.emergencyJustification' },
  { name: 'acceptReferral: malformed id', query: `mutation { acceptReferral(id: "r-1") { id } }`, variables: () => ({}), token: (c) => c.people.sh1.token, path: 'id' },
  { name: 'declineReferral: unknown reason', query: `mutation { declineReferral(id: "${A}", reason: BUSY) { id } }`, variables: () => ({}), token: (c) => c.people.sh1.token },
  { name: 'declineReferral: empty note', query: `mutation { declineReferral(id: "${A}", reason: OTHER, note: " ") { id } }`, variables: () => ({}), token: (c) => c.people.sh1.token, path: 'note' },
  { name: 'withdrawReferral: empty reason', query: `mutation { withdrawReferral(id: "${A}", reason: "") { id } }`, variables: () => ({}), token: (c) => c.people.cw1.token, path: 'reason' },
  { name: 'startReferral: malformed id', query: `mutation { startReferral(id: "") { id } }`, variables: () => ({}), token: (c) => c.people.sh1.token, path: 'id' },
  { name: 'completeReferral: outcome too long', query: `mutation($o: String!) { completeReferral(id: "${A}", outcome: $o) { id } }`, variables: () => ({ o: 'x'.repeat(2001) }), token: (c) => c.people.sh1.token, path: 'outcome' },
  { name: 'failReferral: empty reason', query: `mutation { failReferral(id: "${A}", reason: "  ") { id } }`, variables: () => ({}), token: (c) => c.people.sh1.token, path: 'reason' },
  { name: 'requestHandoff: to the lead itself', query: `mutation($id: ID!, $to: ID!) { requestHandoff(input: { caseId: $id, toAgencyId: $to, reason: "move" }) { id } }`, variables: (c) => ({ id: c.K.id, to: c.agencies.CW.id }), token: (c) => c.people.cw1.token, path: 'input.toAgencyId' },
  { name: 'requestHandoff: empty reason', query: `mutation($id: ID!, $to: ID!) { requestHandoff(input: { caseId: $id, toAgencyId: $to, reason: "" }) { id } }`, variables: (c) => ({ id: c.K.id, to: c.agencies.SH.id }), token: (c) => c.people.cw1.token, path: 'input.reason' },
  { name: 'acceptHandoff: malformed id', query: `mutation { acceptHandoff(id: "h") { id } }`, variables: () => ({}), token: (c) => c.people.shSup.token, path: 'id' },
  { name: 'declineHandoff: empty reason', query: `mutation { declineHandoff(id: "${A}", reason: "") { id } }`, variables: () => ({}), token: (c) => c.people.shSup.token, path: 'reason' },
  { name: 'cancelHandoff: malformed id', query: `mutation { cancelHandoff(id: "12") { id } }`, variables: () => ({}), token: (c) => c.people.cw1.token, path: 'id' },
];

const TABLES = ['case_file', 'child', 'membership', 'assignment', 'note', 'consent', 'access_grant', 'referral', 'handoff', 'case_event', 'outbox'];

describe('bad input on case, referral and handoff mutations', () => {
  let t: TestApp;
  let cast: Cast;
  beforeAll(async () => {
    t = await createTestApp();
    cast = await policyCast(t);
  });
  afterAll(() => t.close());

  async function snapshot() {
    const rows: Record<string, unknown> = {};
    for (const table of TABLES) {
      rows[table] = await t.world.count(table, table === 'case_file' ? 'id = $1' : table === 'outbox' ? `payload->>'caseId' = $1` : 'case_id = $1', [cast.K.id]);
    }
    rows.cases = await t.world.count('case_file', 'created_by = $1', [cast.people.cw1.id]);
    const [state] = await t.db.query(`SELECT version, status, flags, risk_level FROM case_file WHERE id = $1`, [cast.K.id]);
    rows.state = state;
    return rows;
  }

  it.each(CALLS.map((call) => [call.name, call] as const))('%s: BAD_USER_INPUT, nothing changed', async (_name, call) => {
    const before = await snapshot();
    const response = await t.gql.query(call.query, call.variables(cast), call.token(cast));
    expect(response.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.data).toBeNull();
    if (call.path) expect((response.errors[0]?.extensions?.fields as { path: string }[] | undefined)?.[0]?.path).toBe(call.path);
    expect(await snapshot()).toEqual(before);
  });

  it('covers every case, referral and handoff mutation', () => {
    const covered = new Set(CALLS.map((call) => call.name.split(':')[0]));
    for (const mutation of ['createCase', 'updateCase', 'closeCase', 'setCaseFlag', 'assignUser', 'unassignUser', 'addNote', 'recordConsent', 'revokeConsent', 'breakGlass',
      'createReferral', 'acceptReferral', 'declineReferral', 'withdrawReferral', 'startReferral', 'completeReferral', 'failReferral',
      'requestHandoff', 'acceptHandoff', 'declineHandoff', 'cancelHandoff']) {
      expect(covered).toContain(mutation);
    }
  });

  it('lifecycle moves that are not drawn are CONFLICT and change nothing: closing an OPEN case, reopening an open one', async () => {
    const before = await snapshot();
    expect(await t.gql.code(`mutation($id: ID!) { closeCase(id: $id, reason: "done") { id } }`, { id: cast.K.id }, cast.people.cwSup.token)).toBe('CONFLICT');
    expect(await t.gql.code(`mutation($id: ID!) { reopenCase(id: $id) { id } }`, { id: cast.K.id }, cast.people.cwSup.token)).toBe('CONFLICT');
    expect(await snapshot()).toEqual(before);
    expect((await t.gql.ok(CASE, { id: cast.K.id }, cast.people.cw1.token)).case.id).toBe(cast.K.id);
  });
});
