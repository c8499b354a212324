import { randomBytes } from 'node:crypto';
import { AgencyType, Role } from '@tandem/authz';
import { WorldUser } from '@tandem/testing';
import { Client } from 'pg';
import { createTestApp, TestApp } from './support/test-app';
import { ADD_NOTE, assignDirectly, CREATE_CASE, makePartner } from './support/case-fixtures';

const PAGE = `query($first: Int, $after: String, $filter: CaseFilterInput) {
  cases(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id caseNumber openedAt status riskLevel flags leadAgency { id } } }
    pageInfo { hasNextPage endCursor } } }`;
const NOTES_PAGE = `query($id: ID!) { case(id: $id) { notes(first: 1) { pageInfo { endCursor } } } }`;
const SET_FLAG = `mutation($caseId: ID!, $flag: CaseFlag!) { setCaseFlag(caseId: $caseId, flag: $flag, on: true) { id flags } }`;
const ASSIGN = `mutation($caseId: ID!, $userId: ID!) { assignUser(caseId: $caseId, userId: $userId) { id status } }`;
const CREATE_REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`;
const DECLINE = `mutation($id: ID!) { declineReferral(id: $id, reason: NO_CAPACITY) { id status } }`;
const CLOSE = `mutation($id: ID!) { closeCase(id: $id, reason: "placement is stable") { id status } }`;
const NESTED = `query($first: Int, $filter: CaseFilterInput) {
  cases(first: $first, filter: $filter) { edges { node {
    id
    child { legalName placement { address } }
    memberships { agency { name } scopes }
    assignments { user { displayName } role }
    leadAgency { name }
  } } pageInfo { hasNextPage } } }`;

interface Actor extends WorldUser {
  token: string;
}

/** What the test itself did to a case, from which every expected answer is computed. */
interface Made {
  id: string;
  caseNumber: string;
  seq: number;
  lead: 'A' | 'B';
  riskLevel: string;
  flags: Set<string>;
  status: 'OPEN' | 'ACTIVE' | 'CLOSED';
  assignees: Set<string>;
  partnerA: boolean;
}

interface Node {
  id: string;
  caseNumber: string;
  openedAt: string;
  status: string;
  riskLevel: string;
  flags: string[];
  leadAgency: { id: string };
}

const RISKS = ['HIGH', 'LOW', 'ELEVATED', 'UNKNOWN'];

describe('cases(first, after, filter): keyset pages over visible cases only', () => {
  let t: TestApp;
  let agencyA: string;
  let agencyB: string;
  let a1: Actor;
  let a2: Actor;
  let a3: Actor;
  let sup: Actor;
  let b1: Actor;
  const made: Made[] = [];

  const actor = async (role: Role, agencyId: string): Promise<Actor> => {
    const user = await t.world.user(role, agencyId);
    return { ...user, token: await t.signIn(user) };
  };
  const newestFirst = (cases: Made[]) => [...cases].sort((x, y) => y.seq - x.seq).map((c) => c.id);
  const ofA = () => made.filter((c) => c.lead === 'A');
  const seenBy = (who: Actor) => made.filter((c) => (c.lead === 'A' ? who === sup || c.assignees.has(who.id) : c.partnerA && who === sup));

  beforeAll(async () => {
    t = await createTestApp();
    const here = await t.world.jurisdiction('Paging County');
    agencyA = (await t.world.agency(AgencyType.CHILD_WELFARE, here.id)).id;
    agencyB = (await t.world.agency(AgencyType.CHILD_WELFARE, here.id)).id;
    a1 = await actor(Role.STAFF, agencyA);
    a2 = await actor(Role.STAFF, agencyA);
    a3 = await actor(Role.STAFF, agencyA);
    sup = await actor(Role.SUPERVISOR, agencyA);
    b1 = await actor(Role.STAFF, agencyB);
    let seq = 0;
    const create = async (who: Actor, lead: 'A' | 'B', riskLevel: string): Promise<Made> => {
      t.clock.advance(1000);
      const input = { ...(riskLevel === 'UNKNOWN' ? {} : { riskLevel }), child: { legalName: `Paging Child ${seq}`, dateOfBirth: '2011-05-05' } };
      const created = (await t.gql.ok(CREATE_CASE, { input }, who.token)).createCase;
      const record: Made = { id: created.id, caseNumber: created.caseNumber, seq: seq++, lead, riskLevel, flags: new Set(), status: 'OPEN', assignees: new Set([who.id]), partnerA: false };
      made.push(record);
      return record;
    };
    for (let i = 0; i < 25; i += 1) {
      const creator = i % 2 === 0 ? a1 : a2;
      const c = await create(creator, 'A', RISKS[i % 4]!);
      for (const [flag, on] of [['MISSING', i % 3 === 0], ['TRAFFICKING_VICTIM', i % 5 === 0]] as const) {
        if (!on) continue;
        await t.gql.ok(SET_FLAG, { caseId: c.id, flag }, creator.token);
        c.flags.add(flag);
      }
      if (i % 6 === 1) {
        // The supervisor takes the case: it becomes ACTIVE and theirs.
        expect((await t.gql.ok(ASSIGN, { caseId: c.id, userId: sup.id }, sup.token)).assignUser.status).toBe('ACTIVE');
        c.assignees.add(sup.id);
        c.status = 'ACTIVE';
      }
      if (i % 6 === 3) {
        await t.gql.ok(ASSIGN, { caseId: c.id, userId: a3.id }, sup.token);
        c.assignees.add(a3.id);
        expect((await t.gql.ok(CLOSE, { id: c.id }, sup.token)).closeCase.status).toBe('CLOSED');
        c.status = 'CLOSED';
      }
      if (i % 5 === 2) {
        // A case of agency B; A is made a partner of two of them, the others stay out of A's sight.
        const b = await create(b1, 'B', 'HIGH');
        await t.gql.ok(SET_FLAG, { caseId: b.id, flag: 'MISSING' }, b1.token);
        b.flags.add('MISSING');
        if (i === 7 || i === 17) {
          await makePartner(t, b.id, agencyA, ['IDENTITY'], false);
          b.partnerA = true;
        }
      }
    }
    expect(ofA()).toHaveLength(25);
    expect(made.filter((c) => c.lead === 'B' && !c.partnerA)).toHaveLength(3);
  }, 120_000);
  afterAll(() => t.close());

  /** Walks the whole list page by page and checks the shape of every page on the way. */
  async function walk(token: string, filter: Record<string, unknown> | null, first = 4): Promise<{ ids: string[]; sizes: number[]; nodes: Node[] }> {
    const nodes: Node[] = [];
    const sizes: number[] = [];
    let after: string | null = null;
    for (let page = 0; page < 60; page += 1) {
      const data: any = await t.gql.ok(PAGE, { first, after, filter }, token);
      const edges: { cursor: string; node: Node }[] = data.cases.edges;
      sizes.push(edges.length);
      nodes.push(...edges.map((edge) => edge.node));
      if (!data.cases.pageInfo.hasNextPage) {
        expect(data.cases.pageInfo.endCursor).toBe(edges.at(-1)?.cursor ?? null);
        return { ids: nodes.map((node) => node.id), sizes, nodes };
      }
      expect(data.cases.pageInfo.endCursor).toBe(edges.at(-1)!.cursor);
      after = data.cases.pageInfo.endCursor;
    }
    throw new Error('the walk did not end after 60 pages');
  }
  const pageSizes = (n: number, first = 4) => Array.from({ length: Math.ceil(n / first) }, (_, i) => (i < Math.ceil(n / first) - 1 ? first : n - first * i));
  const list = async (token: string, filter: Record<string, unknown>): Promise<string[]> => {
    const data = await t.gql.ok(PAGE, { first: 100, filter }, token);
    expect(data.cases.pageInfo.hasNextPage).toBe(false);
    return data.cases.edges.map((edge: { node: { id: string } }) => edge.node.id);
  };

  describe('walking cases(first: 4)', () => {
    it("the supervisor walks the agency's 25 cases: each once, newest first, full pages, then hasNextPage false", async () => {
      const { ids, sizes, nodes } = await walk(sup.token, { leadAgencyId: agencyA });
      expect(ids).toEqual(newestFirst(ofA()));
      expect(new Set(ids).size).toBe(25);
      expect(sizes).toEqual([4, 4, 4, 4, 4, 4, 1]);
      const opened = nodes.map((node) => Date.parse(node.openedAt));
      expect(opened).toEqual([...opened].sort((x, y) => y - x));
      expect(new Set(opened).size).toBe(opened.length);
      expect(nodes.every((node) => node.leadAgency.id === agencyA)).toBe(true);
      // What the list says about each case is what was done to it.
      const byId = new Map(made.map((c) => [c.id, c]));
      for (const node of nodes) {
        const c = byId.get(node.id)!;
        expect({ id: node.id, caseNumber: node.caseNumber, status: node.status, riskLevel: node.riskLevel, flags: [...node.flags].sort() }).toEqual({
          id: c.id,
          caseNumber: c.caseNumber,
          status: c.status,
          riskLevel: c.riskLevel,
          flags: [...c.flags].sort(),
        });
      }
    });

    it("without the agency filter the supervisor also gets the two partner cases of B, in their place, and never B's other cases", async () => {
      const { ids, sizes } = await walk(sup.token, null);
      const expected = newestFirst(seenBy(sup));
      expect(expected).toHaveLength(27);
      expect(ids).toEqual(expected);
      expect(sizes).toEqual(pageSizes(27));
      for (const hidden of made.filter((c) => c.lead === 'B' && !c.partnerA)) expect(ids).not.toContain(hidden.id);
    });

    it('staff walk only the cases they are assigned to; pages count only those', async () => {
      for (const who of [a1, a2, a3]) {
        const { ids, sizes } = await walk(who.token, { leadAgencyId: agencyA });
        const expected = newestFirst(seenBy(who));
        expect(ids).toEqual(expected);
        expect(sizes).toEqual(pageSizes(expected.length));
        expect(ids.some((id) => made.find((c) => c.id === id)!.lead === 'B')).toBe(false);
      }
      expect(seenBy(a1).length).toBeGreaterThan(0);
      expect(seenBy(a3).length).toBeLessThan(seenBy(a1).length);
    });

    it("the staff of B see B's cases only, and nothing under A's filter", async () => {
      const { ids } = await walk(b1.token, null);
      expect(ids).toEqual(newestFirst(made.filter((c) => c.lead === 'B')));
      expect((await walk(b1.token, { leadAgencyId: agencyA })).ids).toEqual([]);
    });

    it('first: 1 and first: 100 are accepted (the bounds)', async () => {
      const one = await t.gql.ok(PAGE, { first: 1, filter: { leadAgencyId: agencyA } }, sup.token);
      expect(one.cases.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(newestFirst(ofA()).slice(0, 1));
      expect(one.cases.pageInfo.hasNextPage).toBe(true);
      const hundred = await t.gql.ok(PAGE, { first: 100, filter: { leadAgencyId: agencyA } }, sup.token);
      expect(hundred.cases.edges).toHaveLength(25);
      expect(hundred.cases.pageInfo.hasNextPage).toBe(false);
    });

    it("a supervisor's walk merges the agency's cases with its inbox: a case referred to A appears in its place, once, and leaves when declined", async () => {
      // Two of B's hidden cases, referred to A: the supervisor's list runs the memberships and the
      // inbox as separate branches, and a page must interleave them by age.
      const hidden = made.filter((c) => c.lead === 'B' && !c.partnerA).slice(0, 2);
      const referrals: string[] = [];
      for (const c of hidden) {
        const input = { caseId: c.id, toAgencyId: agencyA, serviceType: 'EMERGENCY_SHELTER', urgency: 'ROUTINE', scopes: [], reason: 'needs a bed' };
        referrals.push((await t.gql.ok(CREATE_REFERRAL, { input }, b1.token)).createReferral.id);
      }
      try {
        const expected = newestFirst([...seenBy(sup), ...hidden]);
        for (const first of [1, 3, 4]) {
          const { ids, sizes } = await walk(sup.token, null, first);
          expect(ids).toEqual(expected);
          expect(sizes).toEqual(pageSizes(expected.length, first));
        }
        // Staff of A see the inbox too (docs/access-policy.md, "Who sees a case", rule 4), beside their own assignments.
        expect((await walk(a3.token, null)).ids).toEqual(newestFirst([...seenBy(a3), ...hidden]));
      } finally {
        for (const id of referrals) await t.gql.ok(DECLINE, { id }, sup.token);
      }
      expect((await walk(sup.token, null)).ids).toEqual(newestFirst(seenBy(sup)));
    });
  });

  describe('refused cursors and page sizes: BAD_USER_INPUT', () => {
    const refusal = async (variables: Record<string, unknown>, path: string) => {
      const response = await t.gql.query(PAGE, variables, sup.token);
      expect(response.data).toBeNull();
      expect(response.errors).toHaveLength(1);
      expect(response.errors[0]!.extensions?.code).toBe('BAD_USER_INPUT');
      expect((response.errors[0]!.extensions?.fields as { path: string }[] | undefined)?.[0]?.path).toBe(path);
    };
    const filter = () => ({ leadAgencyId: agencyA });
    const firstPageCursor = async (f: Record<string, unknown> | null = filter()): Promise<string> =>
      (await t.gql.ok(PAGE, { first: 4, filter: f }, sup.token)).cases.pageInfo.endCursor;
    /** Another character of the base64url alphabet at position `at`. */
    const alter = (text: string, at: number) => `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;

    it('the genuine cursor is accepted with its own filter (the control)', async () => {
      const data = await t.gql.ok(PAGE, { first: 4, after: await firstPageCursor(), filter: filter() }, sup.token);
      expect(data.cases.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(newestFirst(ofA()).slice(4, 8));
    });

    it.each([
      ['random base64', () => randomBytes(48).toString('base64')],
      ['random base64url body and signature', () => `${randomBytes(30).toString('base64url')}.${randomBytes(32).toString('base64url')}`],
      ['plain text', () => 'not-a-cursor'],
    ])('a forged cursor: %s', async (_name, forge) => {
      await refusal({ first: 4, after: forge(), filter: filter() }, 'after');
    });

    it('a genuine cursor with its signature altered, cut, dropped or made of other characters', async () => {
      const cursor = await firstPageCursor();
      const [body, signature] = cursor.split('.') as [string, string];
      expect(signature).toHaveLength(43);
      for (const bad of [
        `${body}.${alter(signature, 0)}`,
        `${body}.${alter(signature, 42)}`,
        `${body}.${signature.slice(0, 42)}`,
        `${body}.${signature}A`,
        `${body}.`,
        body,
        `${body}.${'é'.repeat(43)}`,
        `${body}.${signature.slice(0, 41)}é`,
      ]) {
        await refusal({ first: 4, after: bad, filter: filter() }, 'after');
      }
    });

    it('a genuine signature on another body (a key the server never issued)', async () => {
      const [, signature] = (await firstPageCursor()).split('.') as [string, string];
      const scope = `cases:${JSON.stringify(filter())}`;
      const forgedBody = Buffer.from(JSON.stringify([scope, ['2000-01-01T00:00:00.000Z', made[0]!.id]])).toString('base64url');
      await refusal({ first: 4, after: `${forgedBody}.${signature}`, filter: filter() }, 'after');
    });

    it('a cursor from a different filter, from no filter, or from another list', async () => {
      const withAgency = await firstPageCursor();
      await refusal({ first: 4, after: withAgency, filter: { leadAgencyId: agencyA, riskLevels: ['HIGH'] } }, 'after');
      await refusal({ first: 4, after: withAgency, filter: { leadAgencyId: agencyB } }, 'after');
      await refusal({ first: 4, after: withAgency, filter: null }, 'after');
      await refusal({ first: 4, after: await firstPageCursor(null), filter: filter() }, 'after');
      // A cursor of a case's notes is not a cursor of the case list.
      const c = ofA()[0]!;
      const creator = [a1, a2].find((who) => c.assignees.has(who.id))!;
      for (const body of ['first note', 'second note']) {
        await t.gql.ok(ADD_NOTE, { input: { caseId: c.id, category: 'GENERAL', body } }, creator.token);
      }
      const notesCursor: string = (await t.gql.ok(NOTES_PAGE, { id: c.id }, sup.token)).case.notes.pageInfo.endCursor;
      expect(notesCursor).toEqual(expect.any(String));
      await refusal({ first: 4, after: notesCursor, filter: filter() }, 'after');
      await refusal({ first: 4, after: notesCursor, filter: null }, 'after');
    });

    it.each([0, 101, -1])('first: %p', async (first) => {
      await refusal({ first, filter: filter() }, 'first');
    });
  });

  describe('filters return exactly the matching visible cases, newest first', () => {
    const pick = (pred: (c: Made) => boolean) => newestFirst(ofA().filter(pred));

    it.each([
      ['statuses CLOSED', { statuses: ['CLOSED'] }, (c: Made) => c.status === 'CLOSED'],
      ['statuses ACTIVE', { statuses: ['ACTIVE'] }, (c: Made) => c.status === 'ACTIVE'],
      ['statuses OPEN or ACTIVE', { statuses: ['OPEN', 'ACTIVE'] }, (c: Made) => c.status !== 'CLOSED'],
      ['riskLevels HIGH', { riskLevels: ['HIGH'] }, (c: Made) => c.riskLevel === 'HIGH'],
      ['riskLevels LOW or UNKNOWN', { riskLevels: ['LOW', 'UNKNOWN'] }, (c: Made) => c.riskLevel === 'LOW' || c.riskLevel === 'UNKNOWN'],
      ['flags MISSING', { flags: ['MISSING'] }, (c: Made) => c.flags.has('MISSING')],
      ['flags MISSING and TRAFFICKING_VICTIM (all of them)', { flags: ['MISSING', 'TRAFFICKING_VICTIM'] }, (c: Made) => c.flags.has('MISSING') && c.flags.has('TRAFFICKING_VICTIM')],
      ['assignedToMe (supervisor)', { assignedToMe: true }, (c: Made) => c.assignees.has(sup.id)],
      ['assignedToMe false (no restriction)', { assignedToMe: false }, () => true],
      ['statuses and riskLevels together', { statuses: ['OPEN'], riskLevels: ['HIGH', 'ELEVATED'] }, (c: Made) => c.status === 'OPEN' && ['HIGH', 'ELEVATED'].includes(c.riskLevel)],
    ])('%s', async (_name, extra, pred) => {
      const expected = pick(pred);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(26);
      expect(await list(sup.token, { leadAgencyId: agencyA, ...extra })).toEqual(expected);
    });

    it('a filter walks page by page too, with cursors bound to it', async () => {
      const filter = { leadAgencyId: agencyA, flags: ['MISSING'] };
      const { ids, sizes } = await walk(sup.token, filter, 2);
      const expected = pick((c) => c.flags.has('MISSING'));
      expect(ids).toEqual(expected);
      expect(sizes).toEqual(pageSizes(expected.length, 2));
    });

    it('assignedToMe for staff: only their own cases', async () => {
      for (const who of [a1, a2, a3]) {
        expect(await list(who.token, { leadAgencyId: agencyA, assignedToMe: true })).toEqual(pick((c) => c.assignees.has(who.id)));
      }
    });

    it('flags filter without the agency filter: the partner case of B carrying MISSING, not the hidden ones', async () => {
      const expected = newestFirst(seenBy(sup).filter((c) => c.flags.has('MISSING')));
      expect(expected.filter((id) => made.find((c) => c.id === id)!.lead === 'B')).toHaveLength(2);
      expect((await walk(sup.token, { flags: ['MISSING'] })).ids).toEqual(expected);
    });

    it('caseNumber: exactly that case, in either letter case; a case number the viewer does not see gives nothing', async () => {
      for (const c of [ofA()[3]!, ofA()[20]!]) {
        expect(await list(sup.token, { leadAgencyId: agencyA, caseNumber: c.caseNumber })).toEqual([c.id]);
        expect(await list(sup.token, { caseNumber: c.caseNumber.toLowerCase() })).toEqual([c.id]);
      }
      const hidden = made.find((c) => c.lead === 'B' && !c.partnerA)!;
      expect(await list(sup.token, { caseNumber: hidden.caseNumber })).toEqual([]);
      const partner = made.find((c) => c.lead === 'B' && c.partnerA)!;
      expect(await list(sup.token, { caseNumber: partner.caseNumber })).toEqual([partner.id]);
      expect(await list(sup.token, { leadAgencyId: agencyA, caseNumber: partner.caseNumber })).toEqual([]);
      // A staff member not assigned to a case of their own agency does not find it by number either.
      const notA3 = ofA().find((c) => !c.assignees.has(a3.id))!;
      expect(await list(a3.token, { caseNumber: notA3.caseNumber })).toEqual([]);
    });
  });
});

