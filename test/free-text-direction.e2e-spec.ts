import { ADD_NOTE, BREAK_GLASS, NOTES, policyCast, RECORD_CONSENT } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/*
 * Free text (note bodies, reasons, purposes, justifications) keeps its line breaks, but not the
 * characters that make it read differently from what is stored: text-direction embeddings,
 * overrides and isolates ("Trojan source"), nor C1 controls.
 */

const CREATE_REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`;
const CLOSE = `mutation($id: ID!, $reason: String!) { closeCase(id: $id, reason: $reason) { id status } }`;

describe('free text refuses direction overrides and C1 controls, and keeps its line breaks', () => {
  let t: TestApp;
  let cast: Awaited<ReturnType<typeof policyCast>>;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await policyCast(t);
  }, 60_000);
  afterAll(() => t.close());

  // Rows of case K only: other suites of the run may share the database.
  const counts = async () => ({
    notes: await t.world.count('note', 'case_id = $1', [cast.K.id]),
    consents: await t.world.count('consent', 'case_id = $1', [cast.K.id]),
    referrals: await t.world.count('referral', 'case_id = $1', [cast.K.id]),
    grants: await t.world.count('access_grant', 'case_id = $1', [cast.K.id]),
    closed: await t.world.count('case_file', `id = $1 AND status = 'CLOSED'`, [cast.K.id]),
  });

  it('each is BAD_USER_INPUT on its field, never echoes the text, and changes nothing', async () => {
    const { K, agencies, people } = cast;
    const bad: { name: string; query: string; variables: Record<string, unknown>; token: string; path: string }[] = [
      { name: 'note body with a right-to-left override', query: ADD_NOTE, variables: { input: { caseId: K.id, category: 'GENERAL', body: 'Met the youth.\n\u202Eylno sdeen' } }, token: people.cw1.token, path: 'input.body' },
      { name: 'note body with a left-to-right embedding', query: ADD_NOTE, variables: { input: { caseId: K.id, category: 'GENERAL', body: 'Plan: \u202Aweekly\u202C visits' } }, token: people.cw1.token, path: 'input.body' },
      { name: 'note body with a C1 next-line control', query: ADD_NOTE, variables: { input: { caseId: K.id, category: 'GENERAL', body: 'first\u0085second' } }, token: people.cw1.token, path: 'input.body' },
      { name: 'consent purpose with an isolate', query: RECORD_CONSENT, variables: { input: { caseId: K.id, grantedBy: 'GUARDIAN', scopes: ['SERVICES'], agencyIds: [agencies.SH.id], purpose: 'Shelter \u2067placement\u2069' } }, token: people.cw1.token, path: 'input.purpose' },
      { name: 'referral reason with an override', query: CREATE_REFERRAL, variables: { input: { caseId: K.id, toAgencyId: agencies.SH.id, serviceType: 'EMERGENCY_SHELTER', urgency: 'ROUTINE', scopes: [], reason: 'Needs a bed \u202Etonight' } }, token: people.cw1.token, path: 'input.reason' },
      { name: 'break-glass justification with an override', query: BREAK_GLASS, variables: { caseId: K.id, j: 'Child in danger, need the placement \u202Enow' }, token: people.pd1.token, path: 'justification' },
      { name: 'closing reason with an isolate', query: CLOSE, variables: { id: K.id, reason: 'Case \u2066resolved' }, token: people.cwSup.token, path: 'reason' },
    ];
    for (const one of bad) {
      const before = await counts();
      const response = await t.gql.query(one.query, one.variables, one.token);
      const fields = (response.errors?.[0]?.extensions?.fields ?? []) as { path: string; message: string }[];
      expect({ name: one.name, code: response.errors?.[0]?.extensions?.code, paths: fields.map((f) => f.path) }).toEqual({ name: one.name, code: 'BAD_USER_INPUT', paths: [one.path] });
      expect(fields[0]!.message).toMatch(/direction|control/);
      expect(JSON.stringify(response.errors)).not.toMatch(/ylno|weekly|placement|tonight|resolved|second/);
      expect({ name: one.name, after: await counts() }).toEqual({ name: one.name, after: before });
    }
  });

  it('keeps line breaks, tabs, right-to-left script with its marks, and emoji sequences', async () => {
    const body = 'Visit notes:\n\t- met at school\r\n- قال: "أنا بخير"\u200F (Arabic)\n- 👩\u200D👧 with her aunt';
    await t.gql.ok(ADD_NOTE, { input: { caseId: cast.K.id, category: 'GENERAL', body } }, cast.people.cw1.token);
    const notes = await t.gql.ok(NOTES, { id: cast.K.id }, cast.people.cw1.token);
    expect(notes.case.notes.edges.map((edge: { node: { body: string } }) => edge.node.body)).toContain(body);
  });
});
