import { Role, AgencyType } from '@tandem/authz';
import { Client } from 'pg';
import { createTestApp, TestApp } from './support/test-app';
import { CASE_IDS, CREATE_CASE } from './support/case-fixtures';

const NESTED = `query($first: Int, $filter: CaseFilterInput) {
  cases(first: $first, filter: $filter) { edges { node {
    id caseNumber leadAgency { name }
    child { legalName placement { address } }
    memberships { agency { name } scopes }
    assignments { user { displayName } role }
  } } } }`;

describe('cases: keyset pages, cursors, filters and statement counts', () => {
  let t: TestApp;
  let agencyId: string;
  let supervisor: string;
  let staff: string;
  let created: string[];

  beforeAll(async () => {
    t = await createTestApp();
    const agency = await t.world.agency(AgencyType.CHILD_WELFARE);
    agencyId = agency.id;
    const staffUser = await t.world.user(Role.STAFF, agency.id);
    staff = await t.signIn(staffUser);
    supervisor = await t.signIn(await t.world.user(Role.SUPERVISOR, agency.id));
    const elsewhere = await t.world.agency(AgencyType.CHILD_WELFARE);
    const otherStaff = await t.signIn(await t.world.user(Role.STAFF, elsewhere.id));
    created = [];
    for (let i = 0; i < 55; i += 1) {
      t.clock.advance(1000);
      const input = { riskLevel: i % 3 === 0 ? 'HIGH' : 'LOW', child: { legalName: `Page Child ${i}`, dateOfBirth: '2010-01-01', placement: { address: `${i} Page Road` } } };
      created.push((await t.gql.ok(CREATE_CASE, { input }, staff)).createCase.id);
      if (i % 10 === 0) await t.gql.ok(CREATE_CASE, { input }, otherStaff);
    }
  }, 120_000);
  afterAll(() => t.close());

  it('walks every visible case once, newest first, with no invisible one', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const data: any = await t.gql.ok(CASE_IDS, { first: 4, after, filter: { leadAgencyId: agencyId } }, supervisor);
      seen.push(...data.cases.edges.map((edge: { node: { id: string } }) => edge.node.id));
      pages += 1;
      if (!data.cases.pageInfo.hasNextPage) break;
      after = data.cases.pageInfo.endCursor;
    }
    expect(pages).toBe(14);
    expect(seen).toEqual([...created].reverse());
  });

  it('refuses forged, altered and foreign cursors, and page sizes out of range', async () => {
    const first = await t.gql.ok(CASE_IDS, { first: 2, filter: { leadAgencyId: agencyId } }, supervisor);
    const cursor: string = first.cases.pageInfo.endCursor;
    const [body, signature] = cursor.split('.');
    const forged = Buffer.from(JSON.stringify(['cases:{}', ['2020-01-01T00:00:00.000Z', created[0]]])).toString('base64url');
    for (const bad of [`${forged}.${signature}`, `${body}.${signature!.slice(0, -2)}xx`, 'bm90LWEtY3Vyc29y', `${body}`]) {
      const response = await t.gql.query(CASE_IDS, { first: 2, after: bad, filter: { leadAgencyId: agencyId } }, supervisor);
      expect(response.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'after' }] });
    }
    // A cursor from one filter is not accepted with another.
    const other = await t.gql.query(CASE_IDS, { first: 2, after: cursor, filter: { leadAgencyId: agencyId, riskLevels: ['HIGH'] } }, supervisor);
    expect(other.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    for (const size of [0, 101, -1]) {
      expect(await t.gql.code(CASE_IDS, { first: size, filter: { leadAgencyId: agencyId } }, supervisor)).toBe('BAD_USER_INPUT');
    }
  });

  it('filters by risk level, assignment and case number in SQL', async () => {
    const high = await t.gql.ok(CASE_IDS, { first: 100, filter: { leadAgencyId: agencyId, riskLevels: ['HIGH'] } }, supervisor);
    expect(high.cases.edges).toHaveLength(19);
    const mine = await t.gql.ok(CASE_IDS, { first: 100, filter: { leadAgencyId: agencyId, assignedToMe: true } }, supervisor);
    expect(mine.cases.edges).toHaveLength(0);
    const theirs = await t.gql.ok(CASE_IDS, { first: 100, filter: { assignedToMe: true } }, staff);
    expect(theirs.cases.edges).toHaveLength(55);
    const one = high.cases.edges[0].node;
    const byNumber = await t.gql.ok(CASE_IDS, { first: 5, filter: { caseNumber: one.caseNumber } }, supervisor);
    expect(byNumber.cases.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([one.id]);
  });

  it('runs the same number of SQL statements for first: 10 and first: 50 with nested fields (no N+1)', async () => {
    const spy = jest.spyOn(Client.prototype, 'query');
    const count = async (first: number) => {
      spy.mockClear();
      const data = await t.gql.ok(NESTED, { first, filter: { leadAgencyId: agencyId } }, supervisor);
      expect(data.cases.edges).toHaveLength(first);
      expect(data.cases.edges[0].node.child.legalName).toMatch(/^Page Child/);
      return spy.mock.calls.length;
    };
    try {
      // Once first, so that both counts find the process's caches (audit chain heads, agencies) alike.
      await count(50);
      const ten = await count(10);
      const fifty = await count(50);
      console.log(`SQL statements: cases(first: 10) nested = ${ten}, cases(first: 50) nested = ${fifty}`);
      expect(fifty).toBe(ten);
      expect(ten).toBeLessThan(25);
    } finally {
      spy.mockRestore();
    }
  });
});
