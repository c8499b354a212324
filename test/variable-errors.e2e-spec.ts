import { policyCast } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/*
 * A variable the schema itself refuses (a required field left out, a number for a string, an
 * unknown enum value) is BAD_USER_INPUT with its field path in extensions.fields, like every
 * other bad input, and its message never repeats what was sent: graphql-js prints the whole
 * invalid value, which for a child is their name and address.
 */

const CREATE = `mutation($input: CreateCaseInput!) { createCase(input: $input) { id } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateCaseInput!, $v: Int!) { updateCase(id: $id, input: $input, expectedVersion: $v) { id } }`;

describe('variables refused by the schema', () => {
  let t: TestApp;
  let cast: Awaited<ReturnType<typeof policyCast>>;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await policyCast(t);
  }, 60_000);
  afterAll(() => t.close());

  it('name the field in extensions.fields and never echo the value', async () => {
    const child = { legalName: 'Jordan Secret Avery', placement: { address: '9 Secret Street' } };
    const cases: { name: string; query: string; variables: Record<string, unknown>; path: string; message: RegExp }[] = [
      { name: 'a required field left out', query: CREATE, variables: { input: { child } }, path: 'input.child.dateOfBirth', message: /required/ },
      { name: 'a number for a string', query: CREATE, variables: { input: { child: { ...child, dateOfBirth: '2012-01-01', guardianContacts: [{ name: 'Secret Guardian', phone: 5550101 }] } } }, path: 'input.child.guardianContacts.0.phone', message: /String/ },
      { name: 'an unknown enum value', query: CREATE, variables: { input: { riskLevel: 'Secret', child: { ...child, dateOfBirth: '2012-01-01' } } }, path: 'input.riskLevel', message: /RiskLevel/ },
      { name: 'an unknown field', query: CREATE, variables: { input: { child: { ...child, dateOfBirth: '2012-01-01', nickname: 'Secret Nick' } } }, path: 'input.child.nickname', message: /not a field/ },
      { name: 'a string for an Int argument', query: UPDATE, variables: { id: cast.K.id, input: { legalName: 'Secret Name' }, v: 'Secret' }, path: 'v', message: /Int/ },
      { name: 'a required variable left out', query: UPDATE, variables: { id: cast.K.id, input: { legalName: 'Secret Name' } }, path: 'v', message: /required/ },
    ];
    for (const one of cases) {
      const before = await t.world.count('case_file', 'lead_agency_id = $1', [cast.agencies.CW.id]);
      const response = await t.gql.query(one.query, one.variables, cast.people.cw1.token);
      const error = response.errors?.[0];
      const fields = (error?.extensions?.fields ?? []) as { path: string; message: string }[];
      expect({ name: one.name, code: error?.extensions?.code, paths: fields.map((f) => f.path) }).toEqual({ name: one.name, code: 'BAD_USER_INPUT', paths: [one.path] });
      expect(fields[0]!.message).toMatch(one.message);
      expect({ name: one.name, errors: JSON.stringify(response.errors) }).not.toEqual({ name: one.name, errors: expect.stringMatching(/Secret|5550101/) });
      expect(await t.world.count('case_file', 'lead_agency_id = $1', [cast.agencies.CW.id])).toBe(before);
    }
  });
});