describe('cases(first) with nested fields: the same number of SQL statements for 10 and 50 cases (no N+1)', () => {
  let t: TestApp;
  let agencyId: string;
  let supervisor: string;
  const userNames = new Set<string>();

  beforeAll(async () => {
    t = await createTestApp();
    const here = await t.world.jurisdiction('Batch County');
    agencyId = (await t.world.agency(AgencyType.CHILD_WELFARE, here.id)).id;
    const creators: string[] = [];
    for (let i = 0; i < 4; i += 1) creators.push(await t.signIn(await t.world.user(Role.STAFF, agencyId)));
    supervisor = await t.signIn(await t.world.user(Role.SUPERVISOR, agencyId));
    // Many distinct partner agencies and assignees, so a per-row lookup would show in the count.
    const types = [AgencyType.SHELTER, AgencyType.COUNSELING, AgencyType.MEDICAL, AgencyType.ADVOCACY, AgencyType.LAW_ENFORCEMENT];
    const partners: { id: string; name: string }[] = [];
    for (let i = 0; i < 20; i += 1) partners.push(await t.world.agency(types[i % types.length]!, here.id));
    const extra: WorldUser[] = [];
    for (let i = 0; i < 16; i += 1) extra.push(await t.world.user(Role.STAFF, agencyId));
    for (let i = 0; i < 55; i += 1) {
      t.clock.advance(1000);
      const input = { riskLevel: 'HIGH', child: { legalName: `Batch Child ${i}`, dateOfBirth: '2010-06-06', placement: { kind: 'FOSTER_HOME', address: `${i} Batch Road` } } };
      const id: string = (await t.gql.ok(CREATE_CASE, { input }, creators[i % creators.length]!)).createCase.id;
      const partner = partners[i % partners.length]!;
      await makePartner(t, id, partner.id, ['IDENTITY'], false);
      await assignDirectly(t, id, extra[i % extra.length]!);
    }
    const rows: { display_name: string }[] = await t.db.query(`SELECT display_name FROM app_user WHERE agency_id = $1`, [agencyId]);
    for (const row of rows) userNames.add(row.display_name);
  }, 180_000);
  afterAll(() => t.close());

  it('cases(first: 10) and cases(first: 50) issue the same number of statements', async () => {
    const spy = jest.spyOn(Client.prototype, 'query');
    const statements = async (first: number): Promise<number> => {
      spy.mockClear();
      const data = await t.gql.ok(NESTED, { first, filter: { leadAgencyId: agencyId } }, supervisor);
      const calls = spy.mock.calls.length;
      const nodes: any[] = data.cases.edges.map((edge: { node: unknown }) => edge.node);
      expect(nodes).toHaveLength(first);
      expect(data.cases.pageInfo.hasNextPage).toBe(true);
      // The nested fields really were resolved, for every case.
      for (const node of nodes) {
        expect(node.child.legalName).toMatch(/^Batch Child \d+$/);
        expect(node.child.placement.address).toMatch(/^\d+ Batch Road$/);
        expect(node.leadAgency.name).toEqual(expect.any(String));
        expect(node.memberships).toHaveLength(2);
        expect(node.memberships.every((m: { agency: { name: string } }) => typeof m.agency.name === 'string')).toBe(true);
        expect(node.assignments).toHaveLength(2);
        expect(node.assignments.every((a: { user: { displayName: string } }) => userNames.has(a.user.displayName))).toBe(true);
      }
      const partners = new Set(
        nodes.flatMap((node) => node.memberships.map((m: { agency: { name: string } }) => m.agency.name).filter((name: string) => name !== node.leadAgency.name)),
      );
      expect(partners.size).toBe(Math.min(first, 20));
      return calls;
    };
    try {
      // Once first, so that every count finds the process's caches (audit chain heads, agencies) alike.
      await statements(50);
      const ten = await statements(10);
      const fifty = await statements(50);
      const tenAgain = await statements(10);
      console.log(`SQL statements: cases(first: 10) nested = ${ten}, cases(first: 50) nested = ${fifty}`);
      expect(ten).toBeGreaterThan(0);
      expect(tenAgain).toBe(ten);
      expect(fifty).toBe(ten);
    } finally {
      spy.mockRestore();
    }
  });
});
