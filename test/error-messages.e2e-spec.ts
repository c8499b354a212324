import { AgencyType, Role } from '@tandem/authz';
import { GraphQLErrorShape } from '@tandem/testing';
import { createTestApp, TestApp } from './support/test-app';
import { Actor, CREATE_CASE, policyCast } from './support/case-fixtures';

type Cast = Awaited<ReturnType<typeof policyCast>>;

const CREATE_REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`;
const REFERRAL = {
  accept: `mutation($id: ID!) { acceptReferral(id: $id) { id status } }`,
  decline: `mutation($id: ID!) { declineReferral(id: $id, reason: NO_CAPACITY) { id status } }`,
  withdraw: `mutation($id: ID!) { withdrawReferral(id: $id, reason: "no longer needed") { id status } }`,
  start: `mutation($id: ID!) { startReferral(id: $id) { id status } }`,
  complete: `mutation($id: ID!) { completeReferral(id: $id, outcome: "placed") { id status } }`,
  fail: `mutation($id: ID!) { failReferral(id: $id, reason: "left the program") { id status } }`,
};
const HANDOFF = {
  request: `mutation($input: RequestHandoffInput!) { requestHandoff(input: $input) { id } }`,
  accept: `mutation($id: ID!) { acceptHandoff(id: $id) { id status } }`,
  decline: `mutation($id: ID!) { declineHandoff(id: $id, reason: "no capacity") { id status } }`,
  cancel: `mutation($id: ID!) { cancelHandoff(id: $id) { id status } }`,
};
const UPDATE = `mutation($id: ID!, $v: Int!) { updateCase(id: $id, input: { riskLevel: LOW }, expectedVersion: $v) { id version } }`;

/** Messages that start a status with "A" before a vowel ("A ACCEPTED referral"), or glue "ed" on a verb. */
const UNGRAMMATICAL = /\bA [AEIOU]|withdrawed|eed\b|cancelled\b.*cancelled/;

describe('error messages read right: lifecycle refusals, field lists, stale and impossible versions', () => {
  let t: TestApp;
  let cast: Cast;
  let receivingSup: Actor;
  let receivingAgencyId: string;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await policyCast(t);
    const agency = await t.world.agency(AgencyType.CHILD_WELFARE, cast.agencies.CW.jurisdictionId);
    receivingAgencyId = agency.id;
    const sup = await t.world.user(Role.SUPERVISOR, agency.id);
    receivingSup = { ...sup, token: await t.signIn(sup) };
  }, 60_000);
  afterAll(() => t.close());

  const newCase = async (): Promise<string> =>
    (await t.gql.ok(CREATE_CASE, { input: { child: { legalName: 'Message Child', dateOfBirth: '2012-02-02' } } }, cast.people.cw1.token)).createCase.id;

  const refuse = async (query: string, variables: Record<string, unknown>, token: string): Promise<GraphQLErrorShape> => {
    const response = await t.gql.query(query, variables, token);
    expect(response.data).toBeNull();
    return response.errors[0]!;
  };

  it('a referral move the lifecycle does not draw says what the referral is and what it cannot be', async () => {
    const { people, agencies } = cast;
    const caseId = await newCase();
    const send = async () =>
      (await t.gql.ok(CREATE_REFERRAL, { input: { caseId, toAgencyId: agencies.SH.id, serviceType: 'HOUSING', urgency: 'ROUTINE', scopes: [], reason: 'needs housing' } }, people.cw1.token)).createReferral.id as string;
    const accepted = await send();
    await t.gql.ok(REFERRAL.accept, { id: accepted }, people.sh1.token);
    const declined = await send();
    await t.gql.ok(REFERRAL.decline, { id: declined }, people.sh1.token);
    const started = await send();
    await t.gql.ok(REFERRAL.accept, { id: started }, people.sh1.token);
    await t.gql.ok(REFERRAL.start, { id: started }, people.sh1.token);
    const requested = await send();

    const seen: string[] = [];
    const expectRefusal = async (query: string, id: string, token: string, message: string) => {
      const error = await refuse(query, { id }, token);
      expect({ code: error.extensions?.code, message: error.message }).toEqual({ code: 'CONFLICT', message });
      seen.push(error.message);
    };
    await expectRefusal(REFERRAL.accept, accepted, people.sh1.token, 'This referral is ACCEPTED and cannot be accepted');
    await expectRefusal(REFERRAL.decline, accepted, people.sh1.token, 'This referral is ACCEPTED and cannot be declined');
    await expectRefusal(REFERRAL.withdraw, started, people.cw1.token, 'This referral is IN_PROGRESS and cannot be withdrawn');
    await expectRefusal(REFERRAL.accept, declined, people.sh1.token, 'This referral is DECLINED and cannot be accepted');
    await expectRefusal(REFERRAL.start, requested, people.sh1.token, 'This referral is REQUESTED and cannot be started');
    await expectRefusal(REFERRAL.complete, requested, people.sh1.token, 'This referral is REQUESTED and cannot be completed');
    await expectRefusal(REFERRAL.fail, requested, people.sh1.token, 'This referral is REQUESTED and cannot be failed');
    for (const message of seen) expect(message).not.toMatch(UNGRAMMATICAL);
  });

  it('a second pending referral or handoff is refused in a sentence', async () => {
    const caseId = await newCase();
    const referral = { caseId, toAgencyId: cast.agencies.SH.id, serviceType: 'HOUSING', urgency: 'ROUTINE', scopes: [], reason: 'needs housing' };
    await t.gql.ok(CREATE_REFERRAL, { input: referral }, cast.people.cw1.token);
    const again = await refuse(CREATE_REFERRAL, { input: referral }, cast.people.cw1.token);
    expect([again.extensions?.code, again.message]).toEqual(['CONFLICT', 'A referral for this service to this agency is already pending']);
    const handoff = { caseId, toAgencyId: receivingAgencyId, reason: 'family moved' };
    await t.gql.ok(HANDOFF.request, { input: handoff }, cast.people.cw1.token);
    const twice = await refuse(HANDOFF.request, { input: handoff }, cast.people.cw1.token);
    expect([twice.extensions?.code, twice.message]).toEqual(['CONFLICT', 'A handoff of this case is already pending']);
  });

  it('a handoff move the lifecycle does not draw reads the same way', async () => {
    // The requester still sees a declined handoff's case; the receiving agency sees an accepted
    // one (it leads now). Whoever no longer sees the case learns nothing: NOT_FOUND.
    const declinedCase = await newCase();
    const declined = (await t.gql.ok(HANDOFF.request, { input: { caseId: declinedCase, toAgencyId: receivingAgencyId, reason: 'family moved' } }, cast.people.cw1.token)).requestHandoff.id;
    await t.gql.ok(HANDOFF.decline, { id: declined }, receivingSup.token);
    const acceptedCase = await newCase();
    const accepted = (await t.gql.ok(HANDOFF.request, { input: { caseId: acceptedCase, toAgencyId: receivingAgencyId, reason: 'family moved' } }, cast.people.cw1.token)).requestHandoff.id;
    await t.gql.ok(HANDOFF.accept, { id: accepted }, receivingSup.token);
    const messages = [
      (await refuse(HANDOFF.accept, { id: accepted }, receivingSup.token)).message,
      (await refuse(HANDOFF.decline, { id: accepted }, receivingSup.token)).message,
      (await refuse(HANDOFF.cancel, { id: declined }, cast.people.cw1.token)).message,
    ];
    expect(messages).toEqual([
      'This handoff is ACCEPTED and cannot be accepted',
      'This handoff is ACCEPTED and cannot be declined',
      'This handoff is DECLINED and cannot be cancelled',
    ]);
    expect((await refuse(HANDOFF.accept, { id: declined }, receivingSup.token)).extensions?.code).toBe('NOT_FOUND');
  });

  it('a case move the lifecycle does not draw reads the same way', async () => {
    const caseId = await newCase();
    const close = await refuse(`mutation($id: ID!) { closeCase(id: $id, reason: "done") { id } }`, { id: caseId }, cast.people.cwSup.token);
    const reopen = await refuse(`mutation($id: ID!) { reopenCase(id: $id) { id } }`, { id: caseId }, cast.people.cwSup.token);
    expect([close.extensions?.code, close.message]).toEqual(['CONFLICT', 'This case is OPEN and cannot be closed']);
    expect([reopen.extensions?.code, reopen.message]).toEqual(['CONFLICT', 'This case is OPEN and cannot be reopened']);
    const review = await refuse(`mutation($id: ID!) { recordCaseReview(caseId: $id) { caseId } }`, { id: caseId }, cast.people.cwSup.token);
    expect([review.extensions?.code, review.message]).toEqual(['CONFLICT', 'This case is OPEN and cannot be reviewed']);
  });

  it('a bad birth date names its field once', async () => {
    for (const dateOfBirth of ['2010-02-30', 'yesterday', '2010-1-1']) {
      const create = await refuse(CREATE_CASE, { input: { child: { legalName: 'Once Child', dateOfBirth } } }, cast.people.cw1.token);
      expect({ dateOfBirth, code: create.extensions?.code, paths: (create.extensions?.fields as { path: string }[]).map((f) => f.path) }).toEqual({
        dateOfBirth,
        code: 'BAD_USER_INPUT',
        paths: ['input.child.dateOfBirth'],
      });
    }
    const update = await refuse(`mutation($id: ID!) { updateCase(id: $id, input: { dateOfBirth: "2010-02-30" }, expectedVersion: 1) { id } }`, { id: cast.K.id }, cast.people.cw1.token);
    expect((update.extensions?.fields as { path: string }[]).map((f) => f.path)).toEqual(['input.dateOfBirth']);
  });

  it('updateCase tells a stale version (CONFLICT, reload) from one that never existed (BAD_USER_INPUT on expectedVersion)', async () => {
    const caseId = await newCase();
    const version = async () => (await t.db.query(`SELECT version, risk_level FROM case_file WHERE id = $1`, [caseId]))[0];
    expect((await version()).version).toBe(1);

    for (const v of [0, -1, 2, 99]) {
      const error = await refuse(UPDATE, { id: caseId, v }, cast.people.cw1.token);
      expect({ v, code: error.extensions?.code, paths: (error.extensions?.fields as { path: string }[] | undefined)?.map((f) => f.path) }).toEqual({ v, code: 'BAD_USER_INPUT', paths: ['expectedVersion'] });
      expect(error.message).not.toMatch(/someone else/);
    }
    const ahead = await refuse(UPDATE, { id: caseId, v: 2 }, cast.people.cw1.token);
    expect(ahead.message).toMatch(/version 1\b/);
    expect(await version()).toEqual({ version: 1, risk_level: 'UNKNOWN' });

    await t.gql.ok(UPDATE, { id: caseId, v: 1 }, cast.people.cw1.token);
    const stale = await refuse(UPDATE, { id: caseId, v: 1 }, cast.people.cw1.token);
    expect(stale.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    expect(stale.message).toBe('The case changed since version 1 (it is now at version 2): reload it and try again');
    expect(await version()).toEqual({ version: 2, risk_level: 'LOW' });
  });

  it('a viewer who does not see the case learns nothing of its versions: NOT_FOUND whatever the version', async () => {
    const caseId = await newCase();
    for (const v of [-1, 0, 1, 2, 99]) {
      expect(await t.gql.code(UPDATE, { id: caseId, v }, cast.people.sh1.token)).toBe('NOT_FOUND');
    }
  });
});
