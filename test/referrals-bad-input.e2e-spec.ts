import { AgencyType, Role } from '@tandem/authz';
import { PiiCipher } from '@tandem/crypto';
import { REFERRAL_TEXT } from '@tandem/referrals';
import { createTestApp, TestApp } from './support/test-app';
import { Actor, CREATE_CASE, policyCast, RECORD_CONSENT } from './support/case-fixtures';

type Cast = Awaited<ReturnType<typeof policyCast>>;

interface World {
  cast: Cast;
  /** A second case led by CW with cw1 PRIMARY and no pending handoff. */
  K2: { id: string };
  /** CW -> PD, REQUESTED. */
  requested: { id: string };
  /** CW -> PD, ACCEPTED by pd1 (pd1 is assigned). */
  accepted: { id: string };
  /** K: CW -> CW2, REQUESTED. */
  handoff: { id: string };
  cw2Agency: { id: string };
  cw2Sup: Actor;
  /** The test clock's time (it does not move in this suite). */
  now: Date;
}

interface BadCall {
  name: string;
  query: string;
  variables: (w: World) => Record<string, unknown>;
  token: (w: World) => string;
  /** The field path in extensions.fields (domain and class-validator refusals). */
  path?: string;
  /** For GraphQL-level refusals (enum and scalar coercion): the message names the offending input. */
  message?: RegExp;
}

const UNKNOWN = '00000000-0000-4000-8000-0000000000aa';
const LONG = 'x'.repeat(2001);
const HOUR = 3600_000;

