import { randomBytes } from 'node:crypto';
import { AgencyType, Role } from '@tandem/authz';
import { createTestApp, TestApp } from './support/test-app';

// Account emails: a look-alike of an existing address (invisible, direction-changing or non-ASCII
// characters) is refused with its field path, and case never makes two accounts.

const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id email } }`;
const CREATE_AGENCY = `mutation($input: CreateAgencyInput!) { createAgency(input: $input) { id contactEmail } }`;

describe('account emails', () => {
  let t: TestApp;
  let agencyId: string;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp();
    const agency = await t.world.agency(AgencyType.CHILD_WELFARE);
    agencyId = agency.id;
    token = await t.signIn(await t.world.user(Role.AGENCY_ADMIN, agency.id));
  });
  afterAll(() => t.close());

  const create = (email: string) =>
    t.gql.query(CREATE_USER, { input: { email, displayName: 'Look Alike', role: 'STAFF', agencyId, password: 'Long-Enough-Password-1' } }, token);

  it.each([
    ['a zero-width space', 'ann\u200B.lee'],
    ['a zero-width joiner', 'ann\u200D.lee'],
    ['a byte-order mark inside', 'ann\uFEFF.lee'],
    ['a right-to-left override', 'ann\u202E.lee'],
    ['a left-to-right mark', 'ann\u200E.lee'],
    ['a Cyrillic a', '\u0430nn.lee'],
    ['a fullwidth letter', '\uFF41nn.lee'],
    ['a soft hyphen', 'ann\u00AD.lee'],
  ])('refuses an email with %s, with its field path, and creates nothing', async (_what, local) => {
    const tag = randomBytes(3).toString('hex');
    const email = `${local}.${tag}@tandem.test`;
    const response = await create(email);
    expect(response.data).toBeNull();
    expect(response.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.email', message: expect.any(String) }] });
    expect(await t.world.count('app_user', `email LIKE $1`, [`%${tag}%`])).toBe(0);
  });

  it('stores the email in lower case, so a differently cased look-alike is a CONFLICT', async () => {
    const tag = randomBytes(3).toString('hex');
    const created = await create(`Ann.Lee.${tag}@Tandem.TEST`);
    expect(created.data?.createUser.email).toBe(`ann.lee.${tag}@tandem.test`);
    expect((await create(`ANN.LEE.${tag}@tandem.test`)).errors[0]?.extensions?.code).toBe('CONFLICT');
  });

  it("refuses the same characters in an agency's contact email", async () => {
    const sysToken = await t.signIn(await t.world.user(Role.SYSTEM_ADMIN, null));
    const jurisdiction = await t.world.jurisdiction();
    const response = await t.gql.query(
      CREATE_AGENCY,
      { input: { name: `Look-alike ${randomBytes(3).toString('hex')}`, type: 'SHELTER', jurisdictionId: jurisdiction.id, contactEmail: 'intake\u200B@shelter.test' } },
      sysToken,
    );
    expect(response.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.contactEmail' }] });
  });
});
