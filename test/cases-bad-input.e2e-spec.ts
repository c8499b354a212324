import { Role } from '@tandem/authz';
import { WorldUser } from '@tandem/testing';
import { createTestApp, TestApp } from './support/test-app';
import { ADD_NOTE, assignDirectly, CREATE_CASE, makePartner, policyCast, RECORD_CONSENT, REVOKE_CONSENT } from './support/case-fixtures';

type Cast = Awaited<ReturnType<typeof policyCast>>;

interface Fixture extends Cast {
  /** A second case led by CW, with a GENERAL note of its own. */
  otherCaseId: string;
  otherCaseNoteId: string;
  /** A GENERAL note of K. */
  noteId: string;
  /** An active consent on K (LOCATION for SH) and one already revoked. */
  consentId: string;
  revokedConsentId: string;
  /** A CW staff account that is disabled. */
  disabledStaff: WorldUser;
}

interface Call {
  query: string;
  variables: Record<string, unknown>;
  token: string;
}

interface BadCall {
  mutation: string;
  kind: string;
  prepare: (f: Fixture) => Promise<Call> | Call;
  /** Field-level problem: the expected `extensions.fields[0].path`. */
  path?: string | RegExp;
  /** Refused by GraphQL's own type checks (no field list): a fragment the message must name. */
  message?: string;
}

const UNKNOWN = '00000000-0000-4000-8000-00000000abcd';
const NUL = String.fromCharCode(0);
const long = (n: number) => 'x'.repeat(n);
const CHILD = { legalName: 'Bad Input Child', dateOfBirth: '2010-01-01' };

const M = {
  createCase: `mutation($input: CreateCaseInput!) { createCase(input: $input) { id } }`,
  updateCase: `mutation($id: ID!, $input: UpdateCaseInput!, $expectedVersion: Int!) { updateCase(id: $id, input: $input, expectedVersion: $expectedVersion) { id version } }`,
  closeCase: `mutation($id: ID!, $reason: String!) { closeCase(id: $id, reason: $reason) { id status } }`,
  reopenCase: `mutation($id: ID!) { reopenCase(id: $id) { id status } }`,
  setCaseFlag: `mutation($caseId: ID!, $flag: CaseFlag!, $on: Boolean!) { setCaseFlag(caseId: $caseId, flag: $flag, on: $on) { id flags } }`,
  assignUser: `mutation($caseId: ID!, $userId: ID!, $role: AssignmentRole!) { assignUser(caseId: $caseId, userId: $userId, role: $role) { id status } }`,
  unassignUser: `mutation($caseId: ID!, $userId: ID!) { unassignUser(caseId: $caseId, userId: $userId) { id } }`,
  addNote: `mutation($input: AddNoteInput!) { addNote(input: $input) { id } }`,
  recordConsent: `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`,
  revokeConsent: `mutation($id: ID!) { revokeConsent(id: $id) { id revokedAt } }`,
  breakGlass: `mutation($caseId: ID!, $justification: String!) { breakGlass(caseId: $caseId, justification: $justification) { id } }`,
};
const LOCATE = `query($subject: LocateSubjectInput!) { locateCases(subject: $subject) { leadAgencyName } }`;

const MUTATIONS = Object.keys(M);

