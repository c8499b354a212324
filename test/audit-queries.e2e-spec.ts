import { actorOf, AuditService } from '@tandem/audit';
import { Transactions } from '@tandem/platform';
import { randomUUID } from 'node:crypto';
import { Actor, assignDirectly, CASE, CASE_IDS, CREATE_CASE, makePartner, policyCast } from './support/case-fixtures';
import { parseCsv } from './support/csv';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Reading the audit trail (docs/access-policy.md, "read audit events"): supervisors see their agency's
 * users' events and the events on the cases it leads; auditors see everything; nobody else
 * reads it. Other suites write to the same trail at the same time, so every assertion is scoped
 * to this suite's own agencies, users and cases, and to a time window closed before the reads.
 */

const LIGHT = `id occurredAt actorUserId actorAgencyId caseId action outcome`;
const EVENTS = `query($filter: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) { edges { cursor node { ${LIGHT} } } pageInfo { hasNextPage endCursor } } }`;
const FULL_EVENTS = `query($filter: AuditEventFilter, $first: Int) {
  auditEvents(filter: $filter, first: $first) { edges { node { id occurredAt actorType actorUserId actorUser { id email } actorAgencyId actorAgency { id name }
    action outcome caseId subjectType subjectId scopes justification reason requestId clientAddress userAgent details chainKey chainSeq } } } }`;
const CASE_LOG = `query($caseId: ID!, $first: Int, $after: String) {
  caseAccessLog(caseId: $caseId, first: $first, after: $after) { edges { cursor node { ${LIGHT} } } pageInfo { hasNextPage endCursor } } }`;
const ACCESS_LOG = `query($id: ID!) { case(id: $id) { id caseNumber accessLog(first: 100) { edges { node { ${LIGHT} actorUser { id } } } } } }`;
const REPORT = `query($from: DateTime!, $to: DateTime!, $agencyId: ID) {
  auditReport(from: $from, to: $to, agencyId: $agencyId) { day actorUserId actorUser { id } actorAgencyId actorAgency { id } events caseViews distinctCases denied breakGlass } }`;
const EXPORT = `query($filter: AuditEventFilter!) { exportAuditEvents(filter: $filter) { filename contentType rowCount csv } }`;
const VERIFY = `query { auditChainVerification { checkedAt chains events legacyEvents elapsedMs intact problems { chainKey kind seq eventId message } } }`;

interface Node {
  id: string;
  occurredAt: string;
  actorUserId: string | null;
  actorAgencyId: string | null;
  caseId: string | null;
  action: string;
  outcome: string;
}

