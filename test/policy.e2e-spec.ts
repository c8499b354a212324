import { createTestApp, TestApp } from './support/test-app';
import {
  ADD_NOTE,
  assignDirectly,
  BREAK_GLASS,
  CASE,
  CASE_IDS,
  makePartner,
  NOTES,
  policyCast,
  RECORD_CONSENT,
  REVOKE_CONSENT,
} from './support/case-fixtures';

describe('the access policy (docs/access-policy.md) over GraphQL', () => {
  let t: TestApp;
  let cast: Awaited<ReturnType<typeof policyCast>>;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    t.clock.set(new Date());
    cast = await policyCast(t);
  });

  const listIds = async (token: string) =>
    ((await t.gql.ok(CASE_IDS, { first: 100 }, token)).cases.edges as { node: { id: string } }[]).map((edge) => edge.node.id);

  it('example 1: unassigned staff of the lead agency do not see K; its supervisor does', async () => {
    const { K, people } = cast;
    expect(await listIds(people.cw2.token)).not.toContain(K.id);
    const refused = await t.gql.query(CASE, { id: K.id }, people.cw2.token);
    expect(refused.errors[0]?.extensions?.code).toBe('NOT_FOUND');
    const missing = await t.gql.query(CASE, { id: '00000000-0000-4000-8000-000000000000' }, people.cw2.token);
    // Not seeing a case and a case that does not exist answer the same.
    expect(refused.errors[0]?.message).toBe(missing.errors[0]?.message);
    expect(await listIds(people.cwSup.token)).toContain(K.id);
    const seen = await t.gql.ok(CASE, { id: K.id }, people.cwSup.token);
    expect(seen.case.child.legalName).toBe('Jordan Avery Example');
    expect(await listIds(people.cw1.token)).toContain(K.id);
  });

  it('rule: the lead agency holds every scope but CLINICAL', async () => {
    const seen = await t.gql.ok(CASE, { id: cast.K.id }, cast.people.cw1.token);
    expect(seen.case.viewerScopes).toEqual(['SUMMARY', 'IDENTITY', 'LOCATION', 'SERVICES', 'INVESTIGATION']);
    expect(seen.case.child.placement.address).toBe('12 Hidden Lane');
  });

  it('rules 2 and 3: partner staff need an assignment, partner supervisors do not', async () => {
    const { K, agencies, people } = cast;
    await makePartner(t, K.id, agencies.SH.id, ['IDENTITY'], false);
    expect(await listIds(people.sh1.token)).not.toContain(K.id);
    expect(await listIds(people.shSup.token)).toContain(K.id);
    await assignDirectly(t, K.id, people.sh1);
    expect(await listIds(people.sh1.token)).toContain(K.id);
    expect(await listIds(people.sh2.token)).not.toContain(K.id);
  });

  it('redacts fields outside the scopes as null and names them in extensions.redacted', async () => {
    const { K, agencies, people } = cast;
    await makePartner(t, K.id, agencies.SH.id, ['IDENTITY'], false);
    const response = await t.gql.query(CASE, { id: K.id }, people.shSup.token);
    expect(response.errors).toEqual([]);
    expect(response.data!.case.child.legalName).toBe('Jordan Avery Example');
    expect(response.data!.case.child.placement).toBeNull();
    expect(response.data!.case.child.guardianContacts).toBeNull();
    expect(response.extensions.redacted).toEqual(['case.child.guardianContacts', 'case.child.placement']);
  });

  it('consent: a consent-based partner scope needs an active consent covering the agency', async () => {
    const { K, agencies, people } = cast;
    await makePartner(t, K.id, agencies.SH.id, ['IDENTITY', 'LOCATION'], true);
    const without = await t.gql.ok(CASE, { id: K.id }, people.shSup.token);
    expect(without.case.viewerScopes).toEqual(['SUMMARY']);
    const consent = await t.gql.ok(RECORD_CONSENT, {
      input: { caseId: K.id, grantedBy: 'GUARDIAN', scopes: ['LOCATION'], agencyIds: [agencies.SH.id], purpose: 'shelter placement' },
    }, people.cw1.token);
    const withConsent = await t.gql.ok(CASE, { id: K.id }, people.shSup.token);
    expect(withConsent.case.viewerScopes).toEqual(['SUMMARY', 'LOCATION']);
    expect(withConsent.case.child.placement.address).toBe('12 Hidden Lane');
    // Revocation takes effect at once, withdraws the scope, and is audited.
    await t.gql.ok(REVOKE_CONSENT, { id: consent.recordConsent.id }, people.cw1.token);
    const after = await t.gql.query(CASE, { id: K.id }, people.shSup.token);
    expect(after.data!.case.child.placement).toBeNull();
    expect(after.extensions.redacted).toContain('case.child.placement');
    const [membership] = await t.db.query(`SELECT scopes FROM membership WHERE case_id = $1 AND agency_id = $2`, [K.id, agencies.SH.id]);
    expect(membership.scopes).toEqual(['IDENTITY']);
    expect(await t.world.count('audit_event', `action = 'SCOPE_WITHDRAWN' AND case_id = $1`, [K.id])).toBe(1);
  });

  it('consent by agency type covers every agency of that type', async () => {
    const { K, agencies, people } = cast;
    await makePartner(t, K.id, agencies.SH.id, ['SERVICES'], true);
    await t.gql.ok(RECORD_CONSENT, { input: { caseId: K.id, grantedBy: 'YOUTH', scopes: ['SERVICES'], agencyTypes: ['SHELTER'], purpose: 'services' } }, people.cw1.token);
    expect((await t.gql.ok(CASE, { id: K.id }, people.shSup.token)).case.viewerScopes).toEqual(['SUMMARY', 'SERVICES']);
  });

  it('example 4 (rule): INVESTIGATION goes to law-enforcement partners only, never to a shelter', async () => {
    const { K, agencies, people } = cast;
    await makePartner(t, K.id, agencies.PD.id, [], false);
    await makePartner(t, K.id, agencies.SH.id, ['INVESTIGATION'], false);
    await t.gql.ok(ADD_NOTE, { input: { caseId: K.id, category: 'INVESTIGATION', body: 'suspect vehicle seen' } }, people.cw1.token);
    expect((await t.gql.ok(CASE, { id: K.id }, people.pdSup.token)).case.viewerScopes).toEqual(['SUMMARY', 'INVESTIGATION']);
    const pdNotes = await t.gql.ok(NOTES, { id: K.id }, people.pdSup.token);
    expect(pdNotes.case.notes.edges.map((e: { node: { category: string } }) => e.node.category)).toEqual(['INVESTIGATION']);
    expect((await t.gql.ok(CASE, { id: K.id }, people.shSup.token)).case.viewerScopes).toEqual(['SUMMARY']);
    expect((await t.gql.ok(NOTES, { id: K.id }, people.shSup.token)).case.notes.edges).toEqual([]);
  });

  it('example 5: a CLINICAL note is seen only by the counseling agency that wrote it', async () => {
    const { K, agencies, people } = cast;
    await makePartner(t, K.id, agencies.CO.id, ['SERVICES'], false);
    await assignDirectly(t, K.id, people.co1);
    const written = await t.gql.ok(ADD_NOTE, { input: { caseId: K.id, category: 'CLINICAL', body: 'session notes' } }, people.co1.token);
    const ids = async (token: string) => (await t.gql.ok(NOTES, { id: K.id }, token)).case.notes.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(await ids(people.co1.token)).toContain(written.addNote.id);
    expect(await ids(people.coSup.token)).toContain(written.addNote.id);
    expect(await ids(people.cw1.token)).not.toContain(written.addNote.id);
    expect(await ids(people.cwSup.token)).not.toContain(written.addNote.id);
    // Only counseling and medical members write CLINICAL notes.
    expect(await t.gql.code(ADD_NOTE, { input: { caseId: K.id, category: 'CLINICAL', body: 'x' } }, people.cw1.token)).toBe('FORBIDDEN');
  });

  it('example 7: break glass is refused across jurisdictions, granted for 4 hours within, audited, then gone', async () => {
    const { K, people } = cast;
    const justification = 'Child reported in danger at a traffic stop tonight';
    // Refused like a case that does not exist: breaking glass must not confirm that a case exists.
    expect(await t.gql.code(BREAK_GLASS, { caseId: K.id, j: justification }, people.pd2.token)).toBe('NOT_FOUND');
    expect(await t.gql.code(BREAK_GLASS, { caseId: K.id, j: justification }, people.sh1.token)).toBe('NOT_FOUND');
    expect(await t.gql.code(BREAK_GLASS, { caseId: K.id, j: justification }, people.cwAdmin.token)).toBe('NOT_FOUND');
    expect(await t.world.count('access_grant', 'case_id = $1', [K.id])).toBe(0);
    expect(await t.gql.code(BREAK_GLASS, { caseId: K.id, j: 'too short' }, people.pd1.token)).toBe('BAD_USER_INPUT');
    expect(await t.gql.code(CASE, { id: K.id }, people.pd1.token)).toBe('NOT_FOUND');
    const granted = await t.gql.ok(BREAK_GLASS, { caseId: K.id, j: justification }, people.pd1.token);
    expect(granted.breakGlass.viewerScopes).toEqual(['SUMMARY', 'IDENTITY', 'LOCATION']);
    expect((await t.gql.ok(CASE, { id: K.id }, people.pd1.token)).case.child.placement.address).toBe('12 Hidden Lane');
    const [audit] = await t.db.query(`SELECT justification FROM audit_event WHERE action = 'BREAK_GLASS' AND case_id = $1`, [K.id]);
    expect(audit.justification).toBe(justification);
    expect(await t.world.count('outbox', `topic = 'case.break-glass' AND payload->>'caseId' = $1`, [K.id])).toBe(1);
    t.clock.advance(4 * 3600_000 + 1000);
    const later = await t.signIn(people.pd1);
    expect(await t.gql.code(CASE, { id: K.id }, later)).toBe('NOT_FOUND');
    expect(await listIds(later)).not.toContain(K.id);
  });

  it('example 8: the agency admin gets NOT_FOUND; the auditor and system admin see no case either', async () => {
    const { K, people } = cast;
    for (const who of [people.cwAdmin, people.auditor, people.sysadmin]) {
      expect(await t.gql.code(CASE, { id: K.id }, who.token)).toBe('NOT_FOUND');
      expect(await listIds(who.token)).toEqual([]);
    }
    // Every denied read is in the audit trail, including cw2's.
    await t.gql.query(CASE, { id: K.id }, people.cw2.token);
    expect(await t.world.count('audit_event', `action = 'ACCESS_DENIED' AND case_id = $1 AND actor_user_id = $2`, [K.id, people.cw2.id])).toBe(1);
    expect(await t.world.count('audit_event', `action = 'ACCESS_DENIED' AND case_id = $1 AND actor_user_id = $2`, [K.id, people.cwAdmin.id])).toBe(1);
  });

  it('a break-glass grant ends when its holder moves to another agency', async () => {
    const { K, agencies, people } = cast;
    await t.gql.ok(BREAK_GLASS, { caseId: K.id, j: 'Child reported in danger at a traffic stop tonight' }, people.pd1.token);
    expect(await listIds(people.pd1.token)).toContain(K.id);
    await t.db.query(`UPDATE app_user SET agency_id = $2 WHERE id = $1`, [people.pd1.id, agencies.SH.id]);
    expect(await t.gql.code(CASE, { id: K.id }, people.pd1.token)).toBe('NOT_FOUND');
  });

  it('a user moved to another agency keeps nothing of the old one', async () => {
    const { K, agencies, people } = cast;
    expect(await listIds(people.cw1.token)).toContain(K.id);
    await t.db.query(`UPDATE app_user SET agency_id = $2 WHERE id = $1`, [people.cw1.id, agencies.SH.id]);
    expect(await listIds(people.cw1.token)).not.toContain(K.id);
    expect(await t.gql.code(CASE, { id: K.id }, people.cw1.token)).toBe('NOT_FOUND');
  });

  it('updates need the lead agency, the scope, and the current version (CONFLICT when stale)', async () => {
    const { K, agencies, people } = cast;
    const UPDATE = `mutation($id: ID!, $input: UpdateCaseInput!, $v: Int!) { updateCase(id: $id, input: $input, expectedVersion: $v) { version riskLevel } }`;
    const done = await t.gql.ok(UPDATE, { id: K.id, input: { riskLevel: 'LOW' }, v: 1 }, people.cw1.token);
    expect(done.updateCase).toEqual({ version: 2, riskLevel: 'LOW' });
    expect(await t.gql.code(UPDATE, { id: K.id, input: { riskLevel: 'HIGH' }, v: 1 }, people.cw1.token)).toBe('CONFLICT');
    await makePartner(t, K.id, agencies.SH.id, ['IDENTITY'], false);
    expect(await t.gql.code(UPDATE, { id: K.id, input: { legalName: 'Other Name' }, v: 2 }, people.shSup.token)).toBe('FORBIDDEN');
    expect(await t.gql.code(UPDATE, { id: K.id, input: { riskLevel: 'HIGH' }, v: 2 }, people.cw2.token)).toBe('NOT_FOUND');
    const renamed = await t.gql.ok(UPDATE, { id: K.id, input: { legalName: 'Jordan Renamed', placement: { address: '9 New Street' } }, v: 2 }, people.cw1.token);
    expect(renamed.updateCase.version).toBe(3);
    expect((await t.gql.ok(CASE, { id: K.id }, people.cw1.token)).case.child).toMatchObject({ legalName: 'Jordan Renamed', placement: { address: '9 New Street' } });
  });

  it('two updates racing on one version: one wins, the other gets CONFLICT', async () => {
    const { K, people } = cast;
    const UPDATE = `mutation($id: ID!, $input: UpdateCaseInput!, $v: Int!) { updateCase(id: $id, input: $input, expectedVersion: $v) { version } }`;
    const results = await Promise.all([
      t.gql.query(UPDATE, { id: K.id, input: { riskLevel: 'LOW' }, v: 1 }, people.cw1.token),
      t.gql.query(UPDATE, { id: K.id, input: { riskLevel: 'ELEVATED' }, v: 1 }, people.cwSup.token),
    ]);
    const codes = results.map((r) => r.errors[0]?.extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
    const [row] = await t.db.query(`SELECT version FROM case_file WHERE id = $1`, [K.id]);
    expect(row.version).toBe(2);
  });

  it('locateCases answers existence and the lead agency only, and is audited', async () => {
    const { agencies, people } = cast;
    const LOCATE = `query($s: LocateSubjectInput!) { locateCases(subject: $s) { leadAgencyName contactEmail } }`;
    const found = await t.gql.ok(LOCATE, { s: { name: 'example, jordan avery', dateOfBirth: '2011-04-09' } }, people.pd2.token);
    // Earlier tests opened cases about the same child at other agencies: each is one match.
    expect(found.locateCases).toContainEqual({ leadAgencyName: agencies.CW.name, contactEmail: expect.stringContaining('@agency.test') });
    expect(Object.keys(found.locateCases[0]).sort()).toEqual(['contactEmail', 'leadAgencyName']);
    const alias = await t.gql.ok(LOCATE, { s: { name: 'JJ', dateOfBirth: '2011-04-09' } }, people.pd2.token);
    expect(alias.locateCases).toContainEqual(expect.objectContaining({ leadAgencyName: agencies.CW.name }));
    const none = await t.gql.ok(LOCATE, { s: { name: 'Jordan Avery Example', dateOfBirth: '2011-04-10' } }, people.pd2.token);
    expect(none.locateCases).toEqual([]);
    expect(await t.world.count('audit_event', `action = 'LOCATE' AND actor_user_id = $1`, [people.pd2.id])).toBe(3);
    expect(await t.gql.code(LOCATE, { s: { name: 'JJ', dateOfBirth: '2011-04-09' } }, people.cwAdmin.token)).toBe('FORBIDDEN');
  });

  it('the database holds no plaintext name, birth date or address', async () => {
    const { K } = cast;
    const [row] = await t.db.query(`SELECT row_to_json(child)::text AS raw FROM child WHERE case_id = $1`, [K.id]);
    for (const secret of ['Jordan', 'Avery', '2011-04-09', 'Hidden Lane', 'Pat Guardian', '555 0101']) expect(row.raw).not.toContain(secret);
    const [lookup] = await t.db.query(`SELECT count(*)::int AS n FROM child_lookup WHERE case_id = $1`, [K.id]);
    expect(lookup.n).toBe(2);
  });
});
