import { randomBytes, randomUUID } from 'node:crypto';
import { AgencyType, Role } from '@tandem/authz';
import { WorldUser } from '@tandem/testing';
import { createTestApp, TestApp } from './support/test-app';

// Bad input to every mutation: each is refused with BAD_USER_INPUT (naming the field where the
// server's own validation caught it) and leaves the database exactly as it was.

const CREATE_JURISDICTION = `mutation($input: CreateJurisdictionInput!) { createJurisdiction(input: $input) { id } }`;
const CREATE_AGENCY = `mutation($input: CreateAgencyInput!) { createAgency(input: $input) { id } }`;
const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`;
const DISABLE_USER = `mutation($id: ID!) { disableUser(id: $id) { id active } }`;
const ENABLE_USER = `mutation($id: ID!) { enableUser(id: $id) { id active } }`;
const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`;
const LOGIN_UNTYPED = `mutation($email: String, $password: String) { login(email: $email, password: $password) { accessToken } }`;
const REFRESH = `mutation($token: String!) { refreshToken(token: $token) { accessToken } }`;
const USERS = `query($agencyId: ID, $first: Int, $after: String) {
  users(agencyId: $agencyId, first: $first, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } }
}`;

const GOOD_PASSWORD = 'Perfectly-Fine-Pass-1';
/** Marks every row this file could cause, so the "nothing changed" counts ignore suites running beside it. */
const TAG = `bi${randomBytes(4).toString('hex')}`;

/**
 * How the refusal must look: a path named by `extensions.fields[0]`; a variable refused by GraphQL's
 * own type check (its path named too); or an operation that is itself invalid (a nullable variable
 * in a non-null position), refused with the variable named in the message and no fields.
 */
type Expect = { path: string } | { graphqlValidation: true } | { invalidOperation: string };

interface BadCase {
  name: string;
  operation: string;
  variables: () => Record<string, unknown>;
  expect: Expect;
  as: 'systemAdmin' | 'agencyAdmin' | 'anonymous';
}

type CaseSpec = Omit<BadCase, 'operation' | 'as'>;

function casesFor(operation: string, as: BadCase['as'], specs: CaseSpec[], suffix = ''): BadCase[] {
  return specs.map((spec) => ({ ...spec, name: spec.name + suffix, operation, as }));
}