describe('reading the audit trail', () => {
  let t: TestApp;
  let cast: Awaited<ReturnType<typeof policyCast>>;
  let K: { id: string };
  let P: { id: string };
  let S: { id: string };
  let start: Date;
  let end: Date;
  let tricky: { id: string; justification: string; reason: string; subjectId: string; userAgentLike: string };

  const newCase = async (actor: Actor, name: string) =>
    (await t.gql.ok(CREATE_CASE, { input: { child: { legalName: name, dateOfBirth: '2010-02-03' } } }, actor.token)).createCase as { id: string };

  /** Every page of a list, following the cursors. */
  async function allPages(query: string, field: string, variables: Record<string, unknown>, token: string, first = 100): Promise<Node[]> {
    const nodes: Node[] = [];
    let after: string | null = null;
    for (;;) {
      const data: any = await t.gql.ok(query, { ...variables, first, after }, token);
      nodes.push(...data[field].edges.map((edge: { node: Node }) => edge.node));
      if (!data[field].pageInfo.hasNextPage) return nodes;
      after = data[field].pageInfo.endCursor;
    }
  }

  const sqlIds = async (where: string, params: unknown[]): Promise<string[]> =>
    (await t.db.query(`SELECT id FROM audit_event e WHERE ${where} ORDER BY occurred_at DESC, id DESC`, params)).map((row: { id: string }) => row.id);

  /** The window every read below is bounded by: this suite's data, none of the reads' own AUDIT_VIEW events. */
  const inWindow = (filter: Record<string, unknown> = {}) => ({ ...filter, from: start.toISOString(), to: end.toISOString() });

  beforeAll(async () => {
    t = await createTestApp();
    start = new Date(Date.now() - 1000);
    cast = await policyCast(t);
    const { agencies, people } = cast;
    K = cast.K;
    // K (CW leads): viewed by its primary, by a PD partner, refused to an unassigned CW worker.
    await t.gql.ok(CASE, { id: K.id }, people.cw1.token);
    await makePartner(t, K.id, agencies.PD.id, ['SUMMARY'], false);
    await assignDirectly(t, K.id, people.pd1);
    await t.gql.ok(CASE, { id: K.id }, people.pd1.token);
    await t.gql.ok(CASE, { id: K.id }, people.pd1.token);
    expect(await t.gql.code(CASE, { id: K.id }, people.cw2.token)).toBe('NOT_FOUND');
    // P (PD leads) and S (SH leads): activity that CW's supervisor must not see.
    P = await newCase(people.pd1, 'Pat Police Case');
    await t.gql.ok(CASE, { id: P.id }, people.pd1.token);
    S = await newCase(people.sh1, 'Sam Shelter Case');
    await t.gql.ok(CASE, { id: S.id }, people.sh1.token);
    await t.gql.ok(`mutation($c: ID!, $j: String!) { breakGlass(caseId: $c, justification: $j) { id } }`, { c: S.id, j: 'Officer with the child at the scene right now' }, people.pd1.token);
    // An event on no case by a CW user, and one whose text a spreadsheet would run.
    await t.gql.ok(CASE_IDS, { first: 5 }, people.cw1.token);
    tricky = { id: '', justification: '=HYPERLINK("http://evil.example","click")', reason: 'has, a comma, "quotes"\nand a line break', subjectId: '-2+3', userAgentLike: '@SUM(A1:A2)' };
    await t.app.get(Transactions).run((tx) =>
      t.app.get(AuditService).record(tx, {
        actor: actorOf({ userId: people.cw1.id, agencyId: agencies.CW.id }),
        action: 'NOTE_ADD',
        caseId: K.id,
        subjectType: 'Note',
        subjectId: tricky.subjectId,
        justification: tricky.justification,
        reason: tricky.reason,
        details: { label: tricky.userAgentLike, n: 1 },
      }),
    );
    tricky.id = (await sqlIds(`e.case_id = $1 AND e.subject_id = $2`, [K.id, tricky.subjectId]))[0]!;
    await new Promise((resolve) => setTimeout(resolve, 20));
    end = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
  afterAll(() => t.close());

  it("shows a supervisor their agency's users' events and the events on cases it leads, nothing else", async () => {
    const { agencies, people } = cast;
    const seen = await allPages(EVENTS, 'auditEvents', { filter: inWindow() }, people.cwSup.token, 7);
    const expected = await sqlIds(
      `e.occurred_at BETWEEN $1 AND $2 AND (e.actor_agency_id = $3 OR e.case_id IN (SELECT id FROM case_file WHERE lead_agency_id = $3))`,
      [start, end, agencies.CW.id],
    );
    expect(seen.map((node) => node.id)).toEqual(expected);
    expect(seen.length).toBeGreaterThan(5);
    // PD's events on K (which CW leads) are in; PD's events on P and S are not.
    expect(seen.some((node) => node.actorUserId === people.pd1.id && node.caseId === K.id && node.action === 'CASE_VIEW')).toBe(true);
    expect(seen.filter((node) => node.actorAgencyId === agencies.PD.id).every((node) => node.caseId === K.id)).toBe(true);
    expect(seen.some((node) => node.caseId === P.id || node.caseId === S.id)).toBe(false);
    // A CW user's event on no case, and the refused view of K, are in.
    expect(seen.some((node) => node.actorUserId === people.cw1.id && node.action === 'CASE_LIST' && node.caseId === null)).toBe(true);
    expect(seen.some((node) => node.actorUserId === people.cw2.id && node.outcome === 'DENIED' && node.caseId === K.id)).toBe(true);

    const byPd1 = await allPages(EVENTS, 'auditEvents', { filter: inWindow({ actorUserId: people.pd1.id }) }, people.cwSup.token);
    expect(byPd1.length).toBeGreaterThanOrEqual(2);
    expect(byPd1.every((node) => node.caseId === K.id)).toBe(true);
  });

  it("shows PD's supervisor PD's events on K and the events on P, but not CW's events on K", async () => {
    const { agencies, people } = cast;
    const onK = await allPages(EVENTS, 'auditEvents', { filter: inWindow({ caseId: K.id }) }, people.pdSup.token);
    expect(onK.length).toBeGreaterThanOrEqual(2);
    expect(onK.every((node) => node.actorAgencyId === agencies.PD.id)).toBe(true);
    expect(onK.map((node) => node.id)).toEqual(await sqlIds(`e.occurred_at BETWEEN $1 AND $2 AND e.case_id = $3 AND e.actor_agency_id = $4`, [start, end, K.id, agencies.PD.id]));
    const onP = await allPages(EVENTS, 'auditEvents', { filter: inWindow({ caseId: P.id }) }, people.pdSup.token);
    expect(onP.map((node) => node.id)).toEqual(await sqlIds(`e.occurred_at BETWEEN $1 AND $2 AND e.case_id = $3`, [start, end, P.id]));
    // The shelter's supervisor sees nothing of K or P; the auditor sees all of K, refusals included.
    expect(await allPages(EVENTS, 'auditEvents', { filter: inWindow({ caseId: K.id }) }, people.shSup.token)).toEqual([]);
    const auditorK = await allPages(EVENTS, 'auditEvents', { filter: inWindow({ caseId: K.id }) }, people.auditor.token);
    expect(auditorK.map((node) => node.id)).toEqual(await sqlIds(`e.occurred_at BETWEEN $1 AND $2 AND e.case_id = $3`, [start, end, K.id]));
    expect(auditorK.some((node) => node.actorUserId === people.cw2.id && node.outcome === 'DENIED')).toBe(true);
    expect(new Set(auditorK.map((node) => node.actorAgencyId))).toEqual(new Set([agencies.CW.id, agencies.PD.id]));
  });

  it('refuses staff, agency admins and system admins with FORBIDDEN', async () => {
    const { people } = cast;
    for (const who of [people.cw1, people.cwAdmin, people.sysadmin]) {
      expect(await t.gql.code(EVENTS, {}, who.token)).toBe('FORBIDDEN');
      expect(await t.gql.code(CASE_LOG, { caseId: K.id }, who.token)).toBe('FORBIDDEN');
      expect(await t.gql.code(REPORT, inWindow(), who.token)).toBe('FORBIDDEN');
      expect(await t.gql.code(EXPORT, { filter: { caseId: K.id } }, who.token)).toBe('FORBIDDEN');
    }
    expect(await t.gql.code(EVENTS, {})).toBe('UNAUTHENTICATED');
    expect(await t.gql.code(EXPORT, { filter: {} })).toBe('UNAUTHENTICATED');
  });

  it('narrows by each filter exactly as the same condition in SQL', async () => {
    const { agencies, people } = cast;
    // Scoped to this suite's agencies through the case or the actor, for the auditor who sees everything.
    const cases: [Record<string, unknown>, string, unknown[]][] = [
      [{ caseId: K.id }, 'e.case_id = $3', [K.id]],
      [{ actorUserId: people.pd1.id }, 'e.actor_user_id = $3', [people.pd1.id]],
      [{ actorAgencyId: agencies.CW.id }, 'e.actor_agency_id = $3', [agencies.CW.id]],
      [{ caseId: K.id, action: 'CASE_VIEW' }, `e.case_id = $3 AND e.action = 'CASE_VIEW'`, [K.id]],
      [{ caseId: K.id, outcome: 'DENIED' }, `e.case_id = $3 AND e.outcome = 'DENIED'`, [K.id]],
      [{ actorAgencyId: agencies.PD.id, action: 'BREAK_GLASS' }, `e.actor_agency_id = $3 AND e.action = 'BREAK_GLASS'`, [agencies.PD.id]],
      [{ actorUserId: people.pd1.id, caseId: P.id }, 'e.actor_user_id = $3 AND e.case_id = $4', [people.pd1.id, P.id]],
    ];
    for (const [filter, where, params] of cases) {
      const seen = await allPages(EVENTS, 'auditEvents', { filter: inWindow(filter) }, people.auditor.token, 3);
      const expected = await sqlIds(`e.occurred_at BETWEEN $1 AND $2 AND ${where}`, [start, end, ...params]);
      expect({ filter, ids: seen.map((node) => node.id) }).toEqual({ filter, ids: expected });
      expect(expected.length).toBeGreaterThan(0);
    }
    // from and to bound occurred_at, both inclusive.
    const onK = await allPages(EVENTS, 'auditEvents', { filter: inWindow({ caseId: K.id }) }, people.auditor.token);
    const middle = onK[Math.floor(onK.length / 2)]!;
    const upTo = await allPages(EVENTS, 'auditEvents', { filter: { caseId: K.id, from: start.toISOString(), to: middle.occurredAt } }, people.auditor.token);
    expect(upTo.map((node) => node.id)).toEqual(onK.filter((node) => node.occurredAt <= middle.occurredAt).map((node) => node.id));
    const since = await allPages(EVENTS, 'auditEvents', { filter: { caseId: K.id, from: middle.occurredAt, to: end.toISOString() } }, people.auditor.token);
    expect(since.map((node) => node.id)).toEqual(onK.filter((node) => node.occurredAt >= middle.occurredAt).map((node) => node.id));
  });

  it('pages newest first without overlap or gaps, and refuses a cursor of another filter', async () => {
    const { people } = cast;
    const whole = (await t.gql.ok(EVENTS, { filter: inWindow(), first: 100 }, people.cwSup.token)).auditEvents.edges.map((edge: { node: Node }) => edge.node);
    const paged = await allPages(EVENTS, 'auditEvents', { filter: inWindow() }, people.cwSup.token, 2);
    expect(paged.map((node) => node.id)).toEqual(whole.map((node: Node) => node.id));
    expect(new Set(paged.map((node) => node.id)).size).toBe(paged.length);
    for (let i = 1; i < paged.length; i += 1) {
      const [a, b] = [paged[i - 1]!, paged[i]!];
      expect(a.occurredAt > b.occurredAt || (a.occurredAt === b.occurredAt && a.id > b.id)).toBe(true);
    }
    const first = await t.gql.ok(EVENTS, { filter: inWindow(), first: 2 }, people.cwSup.token);
    const other = await t.gql.query(EVENTS, { filter: inWindow({ caseId: K.id }), first: 2, after: first.auditEvents.pageInfo.endCursor }, people.cwSup.token);
    expect(other.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(other.errors[0]?.extensions?.fields).toEqual([expect.objectContaining({ path: 'after' })]);
  });

  it('refuses bad filters with BAD_USER_INPUT naming the field', async () => {
    const { people } = cast;
    const fields = async (query: string, variables: Record<string, unknown>) => {
      const response = await t.gql.query(query, variables, people.auditor.token);
      expect(response.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      return ((response.errors[0]?.extensions?.fields ?? []) as { path: string }[]).map((field) => field.path);
    };
    expect(await fields(EVENTS, { filter: { actorUserId: 'not-an-id' } })).toEqual(['filter.actorUserId']);
    expect(await fields(EVENTS, { filter: { actorAgencyId: '123' } })).toEqual(['filter.actorAgencyId']);
    expect(await fields(EVENTS, { filter: { caseId: 'x' } })).toEqual(['filter.caseId']);
    expect(await fields(EVENTS, { filter: { action: 'case view; drop table' } })).toEqual(['filter.action']);
    expect(await fields(EVENTS, { filter: { from: end.toISOString(), to: start.toISOString() } })).toEqual(['filter.to']);
    expect(await fields(EVENTS, { first: 0 })).toEqual(['first']);
    expect(await fields(EVENTS, { first: 101 })).toEqual(['first']);
    expect(await fields(EVENTS, { after: 'garbage' })).toEqual(['after']);
    expect(await fields(CASE_LOG, { caseId: 'nope' })).toEqual(['caseId']);
    expect(await fields(EXPORT, { filter: { from: end.toISOString(), to: start.toISOString() } })).toEqual(['filter.to']);
    const longAgo = new Date(end.getTime() - 94 * 86_400_000).toISOString();
    expect(await fields(REPORT, { from: longAgo, to: end.toISOString() })).toEqual(['to']);
    expect(await fields(REPORT, { from: end.toISOString(), to: start.toISOString() })).toEqual(['to']);
    expect(await fields(REPORT, { ...inWindow(), agencyId: 'nope' })).toEqual(['agencyId']);
    // An unknown outcome is refused by the schema itself.
    expect(await t.gql.code(EVENTS, { filter: { outcome: 'MAYBE' } }, people.auditor.token)).toBe('BAD_USER_INPUT');
  });

  it('audits each read of the trail as AUDIT_VIEW, with its filter and the number of events returned', async () => {
    const { people } = cast;
    const response = await t.gql.ok(EVENTS, { filter: inWindow({ caseId: K.id }), first: 3 }, people.cwSup.token);
    const [view] = await t.db.query(
      `SELECT case_id AS "caseId", details FROM audit_event WHERE actor_user_id = $1 AND action = 'AUDIT_VIEW' ORDER BY occurred_at DESC, id DESC LIMIT 1`,
      [people.cwSup.id],
    );
    expect(view).toEqual({
      caseId: K.id,
      details: { view: 'auditEvents', page: 'first', returned: response.auditEvents.edges.length, filter: { caseId: K.id, from: start.toISOString(), to: end.toISOString() } },
    });
    expect(response.auditEvents.edges).toHaveLength(3);
    // A report is audited too.
    const before = await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE actor_user_id = $1 AND action = 'AUDIT_VIEW'`, [people.auditor.id]);
    await t.gql.ok(REPORT, { ...inWindow(), agencyId: cast.agencies.CW.id }, people.auditor.token);
    const after = await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE actor_user_id = $1 AND action = 'AUDIT_VIEW'`, [people.auditor.id]);
    expect(after[0].n).toBe(before[0].n + 1);
  });

  it("lists K's access log, including a partner's CASE_VIEW, for its lead supervisor and for auditors only", async () => {
    const { people } = cast;
    const bySupervisor = await t.gql.ok(ACCESS_LOG, { id: K.id }, people.cwSup.token);
    const log: Node[] = bySupervisor.case.accessLog.edges.map((edge: { node: Node }) => edge.node);
    expect(log.some((node) => node.actorUserId === people.pd1.id && node.action === 'CASE_VIEW' && node.caseId === K.id)).toBe(true);
    expect(log.every((node) => node.caseId === K.id)).toBe(true);
    const logged = await t.db.query(`SELECT details FROM audit_event WHERE actor_user_id = $1 AND action = 'AUDIT_VIEW' AND case_id = $2 ORDER BY occurred_at DESC LIMIT 1`, [people.cwSup.id, K.id]);
    expect(logged[0].details).toMatchObject({ view: 'Case.accessLog', returned: log.length });

    // The primary caseworker and the partner's supervisor see K, but not its access log: FORBIDDEN on that field only.
    for (const who of [people.cw1, people.pdSup]) {
      const refused = await t.gql.query(ACCESS_LOG, { id: K.id }, who.token);
      expect(refused.data?.case).toMatchObject({ id: K.id, accessLog: null });
      expect(refused.errors).toHaveLength(1);
      expect(refused.errors[0]).toMatchObject({ path: ['case', 'accessLog'], extensions: { code: 'FORBIDDEN' } });
    }
    const denied = await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE actor_user_id = $1 AND action = 'ACCESS_DENIED' AND case_id = $2`, [people.pdSup.id, K.id]);
    expect(denied[0].n).toBeGreaterThanOrEqual(1);

    // caseAccessLog: the auditor (who sees no case) and the lead's supervisor; the partner's supervisor gets NOT_FOUND.
    const window = await sqlIds(`e.occurred_at BETWEEN $1 AND $2 AND e.case_id = $3`, [start, end, K.id]);
    const byAuditor = await allPages(CASE_LOG, 'caseAccessLog', { caseId: K.id }, people.auditor.token, 4);
    expect(byAuditor.filter((node) => node.occurredAt <= end.toISOString()).map((node) => node.id)).toEqual(window);
    expect(byAuditor.some((node) => node.actorUserId === people.cw2.id && node.outcome === 'DENIED')).toBe(true);
    const byLead = await allPages(CASE_LOG, 'caseAccessLog', { caseId: K.id }, people.cwSup.token);
    expect(byLead.filter((node) => node.occurredAt <= end.toISOString()).map((node) => node.id)).toEqual(window);
    expect(await t.gql.code(CASE_LOG, { caseId: K.id }, people.pdSup.token)).toBe('NOT_FOUND');
    expect(await t.gql.code(CASE_LOG, { caseId: P.id }, people.cwSup.token)).toBe('NOT_FOUND');
    expect(await t.gql.code(CASE_LOG, { caseId: randomUUID() }, people.auditor.token)).toBe('NOT_FOUND');
  });

  it('reports per user and day the same numbers as SQL, within the same visibility', async () => {
    const { agencies, people } = cast;
    const expected = async (agencyId: string) =>
      t.db.query(
        `SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, actor_user_id AS "actorUserId", actor_agency_id AS "actorAgencyId",
                count(*)::int AS events, count(*) FILTER (WHERE action = 'CASE_VIEW')::int AS "caseViews", count(DISTINCT case_id)::int AS "distinctCases",
                count(*) FILTER (WHERE outcome = 'DENIED')::int AS denied, count(*) FILTER (WHERE action = 'BREAK_GLASS' AND outcome = 'ALLOWED')::int AS "breakGlass"
           FROM audit_event WHERE actor_type = 'USER' AND actor_agency_id = $3 AND occurred_at BETWEEN $1 AND $2
          GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
        [start, end, agencyId],
      );
    const strip = (rows: any[]) => rows.map(({ actorUser, actorAgency, ...row }) => {
      expect(actorUser.id).toBe(row.actorUserId);
      expect(actorAgency.id).toBe(row.actorAgencyId);
      return row;
    });
    const cwRows = strip((await t.gql.ok(REPORT, inWindow(), people.cwSup.token)).auditReport);
    expect(cwRows).toEqual(await expected(agencies.CW.id));
    expect(cwRows.find((row) => row.actorUserId === people.cw2.id)).toMatchObject({ denied: 1 });
    expect(strip((await t.gql.ok(REPORT, { ...inWindow(), agencyId: agencies.CW.id }, people.auditor.token)).auditReport)).toEqual(cwRows);
    const pdRows = strip((await t.gql.ok(REPORT, { ...inWindow(), agencyId: agencies.PD.id }, people.auditor.token)).auditReport);
    expect(pdRows).toEqual(await expected(agencies.PD.id));
    expect(pdRows.find((row) => row.actorUserId === people.pd1.id)).toMatchObject({ breakGlass: 1, distinctCases: 3 });
    // A supervisor reports on their own agency only; the auditor's report without an agency holds every agency's users.
    expect(await t.gql.code(REPORT, { ...inWindow(), agencyId: agencies.PD.id }, people.cwSup.token)).toBe('FORBIDDEN');
    const everyone = (await t.gql.ok(REPORT, inWindow(), people.auditor.token)).auditReport as { actorAgencyId: string }[];
    for (const agency of [agencies.CW.id, agencies.PD.id, agencies.SH.id]) expect(everyone.some((row) => row.actorAgencyId === agency)).toBe(true);
  });

  it('exports CSV for auditors that parses back, with escaping and formula cells neutralised, and audits it as EXPORT', async () => {
    const { people } = cast;
    const filter = inWindow({ caseId: K.id });
    const { exportAuditEvents: file } = await t.gql.ok(EXPORT, { filter }, people.auditor.token);
    expect(file).toMatchObject({ contentType: 'text/csv', filename: expect.stringMatching(/^audit-events-\d{8}T\d{6}Z\.csv$/) });
    const rows = parseCsv(file.csv);
    const [header, ...lines] = rows;
    expect(header).toEqual([
      'id', 'occurred_at', 'actor_type', 'actor_user_id', 'actor_agency_id', 'action', 'outcome', 'case_id', 'subject_type', 'subject_id', 'scopes',
      'justification', 'reason', 'request_id', 'client_address', 'user_agent', 'details', 'chain_key', 'chain_seq', 'prev_hash', 'hash',
    ]);
    const expected = await t.db.query(
      `SELECT id, encode(hash, 'hex') AS hash, encode(prev_hash, 'hex') AS prev, chain_seq::text AS seq FROM audit_event
        WHERE occurred_at BETWEEN $1 AND $2 AND case_id = $3 ORDER BY occurred_at DESC, id DESC`,
      [start, end, K.id],
    );
    expect(file.rowCount).toBe(expected.length);
    expect(lines).toHaveLength(expected.length);
    expect(lines.every((line) => line.length === header!.length)).toBe(true);
    expect(lines.map((line) => line[0])).toEqual(expected.map((row: { id: string }) => row.id));
    for (const [index, line] of lines.entries()) {
      expect([line[18], line[19], line[20]]).toEqual([expected[index].seq, expected[index].prev, expected[index].hash]);
    }
    const row = Object.fromEntries(header!.map((name, i) => [name, lines.find((line) => line[0] === tricky.id)![i]]));
    expect(row.justification).toBe(`'${tricky.justification}`);
    expect(row.reason).toBe(tricky.reason);
    expect(row.subject_id).toBe(`'${tricky.subjectId}`);
    expect(JSON.parse(row.details!)).toEqual({ label: tricky.userAgentLike, n: 1 });
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    // The raw text quotes what needs quoting and doubles the quotes inside.
    expect(file.csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(file.csv).toContain(`"has, a comma, ""quotes""\nand a line break"`);
    // No cell of any line starts with a formula character.
    expect(lines.flat().filter((cell) => /^[=+\-@]/.test(cell))).toEqual([]);

    const [exported] = await t.db.query(
      `SELECT case_id AS "caseId", details FROM audit_event WHERE actor_user_id = $1 AND action = 'EXPORT' ORDER BY occurred_at DESC LIMIT 1`,
      [people.auditor.id],
    );
    expect(exported).toEqual({ caseId: K.id, details: { view: 'exportAuditEvents', rowCount: expected.length, filter: { caseId: K.id, from: start.toISOString(), to: end.toISOString() } } });
  });

  it('verifies the hash chains for auditors only, and audits the check as AUDIT_VERIFY with its figures', async () => {
    const { people } = cast;
    for (const who of [people.cw1, people.cwSup, people.cwAdmin, people.sysadmin]) expect(await t.gql.code(VERIFY, {}, who.token)).toBe('FORBIDDEN');
    const { auditChainVerification: report } = await t.gql.ok(VERIFY, {}, people.auditor.token);
    expect(report.chains).toBeGreaterThan(0);
    expect(report.events).toBeGreaterThan(0);
    expect(report.intact).toBe(report.problems.length === 0);
    const [verified] = await t.db.query(
      `SELECT details FROM audit_event WHERE actor_user_id = $1 AND action = 'AUDIT_VERIFY' AND outcome = 'ALLOWED' ORDER BY occurred_at DESC LIMIT 1`,
      [people.auditor.id],
    );
    expect(verified.details).toEqual({ view: 'auditChainVerification', chains: report.chains, events: report.events, broken: report.problems.length });
    const [refused] = await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE actor_user_id = $1 AND action = 'AUDIT_VERIFY'`, [people.sysadmin.id]);
    expect(refused.n).toBe(0);
  });

  it("exports for a supervisor exactly the events of their list: their agency's and those on the cases it leads, never another agency's", async () => {
    const { agencies, people } = cast;
    const { exportAuditEvents: file } = await t.gql.ok(EXPORT, { filter: inWindow() }, people.cwSup.token);
    const [header, ...lines] = parseCsv(file.csv);
    const column = (name: string) => header!.indexOf(name);
    const expected = await sqlIds(
      `e.occurred_at BETWEEN $1 AND $2 AND (e.actor_agency_id = $3 OR e.case_id IN (SELECT id FROM case_file WHERE lead_agency_id = $3))`,
      [start, end, agencies.CW.id],
    );
    expect(lines.map((line) => line[column('id')])).toEqual(expected);
    expect(file.rowCount).toBe(expected.length);
    const listed = await allPages(EVENTS, 'auditEvents', { filter: inWindow() }, people.cwSup.token);
    expect(lines.map((line) => line[column('id')])).toEqual(listed.map((node) => node.id));
    // PD's events appear only on K, which CW leads; nothing on P or S, which other agencies lead.
    expect(lines.filter((line) => line[column('actor_agency_id')] === agencies.PD.id).every((line) => line[column('case_id')] === K.id)).toBe(true);
    expect(lines.some((line) => line[column('case_id')] === P.id || line[column('case_id')] === S.id)).toBe(false);
    // Asking for another agency's case answers no rows, not its events.
    const other = (await t.gql.ok(EXPORT, { filter: inWindow({ caseId: S.id }) }, people.cwSup.token)).exportAuditEvents;
    expect(other.rowCount).toBe(0);
    expect(parseCsv(other.csv)).toHaveLength(1);
    // The shelter's supervisor exports none of K's events.
    expect((await t.gql.ok(EXPORT, { filter: inWindow({ caseId: K.id }) }, people.shSup.token)).exportAuditEvents.rowCount).toBe(0);

    const exported = await t.db.query(
      `SELECT actor_agency_id AS "agencyId", outcome, details FROM audit_event WHERE actor_user_id = $1 AND action = 'EXPORT' ORDER BY occurred_at DESC LIMIT 2`,
      [people.cwSup.id],
    );
    expect(exported).toEqual([
      { agencyId: agencies.CW.id, outcome: 'ALLOWED', details: { view: 'exportAuditEvents', rowCount: 0, filter: { caseId: S.id, from: start.toISOString(), to: end.toISOString() } } },
      { agencyId: agencies.CW.id, outcome: 'ALLOWED', details: { view: 'exportAuditEvents', rowCount: expected.length, filter: { from: start.toISOString(), to: end.toISOString() } } },
    ]);
  });

  it('shows the actor and every field of an event', async () => {
    const { agencies, people } = cast;
    const data = await t.gql.ok(FULL_EVENTS, { filter: inWindow({ caseId: K.id, actorUserId: people.cw1.id, action: 'NOTE_ADD' }), first: 5 }, people.auditor.token);
    const node = data.auditEvents.edges.map((edge: any) => edge.node).find((candidate: any) => candidate.id === tricky.id);
    expect(node).toMatchObject({
      actorType: 'USER',
      actorUser: { id: people.cw1.id, email: people.cw1.email },
      actorAgency: { id: agencies.CW.id },
      action: 'NOTE_ADD',
      outcome: 'ALLOWED',
      caseId: K.id,
      subjectType: 'Note',
      subjectId: tricky.subjectId,
      scopes: [],
      justification: tricky.justification,
      reason: tricky.reason,
    });
    expect(node.chainKey).toMatch(new RegExp(`^agency:${agencies.CW.id}:[0-7]$`));
    expect(JSON.parse(node.details)).toEqual({ label: tricky.userAgentLike, n: 1 });
    expect(node.chainSeq).toBeGreaterThan(0);
  });
});
