import { actorOf, AuditAction, AuditService, AuditVerifier } from '@tandem/audit';
import { AgencyType, Role } from '@tandem/authz';
import { RequestContext } from '@tandem/platform';
import { CREATE_CASE } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { isolatedDatabase } from './support/test-database';

// Aliased lists that leave out their page size, and the audit writer under thousands of events.

describe('query limits and the size of an operation', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    // The suite verifies every chain of its trail: a database of its own keeps that small.
    t = await createTestApp(await isolatedDatabase('query_limits'));
    const agency = await t.world.agency(AgencyType.CHILD_WELFARE);
    const staff = await t.world.user(Role.STAFF, agency.id);
    token = await t.signIn(staff);
    for (let i = 0; i < 3; i += 1) {
      await t.gql.ok(CREATE_CASE, { input: { riskLevel: 'LOW', child: { legalName: `Limit Case ${i}`, dateOfBirth: '2013-03-03', sex: 'F' } } }, token);
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  const list = (alias: string) => `${alias}: cases { edges { cursor node { id caseNumber status } } }`;

  it('costs lists without `first` as default pages: 60 aliased lists are refused before they run', async () => {
    const one = await t.gql.query(`{ ${list('a')} }`, {}, token);
    expect(one.errors).toEqual([]);
    expect(one.data?.a.edges).toHaveLength(3);

    // Aliases allowed enough for the lists, so that the cost is what refuses them.
    const wide = await createTestApp({ DATABASE_URL: t.config.values.DATABASE_URL, QUEUE_PREFIX: t.config.values.QUEUE_PREFIX, GRAPHQL_MAX_ALIASES: '100' });
    const sixty = await wide.gql.query(`{ ${Array.from({ length: 60 }, (_, i) => list(`l${i}`)).join(' ')} }`, {}, token).finally(() => wide.close());
    expect(sixty.data).toBeNull();
    expect(sixty.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/^Query is too costly: cost \d+ exceeds the limit of 5000/), extensions: { code: 'BAD_USER_INPUT' } })]);
  });

  it('refuses an operation with more aliases than GRAPHQL_MAX_ALIASES', async () => {
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `m${i}: me { id }`).join(' ')} }`;
    expect((await t.gql.query(aliased(30), {}, token)).errors).toEqual([]);
    const refused = await t.gql.query(aliased(31), {}, token);
    expect(refused.errors).toEqual([expect.objectContaining({ message: 'Query has too many aliases: 31 exceed the limit of 30', extensions: { code: 'BAD_USER_INPUT' } })]);
  });

  it('records the reads of an operation however many there are, before its answer leaves', async () => {
    // Limits raised so that the operation runs: 150 lists of 20 cases, each case's timeline read.
    const open = await createTestApp({ DATABASE_URL: t.config.values.DATABASE_URL, QUEUE_PREFIX: t.config.values.QUEUE_PREFIX, GRAPHQL_MAX_ALIASES: '1000', GRAPHQL_MAX_COST: '1000000' });
    try {
      const agency = await open.world.agency(AgencyType.SHELTER);
      const staff = await open.world.user(Role.STAFF, agency.id);
      const own = await open.signIn(staff);
      for (let i = 0; i < 20; i += 1) {
        await open.gql.ok(CREATE_CASE, { input: { riskLevel: 'LOW', child: { legalName: `Wide Case ${i}`, dateOfBirth: '2013-03-03', sex: 'M' } } }, own);
      }
      const requestId = `wide-${Date.now()}`;
      const lists = Array.from({ length: 150 }, (_, i) => `l${i}: cases { edges { node { id timeline { edges { node { kind } } } } } }`).join(' ');
      const response = await open.gql.http().post('/graphql').set('authorization', `Bearer ${own}`).set('x-request-id', requestId).send({ query: `{ ${lists} }` });
      expect(response.body.errors).toBeUndefined();
      expect(Object.keys(response.body.data)).toHaveLength(150);
      const [written] = await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE request_id = $1`, [requestId]);
      // A list event per list and a timeline event per case of each: 150 × 21 events, 66,150 values.
      expect(written.n).toBe(150 * 21);
    } finally {
      await open.close();
    }
  });

  it('writes any number of events in one call, chained, with or without prepared statements', async () => {
    // Other suites write the same table meanwhile: count this call's request only.
    const requestId = `limits-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const [before] = await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE request_id = $1`, [requestId]);
    const plain = await createTestApp({ DATABASE_URL: t.config.values.DATABASE_URL, QUEUE_PREFIX: t.config.values.QUEUE_PREFIX, DATABASE_PREPARED_STATEMENTS: 'false' });
    try {
      for (const app of [t, plain]) {
        const audit = app.app.get(AuditService);
        // 21 values an event: 4,000 events are past PostgreSQL's 65,535 parameters of one statement.
        const entries = Array.from({ length: 4_000 }, (_, i) => ({
          actor: actorOf({ userId: '00000000-0000-4000-8000-000000000001', agencyId: '00000000-0000-4000-8000-000000000002' }),
          action: AuditAction.CASE_VIEW,
          caseId: '00000000-0000-4000-8000-000000000003',
          subjectType: 'Case',
          subjectId: `c-${i}`,
          scopes: i % 2 ? ['SUMMARY', 'IDENTITY'] : [],
          details: { index: i, nested: { quote: `"${i}"`, list: [i, null] } },
        }));
        await RequestContext.run({ requestId, clientAddress: '203.0.113.9', userAgent: 'jest' }, () =>
          app.db.transaction((tx) => audit.record(tx, ...entries)),
        );
      }
    } finally {
      await plain.close();
    }
    const [after] = await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE request_id = $1`, [requestId]);
    expect(after.n - before.n).toBe(8_000);
    const [sample] = await t.db.query(`SELECT scopes, details, client_address FROM audit_event WHERE subject_id = 'c-3' ORDER BY chain_seq LIMIT 1`);
    expect(sample).toEqual({ scopes: ['SUMMARY', 'IDENTITY'], details: { index: 3, nested: { quote: '"3"', list: [3, null] } }, client_address: '203.0.113.9' });
    const report = await t.app.get(AuditVerifier).verify();
    expect(report.problems).toEqual([]);
    expect(report.events).toBeGreaterThanOrEqual(8_000);
  });
});