const CREATE_REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id status } }`;
const ACCEPT_REFERRAL = `mutation($id: ID!) { acceptReferral(id: $id) { id status } }`;
const DECLINE_REFERRAL = `mutation($id: ID!, $reason: DeclineReason!, $note: String) { declineReferral(id: $id, reason: $reason, note: $note) { id status } }`;
const WITHDRAW_REFERRAL = `mutation($id: ID!, $reason: String!) { withdrawReferral(id: $id, reason: $reason) { id status } }`;
const START_REFERRAL = `mutation($id: ID!) { startReferral(id: $id) { id status } }`;
const COMPLETE_REFERRAL = `mutation($id: ID!, $outcome: String!) { completeReferral(id: $id, outcome: $outcome) { id status } }`;
const FAIL_REFERRAL = `mutation($id: ID!, $reason: String!) { failReferral(id: $id, reason: $reason) { id status } }`;
const REQUEST_HANDOFF = `mutation($input: RequestHandoffInput!) { requestHandoff(input: $input) { id status } }`;
const ACCEPT_HANDOFF = `mutation($id: ID!) { acceptHandoff(id: $id) { id status } }`;
const DECLINE_HANDOFF = `mutation($id: ID!, $reason: String!) { declineHandoff(id: $id, reason: $reason) { id status } }`;
const CANCEL_HANDOFF = `mutation($id: ID!) { cancelHandoff(id: $id) { id status } }`;

/** A referral cw1 may send as is (to law enforcement: no consent needed). Each bad call spoils one field. */
const referralTo = (w: World, spoil: Record<string, unknown> = {}) => ({
  input: {
    caseId: w.cast.K.id,
    toAgencyId: w.cast.agencies.PD.id,
    serviceType: 'MEDICAL_EXAM',
    urgency: 'URGENT',
    scopes: ['IDENTITY'],
    reason: 'exam after recovery',
    ...spoil,
  },
});
/** An EMERGENCY referral to the shelter without consent: valid only with a 20+ character justification. */
const emergencyTo = (w: World, spoil: Record<string, unknown> = {}) =>
  referralTo(w, { toAgencyId: w.cast.agencies.SH.id, serviceType: 'EMERGENCY_SHELTER', urgency: 'EMERGENCY', scopes: ['LOCATION'], reason: 'bed tonight', ...spoil });

const cw1 = (w: World) => w.cast.people.cw1.token;
const pd1 = (w: World) => w.cast.people.pd1.token;

const CALLS: BadCall[] = [
  // createReferral
  { name: 'createReferral: malformed caseId', query: CREATE_REFERRAL, variables: (w) => referralTo(w, { caseId: 'K-1' }), token: cw1, path: 'input.caseId' },
  { name: 'createReferral: malformed toAgencyId', query: CREATE_REFERRAL, variables: (w) => referralTo(w, { toAgencyId: 'police' }), token: cw1, path: 'input.toAgencyId' },
  { name: 'createReferral: unknown toAgencyId', query: CREATE_REFERRAL, variables: (w) => referralTo(w, { toAgencyId: UNKNOWN }), token: cw1, path: 'input.toAgencyId' },
  { name: 'createReferral: its own agency as target', query: CREATE_REFERRAL, variables: (w) => referralTo(w, { toAgencyId: w.cast.agencies.CW.id }), token: cw1, path: 'input.toAgencyId' },
  {
    name: 'createReferral: its own agency as target, id in capitals',
    query: CREATE_REFERRAL,
    variables: (w) => referralTo(w, { toAgencyId: w.cast.agencies.CW.id.toUpperCase() }),
    token: cw1,
    path: 'input.toAgencyId',
  },
  { name: 'createReferral: unknown serviceType', query: CREATE_REFERRAL, variables: (w) => referralTo(w, { serviceType: 'SPA_DAY' }), token: cw1, message: /input\.serviceType/ },
  { name: 'createReferral: unknown urgency', query: CREATE_REFERRAL, variables: (w) => referralTo(w, { urgency: 'IMMEDIATELY' }), token: cw1, message: /input\.urgency/ },
  { name: 'createReferral: urgency in lower case', query: CREATE_REFERRAL, variables: (w) => referralTo(w, { urgency: 'urgent' }), token: cw1, message: /input\.urgency/ },
  { name: 'createReferral: unknown scope', query: CREATE_REFERRAL, variables: (w) => referralTo(w, { scopes: ['EVERYTHING'] }), token: cw1, message: /input\.scopes/ },
  { name: 'createReferral: scopes with SUMMARY', query: CREATE_REFERRAL, variables: (w) => referralTo(w, { scopes: ['SUMMARY'] }), token: cw1, path: 'input.scopes' },
  { name: 'createReferral: scopes with CLINICAL', query: CREATE_REFERRAL, variables: (w) => referralTo(w, { scopes: ['IDENTITY', 'CLINICAL'] }), token: cw1, path: 'input.scopes' },
  { name: 'createReferral: scopes with INVESTIGATION', query: CREATE_REFERRAL, variables: (w) => referralTo(w, { scopes: ['INVESTIGATION'] }), token: cw1, path: 'input.scopes' },
  { name: 'createReferral: empty reason', query: CREATE_REFERRAL, variables: (w) => referralTo(w, { reason: '' }), token: cw1, path: 'input.reason' },
  { name: 'createReferral: blank reason', query: CREATE_REFERRAL, variables: (w) => referralTo(w, { reason: '    ' }), token: cw1, path: 'input.reason' },
  { name: 'createReferral: reason of 2001 characters', query: CREATE_REFERRAL, variables: (w) => referralTo(w, { reason: LONG }), token: cw1, path: 'input.reason' },
  {
    name: 'createReferral: responseDueAt in the past',
    query: CREATE_REFERRAL,
    variables: (w) => referralTo(w, { responseDueAt: new Date(w.now.getTime() - HOUR).toISOString() }),
    token: cw1,
    path: 'input.responseDueAt',
  },
  {
    name: 'createReferral: responseDueAt one millisecond ago',
    query: CREATE_REFERRAL,
    variables: (w) => referralTo(w, { responseDueAt: new Date(w.now.getTime() - 1).toISOString() }),
    token: cw1,
    path: 'input.responseDueAt',
  },
  { name: 'createReferral: responseDueAt years ago', query: CREATE_REFERRAL, variables: (w) => referralTo(w, { responseDueAt: '2001-01-01T00:00:00Z' }), token: cw1, path: 'input.responseDueAt' },
  { name: 'createReferral: responseDueAt not a date', query: CREATE_REFERRAL, variables: (w) => referralTo(w, { responseDueAt: 'tomorrow' }), token: cw1, message: /input\.responseDueAt/ },
  {
    name: 'createReferral: emergencyJustification under 20 characters',
    query: CREATE_REFERRAL,
    variables: (w) => emergencyTo(w, { emergencyJustification: 'child at risk now' }),
    token: cw1,
    path: 'input.emergencyJustification',
  },
  {
    name: 'createReferral: emergencyJustification of 19 characters',
    query: CREATE_REFERRAL,
    variables: (w) => emergencyTo(w, { emergencyJustification: 'a'.repeat(19) }),
    token: cw1,
    path: 'input.emergencyJustification',
  },
  {
    name: 'createReferral: emergencyJustification padded with spaces to 20',
    query: CREATE_REFERRAL,
    variables: (w) => emergencyTo(w, { emergencyJustification: `      ${'b'.repeat(14)}      ` }),
    token: cw1,
    path: 'input.emergencyJustification',
  },
  {
    name: 'createReferral: emergencyJustification on an URGENT referral',
    query: CREATE_REFERRAL,
    variables: (w) => emergencyTo(w, { urgency: 'URGENT', emergencyJustification: 'Child found alone at night; guardian unreachable' }),
    token: cw1,
    path: 'input.emergencyJustification',
  },
  {
    name: 'createReferral: emergencyJustification on a ROUTINE referral',
    query: CREATE_REFERRAL,
    variables: (w) => referralTo(w, { urgency: 'ROUTINE', emergencyJustification: 'Child found alone at night; guardian unreachable' }),
    token: cw1,
    path: 'input.emergencyJustification',
  },
  // acceptReferral
  { name: 'acceptReferral: malformed id', query: ACCEPT_REFERRAL, variables: () => ({ id: 'r-1' }), token: pd1, path: 'id' },
  { name: 'acceptReferral: empty id', query: ACCEPT_REFERRAL, variables: () => ({ id: '' }), token: pd1, path: 'id' },
  { name: 'acceptReferral: id with a trailing character', query: ACCEPT_REFERRAL, variables: (w) => ({ id: `${w.requested.id}0` }), token: pd1, path: 'id' },
  { name: 'acceptReferral: numeric id', query: ACCEPT_REFERRAL, variables: () => ({ id: 12 }), token: pd1, path: 'id' },
  // declineReferral
  { name: 'declineReferral: malformed id', query: DECLINE_REFERRAL, variables: () => ({ id: 'nope', reason: 'NO_CAPACITY' }), token: pd1, path: 'id' },
  { name: 'declineReferral: unknown reason', query: DECLINE_REFERRAL, variables: (w) => ({ id: w.requested.id, reason: 'BUSY' }), token: pd1, message: /^reason must be a DeclineReason value/ },
  { name: 'declineReferral: reason as free text', query: DECLINE_REFERRAL, variables: (w) => ({ id: w.requested.id, reason: 'no capacity' }), token: pd1, message: /^reason must be a DeclineReason value/ },
  { name: 'declineReferral: unknown reason inline', query: `mutation($id: ID!) { declineReferral(id: $id, reason: BUSY) { id } }`, variables: (w) => ({ id: w.requested.id }), token: pd1, message: /BUSY/ },
  { name: 'declineReferral: empty note', query: DECLINE_REFERRAL, variables: (w) => ({ id: w.requested.id, reason: 'OTHER', note: '' }), token: pd1, path: 'note' },
  { name: 'declineReferral: blank note', query: DECLINE_REFERRAL, variables: (w) => ({ id: w.requested.id, reason: 'OTHER', note: '   ' }), token: pd1, path: 'note' },
  { name: 'declineReferral: note of 2001 characters', query: DECLINE_REFERRAL, variables: (w) => ({ id: w.requested.id, reason: 'OTHER', note: LONG }), token: pd1, path: 'note' },
  // withdrawReferral
  { name: 'withdrawReferral: malformed id', query: WITHDRAW_REFERRAL, variables: () => ({ id: 'x', reason: 'found another provider' }), token: cw1, path: 'id' },
  { name: 'withdrawReferral: empty reason', query: WITHDRAW_REFERRAL, variables: (w) => ({ id: w.requested.id, reason: '' }), token: cw1, path: 'reason' },
  { name: 'withdrawReferral: blank reason', query: WITHDRAW_REFERRAL, variables: (w) => ({ id: w.requested.id, reason: ' \n ' }), token: cw1, path: 'reason' },
  { name: 'withdrawReferral: reason of 2001 characters', query: WITHDRAW_REFERRAL, variables: (w) => ({ id: w.requested.id, reason: LONG }), token: cw1, path: 'reason' },
  // startReferral
  { name: 'startReferral: malformed id', query: START_REFERRAL, variables: () => ({ id: 'start-me' }), token: pd1, path: 'id' },
  { name: 'startReferral: empty id', query: START_REFERRAL, variables: () => ({ id: '' }), token: pd1, path: 'id' },
  // completeReferral
  { name: 'completeReferral: malformed id', query: COMPLETE_REFERRAL, variables: () => ({ id: '1', outcome: 'placed' }), token: pd1, path: 'id' },
  { name: 'completeReferral: empty outcome', query: COMPLETE_REFERRAL, variables: (w) => ({ id: w.accepted.id, outcome: '' }), token: pd1, path: 'outcome' },
  { name: 'completeReferral: blank outcome', query: COMPLETE_REFERRAL, variables: (w) => ({ id: w.accepted.id, outcome: '   ' }), token: pd1, path: 'outcome' },
  { name: 'completeReferral: outcome of 2001 characters', query: COMPLETE_REFERRAL, variables: (w) => ({ id: w.accepted.id, outcome: LONG }), token: pd1, path: 'outcome' },
  // failReferral
  { name: 'failReferral: malformed id', query: FAIL_REFERRAL, variables: () => ({ id: 'fail', reason: 'youth left' }), token: pd1, path: 'id' },
  { name: 'failReferral: empty reason', query: FAIL_REFERRAL, variables: (w) => ({ id: w.accepted.id, reason: '' }), token: pd1, path: 'reason' },
  { name: 'failReferral: blank reason', query: FAIL_REFERRAL, variables: (w) => ({ id: w.accepted.id, reason: '  ' }), token: pd1, path: 'reason' },
  { name: 'failReferral: reason of 2001 characters', query: FAIL_REFERRAL, variables: (w) => ({ id: w.accepted.id, reason: LONG }), token: pd1, path: 'reason' },
  // requestHandoff (K has a pending handoff, K2 has none)
  { name: 'requestHandoff: malformed caseId', query: REQUEST_HANDOFF, variables: (w) => ({ input: { caseId: 'case', toAgencyId: w.cw2Agency.id, reason: 'family moved' } }), token: cw1, path: 'input.caseId' },
  { name: 'requestHandoff: malformed toAgencyId', query: REQUEST_HANDOFF, variables: (w) => ({ input: { caseId: w.K2.id, toAgencyId: 'cw2', reason: 'family moved' } }), token: cw1, path: 'input.toAgencyId' },
  { name: 'requestHandoff: unknown toAgencyId', query: REQUEST_HANDOFF, variables: (w) => ({ input: { caseId: w.K2.id, toAgencyId: UNKNOWN, reason: 'family moved' } }), token: cw1, path: 'input.toAgencyId' },
  {
    name: 'requestHandoff: to the current lead',
    query: REQUEST_HANDOFF,
    variables: (w) => ({ input: { caseId: w.K2.id, toAgencyId: w.cast.agencies.CW.id, reason: 'family moved' } }),
    token: cw1,
    path: 'input.toAgencyId',
  },
  {
    name: 'requestHandoff: to the current lead of a case with a pending handoff',
    query: REQUEST_HANDOFF,
    variables: (w) => ({ input: { caseId: w.cast.K.id, toAgencyId: w.cast.agencies.CW.id, reason: 'family moved' } }),
    token: (w) => w.cast.people.cwSup.token,
    path: 'input.toAgencyId',
  },
  { name: 'requestHandoff: empty reason', query: REQUEST_HANDOFF, variables: (w) => ({ input: { caseId: w.K2.id, toAgencyId: w.cw2Agency.id, reason: '' } }), token: cw1, path: 'input.reason' },
  { name: 'requestHandoff: blank reason', query: REQUEST_HANDOFF, variables: (w) => ({ input: { caseId: w.K2.id, toAgencyId: w.cw2Agency.id, reason: '   ' } }), token: cw1, path: 'input.reason' },
  { name: 'requestHandoff: reason of 2001 characters', query: REQUEST_HANDOFF, variables: (w) => ({ input: { caseId: w.K2.id, toAgencyId: w.cw2Agency.id, reason: LONG } }), token: cw1, path: 'input.reason' },
  // acceptHandoff
  { name: 'acceptHandoff: malformed id', query: ACCEPT_HANDOFF, variables: () => ({ id: 'h' }), token: (w) => w.cw2Sup.token, path: 'id' },
  { name: 'acceptHandoff: id with a trailing character', query: ACCEPT_HANDOFF, variables: (w) => ({ id: `${w.handoff.id}f` }), token: (w) => w.cw2Sup.token, path: 'id' },
  // declineHandoff
  { name: 'declineHandoff: malformed id', query: DECLINE_HANDOFF, variables: () => ({ id: 'h-2', reason: 'no capacity' }), token: (w) => w.cw2Sup.token, path: 'id' },
  { name: 'declineHandoff: empty reason', query: DECLINE_HANDOFF, variables: (w) => ({ id: w.handoff.id, reason: '' }), token: (w) => w.cw2Sup.token, path: 'reason' },
  { name: 'declineHandoff: blank reason', query: DECLINE_HANDOFF, variables: (w) => ({ id: w.handoff.id, reason: '    ' }), token: (w) => w.cw2Sup.token, path: 'reason' },
  { name: 'declineHandoff: reason of 2001 characters', query: DECLINE_HANDOFF, variables: (w) => ({ id: w.handoff.id, reason: LONG }), token: (w) => w.cw2Sup.token, path: 'reason' },
  // cancelHandoff
  { name: 'cancelHandoff: malformed id', query: CANCEL_HANDOFF, variables: () => ({ id: '12' }), token: cw1, path: 'id' },
  { name: 'cancelHandoff: empty id', query: CANCEL_HANDOFF, variables: () => ({ id: '' }), token: cw1, path: 'id' },
];

const MUTATIONS = [
  'createReferral',
  'acceptReferral',
  'declineReferral',
  'withdrawReferral',
  'startReferral',
  'completeReferral',
  'failReferral',
  'requestHandoff',
  'acceptHandoff',
  'declineHandoff',
  'cancelHandoff',
];

describe('bad input on every referral and handoff mutation: BAD_USER_INPUT, nothing changed', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date());
    const cast = await policyCast(t);
    const { people, agencies } = cast;
    const K2 = (await t.gql.ok(CREATE_CASE, { input: { child: { legalName: 'Second Bad Input Child', dateOfBirth: '2012-02-02' } } }, people.cw1.token)).createCase;
    const requested = (await t.gql.ok(CREATE_REFERRAL, {
      input: { caseId: cast.K.id, toAgencyId: agencies.PD.id, serviceType: 'INVESTIGATION', urgency: 'URGENT', scopes: ['IDENTITY'], reason: 'mandated report' },
    }, people.cw1.token)).createReferral;
    const accepted = (await t.gql.ok(CREATE_REFERRAL, {
      input: { caseId: cast.K.id, toAgencyId: agencies.PD.id, serviceType: 'FORENSIC_INTERVIEW', urgency: 'ROUTINE', scopes: [], reason: 'interview' },
    }, people.cw1.token)).createReferral;
    await t.gql.ok(ACCEPT_REFERRAL, { id: accepted.id }, people.pd1.token);
    const cw2Agency = await t.world.agency(AgencyType.CHILD_WELFARE, agencies.CW.jurisdictionId);
    const cw2SupUser = await t.world.user(Role.SUPERVISOR, cw2Agency.id);
    const cw2Sup = { ...cw2SupUser, token: await t.signIn(cw2SupUser) };
    const handoff = (await t.gql.ok(REQUEST_HANDOFF, { input: { caseId: cast.K.id, toAgencyId: cw2Agency.id, reason: 'family moved county' } }, people.cw1.token)).requestHandoff;
    w = { cast, K2, requested, accepted, handoff, cw2Agency, cw2Sup, now: t.clock.now() };
  }, 60_000);
  afterAll(() => t.close());

  /** Everything a referral or handoff mutation could touch on K and K2. */
  async function snapshot() {
    const caseIds = [w.cast.K.id, w.K2.id];
    const rows: Record<string, unknown> = {};
    for (const table of ['referral', 'handoff', 'membership', 'assignment', 'case_event', 'consent', 'note']) {
      rows[table] = await t.world.count(table, 'case_id = ANY($1::uuid[])', [caseIds]);
    }
    rows.referrals = await t.db.query(`SELECT id, status, version, status_note_sealed, outcome_sealed, decline_reason FROM referral WHERE case_id = ANY($1::uuid[]) ORDER BY id`, [caseIds]);
    rows.handoffs = await t.db.query(`SELECT id, status, version, status_note_sealed FROM handoff WHERE case_id = ANY($1::uuid[]) ORDER BY id`, [caseIds]);
    rows.memberships = await t.db.query(`SELECT agency_id, role, scopes, active FROM membership WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, agency_id`, [caseIds]);
    rows.assignments = await t.db.query(`SELECT user_id, role, active FROM assignment WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, user_id`, [caseIds]);
    rows.cases = await t.db.query(`SELECT id, lead_agency_id, status, version FROM case_file WHERE id = ANY($1::uuid[]) ORDER BY id`, [caseIds]);
    rows.outbox = await t.world.count('outbox', `payload->>'caseId' = ANY($1::text[])`, [caseIds]);
    return rows;
  }

  it('the fixtures are what the calls expect: one REQUESTED and one ACCEPTED referral, one REQUESTED handoff', async () => {
    const statuses = await t.db.query(`SELECT id, status, version FROM referral WHERE case_id = $1`, [w.cast.K.id]);
    expect(statuses).toEqual(expect.arrayContaining([
      { id: w.requested.id, status: 'REQUESTED', version: 1 },
      { id: w.accepted.id, status: 'ACCEPTED', version: 2 },
    ]));
    expect(statuses).toHaveLength(2);
    const [handoff] = await t.db.query(`SELECT status, version FROM handoff WHERE id = $1`, [w.handoff.id]);
    expect(handoff).toEqual({ status: 'REQUESTED', version: 1 });
  });

  it.each(CALLS.map((call) => [call.name, call] as const))('%s', async (_name, call) => {
    const before = await snapshot();
    const response = await t.gql.query(call.query, call.variables(w), call.token(w));
    expect(response.errors).toHaveLength(1);
    expect(response.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.data?.[call.name.split(':')[0]!] ?? null).toBeNull();
    if (call.path) {
      const fields = (response.errors[0]?.extensions?.fields as { path: string }[] | undefined) ?? [];
      expect([...new Set(fields.map((field) => field.path))]).toEqual([call.path]);
    }
    if (call.message) expect(response.errors[0]?.message).toMatch(call.message);
    // The error says what is wrong but leaks no SQL or stack.
    expect(response.errors[0]?.message).not.toMatch(/SELECT|INSERT|UPDATE|violates|at .*\.ts:/);
    expect(await snapshot()).toEqual(before);
  });

  it('covers every referral and handoff mutation, and each one with a field path', () => {
    for (const mutation of MUTATIONS) {
      const calls = CALLS.filter((call) => call.name.startsWith(`${mutation}:`));
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.some((call) => call.path !== undefined)).toBe(true);
    }
    expect(new Set(CALLS.map((call) => call.name)).size).toBe(CALLS.length);
  });

  // Last: the calls above are refused for their bad field alone. The same calls with the field put right succeed.
  it('the same calls with the bad field put right are accepted (boundaries included)', async () => {
    const { people, agencies } = w.cast;
    const sent = await t.gql.ok(CREATE_REFERRAL, referralTo(w, { reason: 'r'.repeat(2000), toAgencyId: agencies.PD.id.toUpperCase() }), people.cw1.token);
    expect(sent.createReferral.status).toBe('REQUESTED');
    const emergency = await t.gql.ok(CREATE_REFERRAL, emergencyTo(w, { emergencyJustification: ` ${'j'.repeat(20)} ` }), people.cw1.token);
    expect(emergency.createReferral.status).toBe('REQUESTED');
    await t.gql.ok(RECORD_CONSENT, { input: { caseId: w.cast.K.id, grantedBy: 'GUARDIAN', scopes: ['SERVICES'], agencyIds: [agencies.CO.id], purpose: 'counseling' } }, people.cw1.token);
    const due = new Date(t.clock.now().getTime() + 5 * HOUR).toISOString();
    const routine = await t.gql.ok(`mutation($input: CreateReferralInput!) { createReferral(input: $input) { id responseDueAt } }`, {
      input: { caseId: w.cast.K.id, toAgencyId: agencies.CO.id, serviceType: 'COUNSELING', urgency: 'ROUTINE', scopes: ['SERVICES'], reason: 'weekly sessions', responseDueAt: due },
    }, people.cw1.token);
    expect(routine.createReferral.responseDueAt).toBe(due);
    expect((await t.gql.ok(DECLINE_REFERRAL, { id: w.requested.id, reason: 'OTHER', note: 'n'.repeat(2000) }, people.pd1.token)).declineReferral.status).toBe('DECLINED');
    expect((await t.gql.ok(START_REFERRAL, { id: w.accepted.id }, people.pd1.token)).startReferral.status).toBe('IN_PROGRESS');
    expect((await t.gql.ok(COMPLETE_REFERRAL, { id: w.accepted.id, outcome: 'o'.repeat(2000) }, people.pd1.token)).completeReferral.status).toBe('COMPLETED');
    const [row] = await t.db.query(`SELECT outcome_sealed FROM referral WHERE id = $1`, [w.accepted.id]);
    expect(t.app.get(PiiCipher).decrypt(row.outcome_sealed, REFERRAL_TEXT.columns.outcome_sealed!(w.accepted.id))).toHaveLength(2000);
    expect((await t.gql.ok(DECLINE_HANDOFF, { id: w.handoff.id, reason: ' no capacity ' }, w.cw2Sup.token)).declineHandoff.status).toBe('DECLINED');
    expect((await t.gql.ok(REQUEST_HANDOFF, { input: { caseId: w.K2.id, toAgencyId: w.cw2Agency.id, reason: 'h'.repeat(2000) } }, people.cw1.token)).requestHandoff.status).toBe('REQUESTED');
  });
});