describe('bad input to every mutation', () => {
  let t: TestApp;
  let sysToken: string;
  let adminToken: string;
  let jurisdiction: { id: string; code: string };
  let agency: { id: string };
  let staff: WorldUser;
  let disabledStaff: WorldUser;
  let staffRefreshToken: string;
  /** Jurisdiction codes the cases below send, upper-cased: a row with one of them would be this file's. */
  const codes: string[] = [];

  function freshCode(): string {
    const code = Array.from(randomBytes(5), (byte) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[byte % 26]).join('');
    codes.push(code);
    return code;
  }
  const tagged = (what: string) => `${TAG} ${what}`;
  const taggedEmail = (what: string) => `${what}-${TAG}-${randomBytes(3).toString('hex')}@tandem.test`;

  beforeAll(async () => {
    t = await createTestApp();
    const sysAdmin = await t.world.user(Role.SYSTEM_ADMIN, null);
    sysToken = await t.signIn(sysAdmin);
    jurisdiction = await t.world.jurisdiction(tagged('County'));
    codes.push(jurisdiction.code);
    agency = await t.world.agency(AgencyType.CHILD_WELFARE, jurisdiction.id, tagged('Child Welfare'));
    const agencyAdmin = await t.world.user(Role.AGENCY_ADMIN, agency.id);
    adminToken = await t.signIn(agencyAdmin);
    staff = await t.world.user(Role.STAFF, agency.id);
    disabledStaff = await t.world.user(Role.STAFF, agency.id, { active: false });
    staffRefreshToken = (
      await t.gql.ok<{ login: { refreshToken: string } }>(
        `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { refreshToken } }`,
        { email: staff.email, password: staff.password },
      )
    ).login.refreshToken;
  });
  afterAll(() => t.close());

  /**
   * Row counts of the four tables, limited to the rows this file could cause: other suites run in
   * parallel against the same database, so unfiltered counts would move under us.
   */
  async function snapshot() {
    const jurisdictions = `jurisdiction_id IN (SELECT id FROM jurisdiction WHERE name LIKE $1 OR upper(code) = ANY($2::text[]))`;
    const users = `(agency_id IN (SELECT id FROM agency WHERE name LIKE $1 OR ${jurisdictions}) OR email LIKE $3 OR display_name LIKE $1)`;
    const params = [`%${TAG}%`, codes, `%${TAG}%`];
    return {
      jurisdiction: await t.world.count('jurisdiction', `name LIKE $1 OR upper(code) = ANY($2::text[])`, params.slice(0, 2)),
      agency: await t.world.count('agency', `name LIKE $1 OR ${jurisdictions}`, params.slice(0, 2)),
      app_user: await t.world.count('app_user', users, params),
      activeUsers: await t.world.count('app_user', `active AND ${users}`, params),
      auth_session: await t.world.count('auth_session', `user_id IN (SELECT id FROM app_user WHERE ${users})`, params),
      liveSessions: await t.world.count('auth_session', `revoked_at IS NULL AND user_id IN (SELECT id FROM app_user WHERE ${users})`, params),
      refresh_token: await t.world.count(
        'refresh_token',
        `session_id IN (SELECT s.id FROM auth_session s WHERE s.user_id IN (SELECT id FROM app_user WHERE ${users}))`,
        params,
      ),
      failedLogins: await t.world.count('app_user', `failed_login_count > 0 AND ${users}`, params),
    };
  }

  function tokenFor(as: BadCase['as']): string | undefined {
    if (as === 'systemAdmin') return sysToken;
    if (as === 'agencyAdmin') return adminToken;
    return undefined;
  }

  async function expectBadInput(c: BadCase): Promise<void> {
    const before = await snapshot();
    const response = await t.gql.query(c.operation, c.variables(), tokenFor(c.as));
    const error = response.errors[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.data).toBeNull();
    const fields = error?.extensions?.fields as { path: string; message: string }[] | undefined;
    if ('path' in c.expect) {
      expect(fields?.[0]?.path).toBe(c.expect.path);
      expect(fields?.[0]?.message).toEqual(expect.any(String));
    } else if ('invalidOperation' in c.expect) {
      expect(fields).toBeUndefined();
      expect(error?.message).toContain(`"${c.expect.invalidOperation}"`);
    } else {
      // GraphQL's own type check names the variable's path too, never the value sent.
      expect(fields?.length).toBeGreaterThan(0);
      expect(fields![0]!.path).toMatch(/^[A-Za-z]/);
      expect(error?.message).not.toContain('$');
    }
    expect(await snapshot()).toEqual(before);
  }

  const long = (n: number) => 'x'.repeat(n);

  describe('createJurisdiction', () => {
    const input = (overrides: Record<string, unknown>) => () => ({ input: { name: tagged('County'), code: freshCode(), ...overrides } });
    const cases = casesFor(CREATE_JURISDICTION, 'systemAdmin', [
      { name: 'lowercase code', variables: () => ({ input: { name: tagged('County'), code: freshCode().toLowerCase() } }), expect: { path: 'input.code' } },
      { name: 'mixed-case code', variables: () => ({ input: { name: tagged('County'), code: 'StL' } }), expect: { path: 'input.code' } },
      { name: 'one-letter code', variables: input({ code: 'Q' }), expect: { path: 'input.code' } },
      { name: 'six-letter code', variables: input({ code: 'ABCDEF' }), expect: { path: 'input.code' } },
      { name: 'code with a digit', variables: input({ code: 'ST1' }), expect: { path: 'input.code' } },
      { name: 'empty code', variables: input({ code: '' }), expect: { path: 'input.code' } },
      { name: 'empty name', variables: input({ name: '' }), expect: { path: 'input.name' } },
      { name: 'one-character name', variables: input({ name: 'X' }), expect: { path: 'input.name' } },
      { name: 'name of 121 characters', variables: input({ name: TAG + long(121 - TAG.length) }), expect: { path: 'input.name' } },
      { name: 'blank name (spaces only)', variables: input({ name: '     ' }), expect: { path: 'input.name' } },
      { name: 'name that trims to one character', variables: input({ name: '  X  ' }), expect: { path: 'input.name' } },
      { name: 'name with a NUL character', variables: input({ name: `${tagged('County')}\u0000` }), expect: { path: 'input.name' } },
      { name: 'number for the code (GraphQL type)', variables: input({ code: 42 }), expect: { graphqlValidation: true } },
      { name: 'missing code (GraphQL type)', variables: () => ({ input: { name: tagged('County') } }), expect: { graphqlValidation: true } },
      { name: 'null name (GraphQL type)', variables: input({ name: null }), expect: { graphqlValidation: true } },
      { name: 'unknown field (GraphQL type)', variables: input({ population: 3 }), expect: { graphqlValidation: true } },
    ]);

    it.each(cases)('$name', (c) => expectBadInput(c));

    it('inline literal with a wrong type', async () => {
      const before = await snapshot();
      const code = freshCode();
      const response = await t.gql.query(`mutation { createJurisdiction(input: { name: "${tagged('County')}", code: ${code.length} }) { id } }`, {}, sysToken);
      expect(response.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors[0]?.extensions?.fields).toBeUndefined();
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('createAgency', () => {
    const input = (overrides: Record<string, unknown>) => () => ({
      input: { name: tagged('Agency'), type: 'SHELTER', jurisdictionId: jurisdiction.id, ...overrides },
    });
    const cases = casesFor(CREATE_AGENCY, 'systemAdmin', [
      { name: 'malformed jurisdictionId "abc"', variables: input({ jurisdictionId: 'abc' }), expect: { path: 'input.jurisdictionId' } },
      { name: 'empty jurisdictionId', variables: input({ jurisdictionId: '' }), expect: { path: 'input.jurisdictionId' } },
      { name: 'jurisdictionId with a trailing character', variables: () => input({ jurisdictionId: `${jurisdiction.id}x` })(), expect: { path: 'input.jurisdictionId' } },
      { name: 'unknown jurisdictionId', variables: input({ jurisdictionId: randomUUID() }), expect: { path: 'input.jurisdictionId' } },
      { name: 'empty name', variables: input({ name: '' }), expect: { path: 'input.name' } },
      { name: 'one-character name', variables: input({ name: 'A' }), expect: { path: 'input.name' } },
      { name: 'name of 161 characters', variables: input({ name: TAG + long(161 - TAG.length) }), expect: { path: 'input.name' } },
      { name: 'blank name (spaces only)', variables: input({ name: '      ' }), expect: { path: 'input.name' } },
      { name: 'bad contact email', variables: input({ contactEmail: 'intake-at-agency' }), expect: { path: 'input.contactEmail' } },
      { name: 'empty contact email', variables: input({ contactEmail: '' }), expect: { path: 'input.contactEmail' } },
      { name: 'contact email of 255 characters', variables: input({ contactEmail: `${long(60)}@${long(190)}.test` }), expect: { path: 'input.contactEmail' } },
      { name: 'bad contact phone', variables: input({ contactPhone: 'call the front desk' }), expect: { path: 'input.contactPhone' } },
      { name: 'contact phone of 26 digits', variables: input({ contactPhone: '1'.repeat(26) }), expect: { path: 'input.contactPhone' } },
      { name: 'type not in the enum (GraphQL type)', variables: input({ type: 'SPACESHIP' }), expect: { graphqlValidation: true } },
      { name: 'lowercase type (GraphQL type)', variables: input({ type: 'shelter' }), expect: { graphqlValidation: true } },
      { name: 'number for the name (GraphQL type)', variables: input({ name: 1234 }), expect: { graphqlValidation: true } },
      { name: 'missing jurisdictionId (GraphQL type)', variables: () => ({ input: { name: tagged('Agency'), type: 'SHELTER' } }), expect: { graphqlValidation: true } },
    ]);

    it.each(cases)('$name', (c) => expectBadInput(c));

    it('inline literal with an enum value that does not exist', async () => {
      const before = await snapshot();
      const response = await t.gql.query(
        `mutation { createAgency(input: { name: "${tagged('Agency')}", type: SPACESHIP, jurisdictionId: "${jurisdiction.id}" }) { id } }`,
        {},
        sysToken,
      );
      expect(response.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors[0]?.extensions?.fields).toBeUndefined();
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('createUser', () => {
    const staffInput = (overrides: Record<string, unknown>) => () => ({
      input: { email: taggedEmail('staff'), displayName: tagged('Staff'), role: 'STAFF', agencyId: agency.id, password: GOOD_PASSWORD, ...overrides },
    });
    const adminInput = (overrides: Record<string, unknown>) => () => ({
      input: { email: taggedEmail('admin'), displayName: tagged('Admin'), role: 'AGENCY_ADMIN', agencyId: agency.id, password: GOOD_PASSWORD, ...overrides },
    });
    const byAgencyAdmin: CaseSpec[] = [
      { name: 'bad email', variables: staffInput({ email: 'not-an-email' }), expect: { path: 'input.email' } },
      { name: 'email without a domain', variables: staffInput({ email: `${TAG}@` }), expect: { path: 'input.email' } },
      { name: 'empty email', variables: staffInput({ email: '' }), expect: { path: 'input.email' } },
      { name: 'email of 255 characters', variables: staffInput({ email: `${TAG}.${long(50)}@${long(190)}.test` }), expect: { path: 'input.email' } },
      { name: 'short password (11 characters)', variables: staffInput({ password: 'Short-pw-11' }), expect: { path: 'input.password' } },
      { name: 'empty password', variables: staffInput({ password: '' }), expect: { path: 'input.password' } },
      { name: 'password of 201 characters', variables: staffInput({ password: long(201) }), expect: { path: 'input.password' } },
      { name: 'empty displayName', variables: staffInput({ displayName: '' }), expect: { path: 'input.displayName' } },
      { name: 'displayName of 121 characters', variables: staffInput({ displayName: TAG + long(121 - TAG.length) }), expect: { path: 'input.displayName' } },
      { name: 'blank displayName (spaces only)', variables: staffInput({ displayName: '    ' }), expect: { path: 'input.displayName' } },
      { name: 'displayName with a NUL character', variables: staffInput({ displayName: `${tagged('Staff')}\u0000` }), expect: { path: 'input.displayName' } },
      { name: 'malformed agencyId "abc"', variables: staffInput({ agencyId: 'abc' }), expect: { path: 'input.agencyId' } },
      { name: 'role not in the enum (GraphQL type)', variables: staffInput({ role: 'WIZARD' }), expect: { graphqlValidation: true } },
      { name: 'lowercase role (GraphQL type)', variables: staffInput({ role: 'staff' }), expect: { graphqlValidation: true } },
      { name: 'number for the email (GraphQL type)', variables: staffInput({ email: 42 }), expect: { graphqlValidation: true } },
      { name: 'missing password (GraphQL type)', variables: () => {
        const { input } = staffInput({})();
        const { password: _password, ...rest } = input;
        return { input: rest };
      }, expect: { graphqlValidation: true } },
    ];
    const bySystemAdmin: CaseSpec[] = [
      { name: 'unknown agencyId for an agency admin', variables: adminInput({ agencyId: randomUUID() }), expect: { path: 'input.agencyId' } },
      { name: 'no agencyId for an agency admin', variables: adminInput({ agencyId: null }), expect: { path: 'input.agencyId' } },
      { name: 'malformed agencyId for an agency admin', variables: adminInput({ agencyId: '12345' }), expect: { path: 'input.agencyId' } },
      { name: 'bad email for an auditor', variables: adminInput({ role: 'AUDITOR', agencyId: null, email: `auditor ${TAG}` }), expect: { path: 'input.email' } },
      { name: 'short password for an auditor', variables: adminInput({ role: 'AUDITOR', agencyId: null, password: 'tooshort' }), expect: { path: 'input.password' } },
    ];
    const cases = [
      ...casesFor(CREATE_USER, 'agencyAdmin', byAgencyAdmin, ' (agency admin)'),
      ...casesFor(CREATE_USER, 'systemAdmin', bySystemAdmin, ' (system admin)'),
    ];

    it.each(cases)('$name', (c) => expectBadInput(c));
  });

  describe('disableUser and enableUser', () => {
    const cases: BadCase[] = [];
    for (const [mutation, operation] of [
      ['disableUser', DISABLE_USER],
      ['enableUser', ENABLE_USER],
    ] as const) {
      cases.push(
        { name: `${mutation}: malformed id "abc"`, operation, variables: () => ({ id: 'abc' }), expect: { path: 'id' }, as: 'agencyAdmin' },
        { name: `${mutation}: empty id`, operation, variables: () => ({ id: '' }), expect: { path: 'id' }, as: 'agencyAdmin' },
        { name: `${mutation}: id with a trailing character`, operation, variables: () => ({ id: `${staff.id}0` }), expect: { path: 'id' }, as: 'agencyAdmin' },
        { name: `${mutation}: id of a SQL fragment`, operation, variables: () => ({ id: `${staff.id}' OR '1'='1` }), expect: { path: 'id' }, as: 'agencyAdmin' },
        { name: `${mutation}: integer id`, operation, variables: () => ({ id: 42 }), expect: { path: 'id' }, as: 'agencyAdmin' },
        { name: `${mutation}: malformed id (system admin)`, operation, variables: () => ({ id: 'abc' }), expect: { path: 'id' }, as: 'systemAdmin' },
        { name: `${mutation}: null id (GraphQL type)`, operation, variables: () => ({ id: null }), expect: { graphqlValidation: true }, as: 'agencyAdmin' },
        { name: `${mutation}: boolean id (GraphQL type)`, operation, variables: () => ({ id: true }), expect: { graphqlValidation: true }, as: 'agencyAdmin' },
      );
    }

    it.each(cases)('$name', (c) => expectBadInput(c));

    it.each([
      ['disableUser', DISABLE_USER],
      ['enableUser', ENABLE_USER],
    ])('%s: a well-formed id that names no user is NOT_FOUND and changes nothing', async (_mutation, operation) => {
      const before = await snapshot();
      const response = await t.gql.query(operation, { id: randomUUID() }, adminToken);
      expect(response.errors[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(response.data).toBeNull();
      expect(await snapshot()).toEqual(before);
    });

    it('after all of this the staff accounts are as they were', async () => {
      const rows: { id: string; active: boolean }[] = await t.db.query(`SELECT id, active FROM app_user WHERE id = ANY($1::uuid[]) ORDER BY id`, [
        [staff.id, disabledStaff.id],
      ]);
      expect(Object.fromEntries(rows.map((row) => [row.id, row.active]))).toEqual({ [staff.id]: true, [disabledStaff.id]: false });
    });
  });

  describe('login', () => {
    const cases = casesFor(LOGIN, 'anonymous', [
      { name: 'empty email', variables: () => ({ email: '', password: GOOD_PASSWORD }), expect: { path: 'email' } },
      { name: 'email of 255 characters', variables: () => ({ email: `${long(244)}@tandem.test`, password: GOOD_PASSWORD }), expect: { path: 'email' } },
      { name: 'email with a NUL character', variables: () => ({ email: `${staff.email}\u0000`, password: GOOD_PASSWORD }), expect: { path: 'email' } },
      { name: 'empty password for a real account', variables: () => ({ email: staff.email, password: '' }), expect: { path: 'password' } },
      { name: 'password of 201 characters for a real account', variables: () => ({ email: staff.email, password: long(201) }), expect: { path: 'password' } },
      { name: 'number for the email (GraphQL type)', variables: () => ({ email: 42, password: GOOD_PASSWORD }), expect: { graphqlValidation: true } },
      { name: 'null password (GraphQL type)', variables: () => ({ email: staff.email, password: null }), expect: { graphqlValidation: true } },
      { name: 'list for the password (GraphQL type)', variables: () => ({ email: staff.email, password: [staff.password] }), expect: { graphqlValidation: true } },
    ]);

    it.each(cases)('$name', (c) => expectBadInput(c));

    it('null arguments through nullable variables', () =>
      expectBadInput({ name: 'null', operation: LOGIN_UNTYPED, variables: () => ({ email: staff.email, password: null }), expect: { invalidOperation: '$email' }, as: 'anonymous' }));

    it('refused input to login is not counted as a failed sign-in', async () => {
      const [row] = await t.db.query(`SELECT failed_login_count, locked_until FROM app_user WHERE id = $1`, [staff.id]);
      expect(row).toEqual({ failed_login_count: 0, locked_until: null });
      expect(await t.world.count('audit_event', `action = 'LOGIN_FAILURE' AND actor_user_id = $1`, [staff.id])).toBe(0);
    });
  });

  describe('refreshToken', () => {
    const cases = casesFor(REFRESH, 'anonymous', [
      { name: 'empty token', variables: () => ({ token: '' }), expect: { path: 'token' } },
      { name: 'token of 201 characters', variables: () => ({ token: long(201) }), expect: { path: 'token' } },
      { name: 'real token padded to 201 characters', variables: () => ({ token: staffRefreshToken.padEnd(201, 'A') }), expect: { path: 'token' } },
      { name: 'number for the token (GraphQL type)', variables: () => ({ token: 12345 }), expect: { graphqlValidation: true } },
      { name: 'null token (GraphQL type)', variables: () => ({ token: null }), expect: { graphqlValidation: true } },
      { name: 'object for the token (GraphQL type)', variables: () => ({ token: { value: staffRefreshToken } }), expect: { graphqlValidation: true } },
    ]);

    it.each(cases)('$name', (c) => expectBadInput(c));

    it('the real refresh token still works after the refused attempts', async () => {
      const data = await t.gql.ok<{ refreshToken: { accessToken: string } }>(REFRESH, { token: staffRefreshToken });
      expect(data.refreshToken.accessToken).toEqual(expect.any(String));
    });
  });

  describe('users() arguments', () => {
    const cases = casesFor(USERS, 'systemAdmin', [
      { name: 'first: 0', variables: () => ({ first: 0 }), expect: { path: 'first' } },
      { name: 'first: -1', variables: () => ({ first: -1 }), expect: { path: 'first' } },
      { name: 'first: 101', variables: () => ({ first: 101 }), expect: { path: 'first' } },
      { name: 'after: garbage', variables: () => ({ first: 2, after: 'not-a-cursor' }), expect: { path: 'after' } },
      { name: 'agencyId "abc"', variables: () => ({ agencyId: 'abc' }), expect: { path: 'agencyId' } },
      { name: 'first: "ten" (GraphQL type)', variables: () => ({ first: 'ten' }), expect: { graphqlValidation: true } },
    ]);

    it.each(cases)('$name', (c) => expectBadInput(c));

    it('a cursor of one agency reused with another agency is refused', async () => {
      const other = await t.world.agency(AgencyType.SHELTER, jurisdiction.id, tagged('Shelter'));
      const page = await t.gql.ok<{ users: { pageInfo: { endCursor: string | null } } }>(USERS, { agencyId: agency.id, first: 1 }, sysToken);
      expect(page.users.pageInfo.endCursor).toEqual(expect.any(String));
      const response = await t.gql.query(USERS, { agencyId: other.id, first: 1, after: page.users.pageInfo.endCursor }, sysToken);
      expect(response.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect((response.errors[0]?.extensions?.fields as { path: string }[])[0]!.path).toBe('after');
    });
  });
});