describe('case mutations: bad input is BAD_USER_INPUT and changes nothing', () => {
  let t: TestApp;
  let f: Fixture;

  /** Version of a case as stored now, so that a call fails for its bad input and not for a stale version. */
  const versionOf = async (id: string): Promise<number> => (await t.db.query(`SELECT version FROM case_file WHERE id = $1`, [id]))[0].version;

  /** A new case of CW, made ACTIVE by assigning cw2: closeable, so a missing check would really close it. */
  const activeCase = async (): Promise<string> => {
    const created = await t.gql.ok(CREATE_CASE, { input: { child: { legalName: 'Active Child', dateOfBirth: '2012-02-02' } } }, f.people.cw1.token);
    const id: string = created.createCase.id;
    const assigned = await t.gql.ok(M.assignUser, { caseId: id, userId: f.people.cw2.id, role: 'SECONDARY' }, f.people.cwSup.token);
    expect(assigned.assignUser.status).toBe('ACTIVE');
    return id;
  };

  beforeAll(async () => {
    t = await createTestApp();
    const cast = await policyCast(t);
    const { K, agencies, people } = cast;
    const other = await t.gql.ok(CREATE_CASE, { input: { child: { legalName: 'Other Child', dateOfBirth: '2013-03-03' } } }, people.cw1.token);
    const otherCaseId: string = other.createCase.id;
    const otherNote = await t.gql.ok(ADD_NOTE, { input: { caseId: otherCaseId, category: 'GENERAL', body: 'a note of the other case' } }, people.cw1.token);
    const note = await t.gql.ok(ADD_NOTE, { input: { caseId: K.id, category: 'GENERAL', body: 'a note of K' } }, people.cw1.token);
    // SH is a partner of K (no consent needed) and sh1 is assigned to it by SH.
    await makePartner(t, K.id, agencies.SH.id, ['IDENTITY'], false);
    await assignDirectly(t, K.id, people.sh1);
    const consent = await t.gql.ok(RECORD_CONSENT, {
      input: { caseId: K.id, grantedBy: 'GUARDIAN', scopes: ['LOCATION'], agencyIds: [agencies.SH.id], purpose: 'shelter placement' },
    }, people.cw1.token);
    const revoked = await t.gql.ok(RECORD_CONSENT, {
      input: { caseId: K.id, grantedBy: 'YOUTH', scopes: ['SERVICES'], agencyTypes: ['COUNSELING'], purpose: 'counseling' },
    }, people.cw1.token);
    await t.gql.ok(REVOKE_CONSENT, { id: revoked.recordConsent.id }, people.cw1.token);
    const disabledStaff = await t.world.user(Role.STAFF, agencies.CW.id, { active: false });
    f = {
      ...cast,
      otherCaseId,
      otherCaseNoteId: otherNote.addNote.id,
      noteId: note.addNote.id,
      consentId: consent.recordConsent.id,
      revokedConsentId: revoked.recordConsent.id,
      disabledStaff,
    };
    const [k] = await t.db.query(`SELECT status FROM case_file WHERE id = $1`, [K.id]);
    expect(k.status).toBe('OPEN');
  }, 60_000);
  afterAll(() => t.close());

  /** Rows and states of everything of the cast's agencies that a case mutation could touch. */
  async function snapshot(): Promise<Record<string, unknown>> {
    const agencyIds = Object.values(f.agencies).map((agency) => agency.id);
    const ofCases = `case_id IN (SELECT id FROM case_file WHERE lead_agency_id = ANY($1::uuid[]))`;
    const counts: Record<string, number> = {
      case_file: await t.world.count('case_file', 'lead_agency_id = ANY($1::uuid[])', [agencyIds]),
      case_file_K: await t.world.count('case_file', 'id = $1', [f.K.id]),
      outbox: await t.world.count('outbox', `payload->>'caseId' IN (SELECT id::text FROM case_file WHERE lead_agency_id = ANY($1::uuid[]))`, [agencyIds]),
    };
    for (const table of ['child', 'child_lookup', 'membership', 'assignment', 'note', 'consent', 'access_grant', 'case_event']) {
      counts[table] = await t.world.count(table, ofCases, [agencyIds]);
      counts[`${table}_K`] = await t.world.count(table, 'case_id = $1', [f.K.id]);
    }
    counts.membership_of_agencies = await t.world.count('membership', 'agency_id = ANY($1::uuid[])', [agencyIds]);
    counts.assignment_of_agencies = await t.world.count('assignment', 'agency_id = ANY($1::uuid[])', [agencyIds]);
    const q = (sql: string) => t.db.query(sql, [agencyIds]);
    return {
      counts,
      K: (await t.db.query(`SELECT version, status, flags, risk_level, closed_at, close_reason FROM case_file WHERE id = $1`, [f.K.id]))[0],
      cases: await q(`SELECT id, version, status, flags, risk_level, closed_at, close_reason FROM case_file WHERE lead_agency_id = ANY($1::uuid[]) ORDER BY id`),
      children: await q(`SELECT case_id, identity_sealed, location_sealed FROM child WHERE case_id IN (SELECT id FROM case_file WHERE lead_agency_id = ANY($1::uuid[])) ORDER BY case_id`),
      memberships: await q(`SELECT id, role, scopes, active FROM membership WHERE agency_id = ANY($1::uuid[]) ORDER BY id`),
      assignments: await q(`SELECT id, user_id, role, active FROM assignment WHERE agency_id = ANY($1::uuid[]) ORDER BY id`),
      consents: await q(`SELECT id, scopes, revoked_at FROM consent WHERE case_id IN (SELECT id FROM case_file WHERE lead_agency_id = ANY($1::uuid[])) ORDER BY id`),
      counters: await q(`SELECT jurisdiction_id, year, last_value FROM case_number_counter WHERE jurisdiction_id IN (SELECT jurisdiction_id FROM agency WHERE id = ANY($1::uuid[])) ORDER BY 1, 2`),
    };
  }

  const K = (fx: Fixture) => fx.K.id;
  const createCase = (input: Record<string, unknown>) => (fx: Fixture): Call => ({ query: M.createCase, variables: { input }, token: fx.people.cw1.token });
  const updateCase = (input: Record<string, unknown>, id?: string) => async (fx: Fixture): Promise<Call> => ({
    query: M.updateCase,
    variables: { id: id ?? K(fx), input, expectedVersion: await versionOf(K(fx)) },
    token: fx.people.cw1.token,
  });
  const closeCase = (reason: string, id?: string) => async (fx: Fixture): Promise<Call> => ({
    query: M.closeCase,
    variables: { id: id ?? (await activeCase()), reason },
    token: fx.people.cwSup.token,
  });
  const reopenCase = (id: string) => (fx: Fixture): Call => ({ query: M.reopenCase, variables: { id }, token: fx.people.cwSup.token });
  const setFlag = (vars: Record<string, unknown>) => (fx: Fixture): Call => ({
    query: M.setCaseFlag,
    variables: { caseId: K(fx), flag: 'MISSING', on: true, ...vars },
    token: fx.people.cw1.token,
  });
  const assign = (vars: (fx: Fixture) => Record<string, unknown>, token?: (fx: Fixture) => string) => (fx: Fixture): Call => ({
    query: M.assignUser,
    variables: { caseId: K(fx), userId: fx.people.cw2.id, role: 'SECONDARY', ...vars(fx) },
    token: token ? token(fx) : fx.people.cwSup.token,
  });
  const unassign = (vars: (fx: Fixture) => Record<string, unknown>) => (fx: Fixture): Call => ({
    query: M.unassignUser,
    variables: { caseId: K(fx), userId: fx.people.cw1.id, ...vars(fx) },
    token: fx.people.cwSup.token,
  });
  const addNote = (input: (fx: Fixture) => Record<string, unknown>) => (fx: Fixture): Call => ({
    query: M.addNote,
    variables: { input: { caseId: K(fx), category: 'GENERAL', body: 'a valid note body', ...input(fx) } },
    token: fx.people.cw1.token,
  });
  const consent = (input: (fx: Fixture) => Record<string, unknown>, drop: string[] = []) => (fx: Fixture): Call => {
    const full: Record<string, unknown> = {
      caseId: K(fx),
      grantedBy: 'GUARDIAN',
      scopes: ['LOCATION'],
      agencyIds: [fx.agencies.SH.id],
      purpose: 'shelter placement',
      ...input(fx),
    };
    for (const key of drop) delete full[key];
    return { query: M.recordConsent, variables: { input: full }, token: fx.people.cw1.token };
  };
  const revoke = (id: (fx: Fixture) => string) => (fx: Fixture): Call => ({ query: M.revokeConsent, variables: { id: id(fx) }, token: fx.people.cw1.token });
  // pd1 (law enforcement, K's jurisdiction) may break glass on K: only the bad input stands in the way.
  const breakGlass = (justification: string, caseId?: string) => (fx: Fixture): Call => ({
    query: M.breakGlass,
    variables: { caseId: caseId ?? K(fx), justification },
    token: fx.people.pd1.token,
  });
  const at = (offsetMs: number) => new Date(t.clock.now().getTime() + offsetMs).toISOString();
  const DAY = 86_400_000;

  const CALLS: BadCall[] = [
    // createCase
    { mutation: 'createCase', kind: 'blank legal name', prepare: createCase({ child: { ...CHILD, legalName: '   ' } }), path: 'input.child.legalName' },
    { mutation: 'createCase', kind: 'legal name of 161 characters', prepare: createCase({ child: { ...CHILD, legalName: long(161) } }), path: 'input.child.legalName' },
    { mutation: 'createCase', kind: 'legal name with a NUL character', prepare: createCase({ child: { ...CHILD, legalName: `Jo${NUL}rdan` } }), path: 'input.child.legalName' },
    { mutation: 'createCase', kind: 'birth date in month 13', prepare: createCase({ child: { ...CHILD, dateOfBirth: '2011-13-01' } }), path: 'input.child.dateOfBirth' },
    { mutation: 'createCase', kind: 'birth date "yesterday"', prepare: createCase({ child: { ...CHILD, dateOfBirth: 'yesterday' } }), path: 'input.child.dateOfBirth' },
    { mutation: 'createCase', kind: 'birth date February 30', prepare: createCase({ child: { ...CHILD, dateOfBirth: '2011-02-30' } }), path: 'input.child.dateOfBirth' },
    { mutation: 'createCase', kind: 'empty birth date', prepare: createCase({ child: { ...CHILD, dateOfBirth: '' } }), path: 'input.child.dateOfBirth' },
    { mutation: 'createCase', kind: '21 aliases', prepare: createCase({ child: { ...CHILD, aliases: Array.from({ length: 21 }, (_, n) => `alias ${n}`) } }), path: 'input.child.aliases' },
    { mutation: 'createCase', kind: 'an empty alias', prepare: createCase({ child: { ...CHILD, aliases: ['JJ', ''] } }), path: 'input.child.aliases' },
    { mutation: 'createCase', kind: 'sex of 41 characters', prepare: createCase({ child: { ...CHILD, sex: long(41) } }), path: 'input.child.sex' },
    { mutation: 'createCase', kind: 'identifying marks of 1001 characters', prepare: createCase({ child: { ...CHILD, identifyingMarks: long(1001) } }), path: 'input.child.identifyingMarks' },
    { mutation: 'createCase', kind: 'placement phone that is not a phone', prepare: createCase({ child: { ...CHILD, placement: { phone: 'call me' } } }), path: 'input.child.placement.phone' },
    { mutation: 'createCase', kind: '11 guardian contacts', prepare: createCase({ child: { ...CHILD, guardianContacts: Array.from({ length: 11 }, (_, n) => ({ name: `G ${n}` })) } }), path: 'input.child.guardianContacts' },
    { mutation: 'createCase', kind: 'guardian contact with a blank name', prepare: createCase({ child: { ...CHILD, guardianContacts: [{ name: ' ' }] } }), path: 'input.child.guardianContacts.0.name' },
    { mutation: 'createCase', kind: 'unknown risk level', prepare: createCase({ child: CHILD, riskLevel: 'EXTREME' }), message: 'input.riskLevel' },

    // updateCase
    { mutation: 'updateCase', kind: 'malformed id "abc"', prepare: updateCase({ riskLevel: 'LOW' }, 'abc'), path: 'id' },
    { mutation: 'updateCase', kind: 'empty input', prepare: updateCase({}), path: 'input' },
    { mutation: 'updateCase', kind: 'only nulls for fields that cannot be null', prepare: updateCase({ riskLevel: null, legalName: null, dateOfBirth: null }), path: /^input(\.(riskLevel|legalName|dateOfBirth))?$/ },
    { mutation: 'updateCase', kind: 'birth date in month 13', prepare: updateCase({ dateOfBirth: '2011-13-01' }), path: 'input.dateOfBirth' },
    { mutation: 'updateCase', kind: 'birth date "yesterday"', prepare: updateCase({ dateOfBirth: 'yesterday' }), path: 'input.dateOfBirth' },
    { mutation: 'updateCase', kind: 'birth date February 30', prepare: updateCase({ dateOfBirth: '2011-02-30' }), path: 'input.dateOfBirth' },
    { mutation: 'updateCase', kind: 'blank legal name', prepare: updateCase({ legalName: '  ' }), path: 'input.legalName' },
    { mutation: 'updateCase', kind: 'legal name of 161 characters', prepare: updateCase({ legalName: long(161) }), path: 'input.legalName' },
    { mutation: 'updateCase', kind: '21 aliases', prepare: updateCase({ aliases: Array.from({ length: 21 }, (_, n) => `alias ${n}`) }), path: 'input.aliases' },
    { mutation: 'updateCase', kind: 'placement address of 301 characters', prepare: updateCase({ placement: { address: long(301) } }), path: 'input.placement.address' },
    { mutation: 'updateCase', kind: '11 guardian contacts', prepare: updateCase({ guardianContacts: Array.from({ length: 11 }, (_, n) => ({ name: `G ${n}` })) }), path: 'input.guardianContacts' },
    { mutation: 'updateCase', kind: 'unknown risk level', prepare: updateCase({ riskLevel: 'EXTREME' }), message: 'input.riskLevel' },
    {
      mutation: 'updateCase',
      kind: 'expected version that is not a number',
      prepare: (fx) => ({ query: M.updateCase, variables: { id: K(fx), input: { riskLevel: 'LOW' }, expectedVersion: 'one' }, token: fx.people.cw1.token }),
      message: 'expectedVersion must be',
    },

    // closeCase (each on an ACTIVE case of its own, so a missing check would close it)
    { mutation: 'closeCase', kind: 'malformed id "abc"', prepare: closeCase('placement stable', 'abc'), path: 'id' },
    { mutation: 'closeCase', kind: 'empty id', prepare: closeCase('placement stable', ''), path: 'id' },
    { mutation: 'closeCase', kind: 'empty reason', prepare: closeCase(''), path: 'reason' },
    { mutation: 'closeCase', kind: 'blank reason', prepare: closeCase('    '), path: 'reason' },
    { mutation: 'closeCase', kind: 'reason of 10000 characters', prepare: closeCase(long(10_000)), path: 'reason' },
    { mutation: 'closeCase', kind: 'reason with a NUL character', prepare: closeCase(`done${NUL}`), path: 'reason' },

    // reopenCase
    { mutation: 'reopenCase', kind: 'malformed id "abc"', prepare: reopenCase('abc'), path: 'id' },
    { mutation: 'reopenCase', kind: 'empty id', prepare: reopenCase(''), path: 'id' },
    { mutation: 'reopenCase', kind: 'a number as id', prepare: reopenCase('123'), path: 'id' },
    { mutation: 'reopenCase', kind: 'an id with a character too many', prepare: reopenCase(`${UNKNOWN}0`), path: 'id' },

    // setCaseFlag
    { mutation: 'setCaseFlag', kind: 'malformed case id "abc"', prepare: setFlag({ caseId: 'abc' }), path: 'caseId' },
    { mutation: 'setCaseFlag', kind: 'empty case id', prepare: setFlag({ caseId: '' }), path: 'caseId' },
    { mutation: 'setCaseFlag', kind: 'unknown flag', prepare: setFlag({ flag: 'LOST' }), message: 'flag must' },
    { mutation: 'setCaseFlag', kind: 'null flag', prepare: setFlag({ flag: null }), message: 'flag must' },
    { mutation: 'setCaseFlag', kind: 'on that is not a boolean', prepare: setFlag({ on: 'yes' }), message: 'on must be' },

    // assignUser (K is OPEN: a wrong assignment would also make it ACTIVE)
    { mutation: 'assignUser', kind: 'malformed case id', prepare: assign(() => ({ caseId: 'abc' })), path: 'caseId' },
    { mutation: 'assignUser', kind: 'malformed user id', prepare: assign(() => ({ userId: 'nobody' })), path: 'userId' },
    { mutation: 'assignUser', kind: 'unknown role', prepare: assign(() => ({ role: 'LEAD' })), message: 'role must be' },
    { mutation: 'assignUser', kind: 'user that does not exist', prepare: assign(() => ({ userId: UNKNOWN })), path: 'userId' },
    { mutation: 'assignUser', kind: 'agency admin of the agency', prepare: assign((fx) => ({ userId: fx.people.cwAdmin.id })), path: 'userId' },
    { mutation: 'assignUser', kind: 'disabled staff member', prepare: assign((fx) => ({ userId: fx.disabledStaff.id })), path: 'userId' },
    {
      mutation: 'assignUser',
      kind: 'PRIMARY by a partner agency supervisor',
      prepare: assign((fx) => ({ userId: fx.people.sh2.id, role: 'PRIMARY' }), (fx) => fx.people.shSup.token),
      path: 'role',
    },

    // unassignUser
    { mutation: 'unassignUser', kind: 'malformed case id', prepare: unassign(() => ({ caseId: 'abc' })), path: 'caseId' },
    { mutation: 'unassignUser', kind: 'malformed user id', prepare: unassign(() => ({ userId: 'abc' })), path: 'userId' },
    { mutation: 'unassignUser', kind: 'user not assigned', prepare: unassign((fx) => ({ userId: fx.people.cw2.id })), path: 'userId' },
    { mutation: 'unassignUser', kind: 'user that does not exist', prepare: unassign(() => ({ userId: UNKNOWN })), path: 'userId' },

    // addNote
    { mutation: 'addNote', kind: 'malformed case id', prepare: addNote(() => ({ caseId: 'abc' })), path: 'input.caseId' },
    { mutation: 'addNote', kind: 'empty body', prepare: addNote(() => ({ body: '' })), path: 'input.body' },
    { mutation: 'addNote', kind: 'blank body', prepare: addNote(() => ({ body: ' \n\t ' })), path: 'input.body' },
    { mutation: 'addNote', kind: 'body of 20001 characters', prepare: addNote(() => ({ body: long(20_001) })), path: 'input.body' },
    { mutation: 'addNote', kind: 'body with a NUL character', prepare: addNote(() => ({ body: `seen at ${NUL} the station` })), path: 'input.body' },
    { mutation: 'addNote', kind: 'unknown category', prepare: addNote(() => ({ category: 'PRIVATE' })), message: 'input.category' },
    { mutation: 'addNote', kind: 'malformed corrected note id', prepare: addNote(() => ({ correctsNoteId: 'abc' })), path: 'input.correctsNoteId' },
    { mutation: 'addNote', kind: 'correcting a note of another case', prepare: addNote((fx) => ({ correctsNoteId: fx.otherCaseNoteId })), path: 'input.correctsNoteId' },
    { mutation: 'addNote', kind: 'correcting a note that does not exist', prepare: addNote(() => ({ correctsNoteId: UNKNOWN })), path: 'input.correctsNoteId' },

    // recordConsent
    { mutation: 'recordConsent', kind: 'malformed case id', prepare: consent(() => ({ caseId: 'abc' })), path: 'input.caseId' },
    { mutation: 'recordConsent', kind: 'scope CLINICAL', prepare: consent(() => ({ scopes: ['CLINICAL'] })), path: 'input.scopes' },
    { mutation: 'recordConsent', kind: 'scope SUMMARY', prepare: consent(() => ({ scopes: ['LOCATION', 'SUMMARY'] })), path: 'input.scopes' },
    { mutation: 'recordConsent', kind: 'scope INVESTIGATION', prepare: consent(() => ({ scopes: ['INVESTIGATION'] })), path: 'input.scopes' },
    { mutation: 'recordConsent', kind: 'no scope at all', prepare: consent(() => ({ scopes: [] })), path: 'input.scopes' },
    { mutation: 'recordConsent', kind: 'neither agencyIds nor agencyTypes', prepare: consent(() => ({}), ['agencyIds']), path: 'input.agencyIds' },
    { mutation: 'recordConsent', kind: 'empty agencyIds and agencyTypes', prepare: consent(() => ({ agencyIds: [], agencyTypes: [] })), path: 'input.agencyIds' },
    { mutation: 'recordConsent', kind: 'malformed agency id', prepare: consent(() => ({ agencyIds: ['abc'] })), path: 'input.agencyIds' },
    { mutation: 'recordConsent', kind: 'agency that does not exist', prepare: consent(() => ({ agencyIds: [UNKNOWN] })), path: 'input.agencyIds' },
    { mutation: 'recordConsent', kind: 'expiresAt before effectiveAt', prepare: consent(() => ({ effectiveAt: at(2 * DAY), expiresAt: at(DAY) })), path: 'input.expiresAt' },
    { mutation: 'recordConsent', kind: 'expiresAt equal to effectiveAt', prepare: consent(() => ({ effectiveAt: at(DAY), expiresAt: at(DAY) })), path: 'input.expiresAt' },
    { mutation: 'recordConsent', kind: 'expiresAt in the past (effective now)', prepare: consent(() => ({ expiresAt: at(-DAY) })), path: 'input.expiresAt' },
    { mutation: 'recordConsent', kind: 'empty purpose', prepare: consent(() => ({ purpose: '' })), path: 'input.purpose' },
    { mutation: 'recordConsent', kind: 'purpose of 501 characters', prepare: consent(() => ({ purpose: long(501) })), path: 'input.purpose' },
    { mutation: 'recordConsent', kind: 'unknown grantor', prepare: consent(() => ({ grantedBy: 'FRIEND' })), message: 'input.grantedBy' },
    { mutation: 'recordConsent', kind: 'unknown agency type', prepare: consent(() => ({ agencyTypes: ['SCHOOL'] })), message: 'input.agencyTypes' },
    { mutation: 'recordConsent', kind: 'effectiveAt "yesterday"', prepare: consent(() => ({ effectiveAt: 'yesterday' })), message: 'input.effectiveAt' },

    // revokeConsent
    { mutation: 'revokeConsent', kind: 'malformed id "abc"', prepare: revoke(() => 'abc'), path: 'id' },
    { mutation: 'revokeConsent', kind: 'empty id', prepare: revoke(() => ''), path: 'id' },
    { mutation: 'revokeConsent', kind: 'a number as id', prepare: revoke(() => '1'), path: 'id' },
    { mutation: 'revokeConsent', kind: 'the consent id with a character too many', prepare: revoke((fx) => `${fx.consentId}0`), path: 'id' },

    // breakGlass
    { mutation: 'breakGlass', kind: 'malformed case id', prepare: breakGlass('Child reported in danger at a traffic stop tonight', 'abc'), path: 'caseId' },
    { mutation: 'breakGlass', kind: 'justification "too short"', prepare: breakGlass('too short'), path: 'justification' },
    { mutation: 'breakGlass', kind: 'justification of 19 characters', prepare: breakGlass('x'.repeat(19)), path: 'justification' },
    { mutation: 'breakGlass', kind: 'justification of 20 spaces', prepare: breakGlass(' '.repeat(20)), path: 'justification' },
    { mutation: 'breakGlass', kind: 'short justification padded with spaces', prepare: breakGlass(`          urgent          `), path: 'justification' },
    { mutation: 'breakGlass', kind: 'justification of 10000 characters', prepare: breakGlass(long(10_000)), path: 'justification' },
    { mutation: 'breakGlass', kind: 'justification with a NUL character', prepare: breakGlass(`Child reported in danger ${NUL} tonight`), path: 'justification' },
  ];

  it.each(CALLS.map((call) => [`${call.mutation}: ${call.kind}`, call] as const))('%s', async (_name, call) => {
    const { query, variables, token } = await call.prepare(f);
    const before = await snapshot();
    const response = await t.gql.query(query, variables, token);
    expect(response.errors).toHaveLength(1);
    const [error] = response.errors;
    expect({ code: error!.extensions?.code, data: response.data }).toEqual({ code: 'BAD_USER_INPUT', data: null });
    if (call.path !== undefined) {
      const fields = error!.extensions?.fields as { path: string; message: string }[] | undefined;
      expect(fields?.length).toBeGreaterThan(0);
      expect(fields![0]!.path).toEqual(call.path instanceof RegExp ? expect.stringMatching(call.path) : call.path);
      expect(fields![0]!.message).toEqual(expect.any(String));
    } else {
      expect(error!.message).toContain(call.message!);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('covers every case mutation with several kinds of bad input', () => {
    // Mutations with fewer than four kinds of bad input.
    const thin = MUTATIONS.filter((mutation) => CALLS.filter((call) => call.mutation === mutation).length < 4);
    expect(thin).toEqual([]);
    expect(new Set(CALLS.map((call) => call.mutation))).toEqual(new Set(MUTATIONS));
  });

  it.each([
    ['blank name', { name: '  ', dateOfBirth: '2011-04-09' }, 'subject.name'],
    ['birth date in month 13', { name: 'Jordan Avery Example', dateOfBirth: '2011-13-01' }, 'subject.dateOfBirth'],
    ['birth date "yesterday"', { name: 'Jordan Avery Example', dateOfBirth: 'yesterday' }, 'subject.dateOfBirth'],
  ])('locateCases: %s is BAD_USER_INPUT and nothing is looked up', async (_name, subject, path) => {
    const locates = () => t.world.count('audit_event', `action = 'LOCATE' AND actor_user_id = $1`, [f.people.cw2.id]);
    const before = await locates();
    const response = await t.gql.query(LOCATE, { subject }, f.people.cw2.token);
    expect(response.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((response.errors[0]?.extensions?.fields as { path: string }[] | undefined)?.[0]?.path).toBe(path);
    expect(await locates()).toBe(before);
  });

  describe('the snapshot notices a change (the same calls with good input succeed and change it)', () => {
    const good: [string, (fx: Fixture) => Promise<Call> | Call][] = [
      ['createCase', createCase({ child: CHILD })],
      ['updateCase', updateCase({ riskLevel: 'ELEVATED' })],
      ['closeCase', closeCase('placement is stable')],
      ['setCaseFlag', setFlag({ flag: 'RECENT_RECOVERY' })],
      ['addNote', addNote(() => ({}))],
      ['recordConsent', consent(() => ({ scopes: ['SERVICES'] }))],
      ['breakGlass', breakGlass('Child reported in danger at a traffic stop tonight')],
    ];
    it.each(good)('%s', async (_name, prepare) => {
      const { query, variables, token } = await prepare(f);
      const before = await snapshot();
      const response = await t.gql.query(query, variables, token);
      expect(response.errors).toEqual([]);
      expect(await snapshot()).not.toEqual(before);
    });
  });

  describe('moves the case lifecycle does not draw are CONFLICT and change nothing', () => {
    const conflict = async (call: Call) => {
      const before = await snapshot();
      const response = await t.gql.query(call.query, call.variables, call.token);
      expect(response.errors[0]?.extensions?.code).toBe('CONFLICT');
      expect(response.data).toBeNull();
      expect(await snapshot()).toEqual(before);
    };

    it('closeCase on an OPEN case, by its supervisor and by its PRIMARY assignee', async () => {
      const [k] = await t.db.query(`SELECT status FROM case_file WHERE id = $1`, [f.K.id]);
      expect(k.status).toBe('OPEN');
      await conflict({ query: M.closeCase, variables: { id: f.K.id, reason: 'nothing to do' }, token: f.people.cwSup.token });
      await conflict({ query: M.closeCase, variables: { id: f.K.id, reason: 'nothing to do' }, token: f.people.cw1.token });
    });

    it('reopenCase on an ACTIVE case', async () => {
      const id = await activeCase();
      await conflict({ query: M.reopenCase, variables: { id }, token: f.people.cwSup.token });
      const [row] = await t.db.query(`SELECT status, closed_at FROM case_file WHERE id = $1`, [id]);
      expect(row).toEqual({ status: 'ACTIVE', closed_at: null });
    });

    it('reopenCase on an OPEN case', async () => {
      await conflict({ query: M.reopenCase, variables: { id: f.K.id }, token: f.people.cwSup.token });
    });

    it('closeCase on a CLOSED case, while reopening it works', async () => {
      const id = await activeCase();
      const closed = await t.gql.ok(M.closeCase, { id, reason: 'placement is stable' }, f.people.cwSup.token);
      expect(closed.closeCase.status).toBe('CLOSED');
      await conflict({ query: M.closeCase, variables: { id, reason: 'again' }, token: f.people.cwSup.token });
      const [row] = await t.db.query(`SELECT close_reason FROM case_file WHERE id = $1`, [id]);
      expect(row.close_reason).toBe('placement is stable');
      const reopened = await t.gql.ok(M.reopenCase, { id }, f.people.cwSup.token);
      expect(reopened.reopenCase.status).toBe('ACTIVE');
    });

    it('revokeConsent on a consent already revoked', async () => {
      await conflict({ query: M.revokeConsent, variables: { id: f.revokedConsentId }, token: f.people.cw1.token });
    });
  });
});
