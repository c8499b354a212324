import { createHash, randomBytes } from 'node:crypto';
import { AgencyType, Role } from '@tandem/authz';
import { DeadlineEngine } from '@tandem/deadlines';
import { RedisService } from '@tandem/platform';
import { WorldUser } from '@tandem/testing';
import { createTestApp, TestApp } from './support/test-app';
import { isolatedDatabase } from './support/test-database';
import { ADD_TO_TIP, SUBMIT_TIP, sendTip, solvedProof, TIP, TIP_ENV, TIP_STATUS, TIPS, tipInput, TRIAGE_TIP } from './support/tip-fixtures';

const HOUR = 3600_000;
const TIMELINE = `query($id: ID!) { case(id: $id) { id timeline(first: 50) { edges { node { kind scope summary } } } } }`;
const CREATE_CASE = `mutation($input: CreateCaseInput!) { createCase(input: $input) { id } }`;

/*
 * Anonymous tips (docs/access-policy.md, "submit a tip" and "triage tips"; docs/design.md, "Anonymous tips"):
 * submitted without an account, followed up by code, triaged by the law-enforcement agencies of their jurisdiction.
 */
describe('anonymous tips', () => {
  let t: TestApp;
  let env: Record<string, string>;
  let J1: string;
  let J2: string;
  let people: Record<'pd1' | 'pd1b' | 'pdSup' | 'pdAdmin' | 'pd2' | 'cw1' | 'cwSup' | 'auditor' | 'sysadmin', WorldUser>;
  let agencies: Record<'PD' | 'PD2' | 'CW', string>;

  const as = (user: WorldUser) => t.signIn(user);
  const now = () => t.clock.now();
  const send = (changes: Record<string, unknown> = {}, jurisdictionId = J1) => sendTip(t.gql, t.db, t.config, tipInput(jurisdictionId, { seenAt: new Date(now().getTime() - HOUR).toISOString(), ...changes }));
  const triage = async (user: WorldUser, input: Record<string, unknown>) => t.gql.query<{ triageTip: { id: string; status: string; version: number; linkedCaseId: string | null; jurisdictionId: string } }>(TRIAGE_TIP, { input }, await as(user));
  const status = async (code: string) => t.gql.query(TIP_STATUS, { code, proof: await solvedProof(t.gql) });
  // Counted in this suite's jurisdiction: suites running beside it send tips of their own.
  const tipsHere = () => t.world.count('tip', 'jurisdiction_id = $1', [J1]);
  const additionsHere = () => t.world.count('tip_addition', 'tip_id IN (SELECT id FROM tip WHERE jurisdiction_id = $1)', [J1]);
  const row = async (id: string) => (await t.db.query(`SELECT status, version, jurisdiction_id AS "jurisdictionId", linked_case_id AS "linkedCaseId" FROM tip WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    env = await isolatedDatabase('tips');
    t = await createTestApp({ ...env, ...TIP_ENV, TRUST_PROXY: 'loopback' });
    J1 = (await t.world.jurisdiction('Tip County')).id;
    J2 = (await t.world.jurisdiction('Next County')).id;
    agencies = {
      PD: (await t.world.agency(AgencyType.LAW_ENFORCEMENT, J1)).id,
      PD2: (await t.world.agency(AgencyType.LAW_ENFORCEMENT, J2)).id,
      CW: (await t.world.agency(AgencyType.CHILD_WELFARE, J1)).id,
    };
    people = {
      pd1: await t.world.user(Role.STAFF, agencies.PD),
      pd1b: await t.world.user(Role.STAFF, agencies.PD),
      pdSup: await t.world.user(Role.SUPERVISOR, agencies.PD),
      pdAdmin: await t.world.user(Role.AGENCY_ADMIN, agencies.PD),
      pd2: await t.world.user(Role.STAFF, agencies.PD2),
      cw1: await t.world.user(Role.STAFF, agencies.CW),
      cwSup: await t.world.user(Role.SUPERVISOR, agencies.CW),
      auditor: await t.world.user(Role.AUDITOR, null),
      sysadmin: await t.world.user(Role.SYSTEM_ADMIN, null),
    };
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('submission and follow-up, without an account', () => {
    it('lists the jurisdictions a tip may be sent to, by name, without an account', async () => {
      const { tipJurisdictions } = await t.gql.ok<{ tipJurisdictions: { id: string; name: string }[] }>(`{ tipJurisdictions { id code name } }`);
      expect(tipJurisdictions.filter((one) => [J1, J2].includes(one.id)).map((one) => one.name)).toEqual(['Next County', 'Tip County']);
    });

    it('takes a tip with every field, answers a six-word code once, and keeps the text sealed and the code only as a hash', async () => {
      const { code, id } = await send({ ongoing: true, contact: 'text me at 555-0101 after 6pm', latitude: 38.62, longitude: -90.19 });
      expect(code.split('-')).toHaveLength(6);
      const [tip] = await t.db.query(`SELECT * FROM tip WHERE id = $1`, [id]);
      expect(tip.status).toBe('NEW');
      const stored = JSON.stringify(tip);
      // Probes a sealed value cannot hold by chance (three letters alone turn up in base64 now and then).
      for (const clear of ['motel', 'Motel', '555-0101', '@sunset_dates', 'starting 4KX', 'front desk', code, code.split('-').slice(0, 3).join('-')]) expect(stored).not.toContain(clear);
      const pd1 = await as(people.pd1);
      const { tip: read } = await t.gql.ok(TIP, { id }, pd1);
      expect(read).toMatchObject({
        status: 'NEW',
        place: 'Sunset Motel, Route 9',
        contact: 'text me at 555-0101 after 6pm',
        people: [{ approximateAge: 15, description: 'Girl, red jacket' }, { approximateAge: 40, description: 'Man, grey beard' }],
        vehicles: ['Silver minivan, plate starting 4KX'],
        onlineHandles: ['@sunset_dates'],
        howKnown: 'I work the night shift at the front desk.',
      });
    });

    it('answers a right code, a wrong code and another tip’s code alike, and tells the tipster only a coarse status', async () => {
      const mine = await send();
      const other = await send();
      const wrong = 'maple-otter-quilt-river-lamp-tulip';
      const answers = [await status(mine.code), await status(wrong), await status(other.code)].map((r) => ({ data: r.data, errors: r.errors }));
      expect(answers[0]).toEqual({ data: { tipStatus: { progress: 'RECEIVED' } }, errors: [] });
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
      // Any case, any separator: the same code.
      expect((await status(mine.code.toUpperCase().replace(/-/g, ' '))).data).toEqual({ tipStatus: { progress: 'RECEIVED' } });
      // A code that cannot be one (the word list is public) is bad input, naming no tip.
      expect((await status('not a code')).errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'code' }] });

      expect((await triage(people.pd1, { tipId: mine.id, action: 'REVIEW', expectedVersion: 1 })).errors).toEqual([]);
      expect((await status(mine.code)).data).toEqual({ tipStatus: { progress: 'UNDER_REVIEW' } });
      expect((await triage(people.pd1, { tipId: mine.id, action: 'NO_ACTION', expectedVersion: 2, reason: 'Duplicate of an open investigation' })).errors).toEqual([]);
      expect((await status(mine.code)).data).toEqual({ tipStatus: { progress: 'CLOSED' } });
      expect((await status(wrong)).data).toEqual({ tipStatus: { progress: 'RECEIVED' } });
    });

    it('adds information by code; a wrong code stores nothing and answers the same', async () => {
      const mine = await send();
      const before = await additionsHere();
      const add = async (code: string, information: string) => t.gql.query(ADD_TO_TIP, { code, proof: await solvedProof(t.gql), input: { information, contact: 'same number' } });
      const right = await add(mine.code, 'The van came back at 2am with two more girls.');
      const wrong = await add('maple-otter-quilt-river-lamp-tulip', 'Nothing true.');
      expect({ data: wrong.data, errors: wrong.errors }).toEqual({ data: right.data, errors: right.errors });
      expect(await additionsHere()).toBe(before + 1);
      const { tip } = await t.gql.ok(TIP, { id: mine.id }, await as(people.pd1));
      expect(tip.additions).toEqual([{ information: 'The van came back at 2am with two more girls.', contact: 'same number' }]);
    });
  });

  describe('the tipster leaves no trace', () => {
    it('keeps no address, user agent or cookie in any table for a tip, its follow-ups and its alerts', async () => {
      const address = '203.0.113.77';
      const agent = `TipsterBrowser/${randomBytes(4).toString('hex')}`;
      const post = (body: object, token?: string) => {
        let call = t.gql.http().post('/graphql').set('content-type', 'application/json').set('x-forwarded-for', address).set('user-agent', agent).set('cookie', `session=${agent}`);
        if (token) call = call.set('authorization', `Bearer ${token}`);
        return call.send(body);
      };
      const submitted = await post({ query: SUBMIT_TIP, variables: { input: tipInput(J1, { seenAt: now().toISOString(), childInDangerNow: true }), proof: await solvedProof(t.gql) } });
      expect(submitted.body.errors).toBeUndefined();
      const code = submitted.body.data.submitTip.followUpCode as string;
      expect((await post({ query: TIP_STATUS, variables: { code, proof: await solvedProof(t.gql) } })).body.errors).toBeUndefined();
      expect((await post({ query: ADD_TO_TIP, variables: { code, proof: await solvedProof(t.gql), input: { information: 'More to say.' } } })).body.errors).toBeUndefined();

      const everything = async () => {
        // Every table the application may read (a partitioned table with its partitions).
        const tables: { name: string }[] = await t.db.query(
          `SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname IN ('public', 'directory') AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND has_table_privilege(c.oid, 'SELECT')`,
        );
        expect(tables.map((table) => table.name)).toEqual(expect.arrayContaining(['public.tip', 'public.tip_addition', 'public.audit_event', 'public.notification', 'public.deadline', 'public.outbox']));
        let text = '';
        for (const { name } of tables) text += JSON.stringify(await t.db.query(`SELECT * FROM ${name}`));
        return text;
      };
      const dump = await everything();
      expect(dump).not.toContain(address);
      expect(dump).not.toContain(agent);
      const events = await t.db.query(`SELECT action, client_address, user_agent FROM audit_event WHERE action LIKE 'TIP_%' AND actor_type = 'ANONYMOUS'`);
      expect(events.length).toBeGreaterThanOrEqual(3);
      expect(events.every((e: { client_address: string | null; user_agent: string | null }) => e.client_address === null && e.user_agent === null)).toBe(true);

      // The same request signed in is audited with its address: the search above would have found it.
      const token = await as(people.pd1);
      expect((await post({ query: TIPS, variables: {} }, token)).body.errors).toBeUndefined();
      expect(await everything()).toContain(address);
    });
  });

  describe('abuse: proof of work and rate limit', () => {
    it('refuses a missing, forged, reused or expired proof, and stores nothing', async () => {
      const before = await tipsHere();
      const input = tipInput(J1);
      const refused = async (proof: string) => (await t.gql.query(SUBMIT_TIP, { input, proof })).errors[0]?.extensions;
      expect(await refused('')).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'proof' }] });
      expect(await refused('not even base64 json')).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'proof' }] });
      const good = await solvedProof(t.gql);
      const forged = JSON.parse(Buffer.from(good, 'base64').toString());
      forged.number += 1;
      expect(await refused(Buffer.from(JSON.stringify(forged)).toString('base64'))).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'proof' }] });
      expect(await tipsHere()).toBe(before);
      expect((await t.gql.query(SUBMIT_TIP, { input, proof: good })).errors).toEqual([]);
      expect(await refused(good)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'proof', message: expect.stringContaining('already used') }] });
      const late = await solvedProof(t.gql);
      t.clock.advance(21 * 60_000);
      expect(await refused(late)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'proof', message: expect.stringContaining('expired') }] });
      expect(await tipsHere()).toBe(before + 1);
    });

    it('limits tips per sender under a salted hash of the day, never the address itself', async () => {
      const limited = await createTestApp({ ...env, ...TIP_ENV, TIP_RATE_LIMIT_PER_HOUR: '2', QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}-tips-${randomBytes(3).toString('hex')}` });
      try {
        const codes: (string | undefined)[] = [];
        for (let i = 0; i < 3; i += 1) {
          const response = await limited.gql.query(SUBMIT_TIP, { input: tipInput(J1), proof: await solvedProof(limited.gql) });
          codes.push(response.errors[0]?.extensions?.code);
        }
        expect(codes).toEqual([undefined, undefined, 'RATE_LIMITED']);
        const redis = limited.app.get(RedisService);
        const keys = await redis.client.keys(redis.key('tips', '*'));
        expect(keys.some((key) => key.includes('127.0.0.1') || key.includes('::1'))).toBe(false);
        expect(keys.some((key) => key.includes(':salt:'))).toBe(true);
        // The API's own per-operation counters hold no plain hash of the address either (a list of
        // every IPv4 address reverses one): they are kept under a keyed hash that changes daily.
        await new Promise((resolve) => setTimeout(resolve, 300));
        const counters = await redis.client.keys(redis.key('throttle', '*'));
        expect(counters.length).toBeGreaterThan(0);
        const plain = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].flatMap((address) =>
          ['default', 'public'].map((name) => createHash('sha256').update(`TipResolver-submitTip-${name}-${address}`).digest('hex')),
        );
        expect(counters.filter((key) => plain.some((hash) => key.endsWith(hash)))).toEqual([]);
      } finally {
        await limited.close();
      }
    });
  });

  describe('triage', () => {
    it('is open to the law-enforcement staff and supervisors of the tip’s jurisdiction only', async () => {
      const { id } = await send();
      const expectations: [keyof typeof people, string | undefined][] = [
        ['pd1', undefined],
        ['pdSup', undefined],
        ['pd2', 'NOT_FOUND'],
        ['cw1', 'FORBIDDEN'],
        ['cwSup', 'FORBIDDEN'],
        ['pdAdmin', 'FORBIDDEN'],
        ['auditor', 'FORBIDDEN'],
        ['sysadmin', 'FORBIDDEN'],
      ];
      for (const [who, code] of expectations) {
        const token = await as(people[who]);
        expect({ who, read: await t.gql.code(TIP, { id }, token) }).toEqual({ who, read: code });
        const list = await t.gql.query(TIPS, { first: 100 }, token);
        const listed = (list.data?.tips?.edges ?? []).some((edge: { node: { id: string } }) => edge.node.id === id);
        expect({ who, listed, code: list.errors[0]?.extensions?.code }).toEqual({ who, listed: code === undefined, code: code === 'NOT_FOUND' ? undefined : code });
        if (code) expect({ who, triage: (await triage(people[who], { tipId: id, action: 'REVIEW', expectedVersion: 1 })).errors[0]?.extensions?.code }).toEqual({ who, triage: code });
      }
      expect(await t.gql.code(TIP, { id })).toBe('UNAUTHENTICATED');
      expect((await row(id)).status).toBe('NEW');
      // Every read is audited, the refused ones too.
      const reads = await t.db.query(`SELECT actor_user_id AS who, outcome FROM audit_event WHERE subject_id = $1 AND action IN ('TIP_VIEW', 'ACCESS_DENIED')`, [id]);
      expect(reads.filter((r: { who: string; outcome: string }) => r.who === people.pd1.id && r.outcome === 'ALLOWED')).toHaveLength(1);
      expect(reads.filter((r: { outcome: string }) => r.outcome === 'DENIED').length).toBeGreaterThanOrEqual(1);
    });

    it('moves NEW → UNDER_REVIEW once when two triagers race; the loser gets CONFLICT', async () => {
      const { id } = await send();
      const [a, b] = await Promise.all([triage(people.pd1, { tipId: id, action: 'REVIEW', expectedVersion: 1 }), triage(people.pd1b, { tipId: id, action: 'REVIEW', expectedVersion: 1 })]);
      const codes = [a, b].map((r) => r.errors[0]?.extensions?.code ?? 'OK').sort();
      expect(codes).toEqual(['CONFLICT', 'OK']);
      expect(await row(id)).toMatchObject({ status: 'UNDER_REVIEW', version: 2 });
      // Not drawn by the lifecycle: a second review.
      expect((await triage(people.pd1, { tipId: id, action: 'REVIEW', expectedVersion: 2 })).errors[0]?.extensions?.code).toBe('CONFLICT');
    });

    it('links a tip to a case the triager can change, or to a case opened from it, and shows it on the timeline under INVESTIGATION', async () => {
      const first = await send();
      await triage(people.pd1, { tipId: first.id, action: 'REVIEW', expectedVersion: 1 });
      // A case the triager does not see: bad input, and nothing changes.
      const cwCase = (await t.gql.ok(CREATE_CASE, { input: { child: { legalName: 'Jordan Unseen', dateOfBirth: '2011-05-05' } } }, await as(people.cw1))).createCase.id;
      const unseen = await triage(people.pd1, { tipId: first.id, action: 'LINK', expectedVersion: 2, caseId: cwCase });
      expect(unseen.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.caseId' }] });
      expect(await row(first.id)).toMatchObject({ status: 'UNDER_REVIEW', version: 2 });

      const pdCase = (await t.gql.ok(CREATE_CASE, { input: { child: { legalName: 'Sam Example', dateOfBirth: '2010-01-01' } } }, await as(people.pd1))).createCase.id;
      const linked = await triage(people.pd1, { tipId: first.id, action: 'LINK', expectedVersion: 2, caseId: pdCase });
      expect(linked.data?.triageTip).toMatchObject({ status: 'LINKED', linkedCaseId: pdCase });
      const timeline = (await t.gql.ok(TIMELINE, { id: pdCase }, await as(people.pd1))).case.timeline.edges.map((e: { node: unknown }) => e.node);
      expect(timeline).toContainEqual({ kind: 'TIP_LINKED', scope: 'INVESTIGATION', summary: 'Anonymous community tip linked to the case' });

      const second = await send();
      await triage(people.pdSup, { tipId: second.id, action: 'REVIEW', expectedVersion: 1 });
      const opened = await triage(people.pdSup, { tipId: second.id, action: 'LINK', expectedVersion: 2, newCase: { child: { legalName: 'Unknown girl, red jacket', dateOfBirth: '2011-01-01' }, riskLevel: 'HIGH' } });
      expect(opened.errors).toEqual([]);
      const caseId = opened.data!.triageTip.linkedCaseId!;
      const [lead] = await t.db.query(`SELECT lead_agency_id AS lead FROM case_file WHERE id = $1`, [caseId]);
      expect(lead.lead).toBe(agencies.PD);
      // Done: no other move.
      expect((await triage(people.pdSup, { tipId: second.id, action: 'NO_ACTION', expectedVersion: 3, reason: 'x' })).errors[0]?.extensions?.code).toBe('CONFLICT');
    });

    it('refers a tip to another jurisdiction, whose police review it; the first loses it', async () => {
      const { id, code } = await send();
      await triage(people.pd1, { tipId: id, action: 'REVIEW', expectedVersion: 1 });
      expect((await triage(people.pd1, { tipId: id, action: 'REFER', expectedVersion: 2, jurisdictionId: J1 })).errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.jurisdictionId' }] });
      const referred = await triage(people.pd1, { tipId: id, action: 'REFER', expectedVersion: 2, jurisdictionId: J2, reason: 'The motel is across the county line' });
      expect(referred.data?.triageTip).toMatchObject({ status: 'REFERRED', jurisdictionId: J2 });
      expect(await t.gql.code(TIP, { id }, await as(people.pd1))).toBe('NOT_FOUND');
      expect((await status(code)).data).toEqual({ tipStatus: { progress: 'UNDER_REVIEW' } });
      expect((await triage(people.pd2, { tipId: id, action: 'REVIEW', expectedVersion: 3 })).data?.triageTip).toMatchObject({ status: 'UNDER_REVIEW' });
      const clocks = await t.db.query(`SELECT agency_id AS agency, status FROM deadline WHERE kind = 'TIP_TRIAGE' AND data->>'tipId' = $1 ORDER BY created_at`, [id]);
      expect(clocks).toEqual([
        { agency: agencies.PD, status: 'MET' },
        { agency: agencies.PD2, status: 'PENDING' },
      ]);
    });

    it('closes a tip with no action only with a reason; bad input on every field changes nothing', async () => {
      const { id } = await send();
      await triage(people.pd1, { tipId: id, action: 'REVIEW', expectedVersion: 1 });
      const bad: [Record<string, unknown>, string][] = [
        [{ action: 'NO_ACTION', expectedVersion: 2 }, 'input.reason'],
        [{ action: 'NO_ACTION', expectedVersion: 2, reason: '' }, 'input.reason'],
        [{ action: 'NO_ACTION', expectedVersion: 2, reason: 'ok', caseId: id }, 'input.caseId'],
        [{ action: 'LINK', expectedVersion: 2 }, 'input.caseId'],
        [{ action: 'REFER', expectedVersion: 2 }, 'input.jurisdictionId'],
        [{ action: 'REFER', expectedVersion: 2, jurisdictionId: 'nope' }, 'input.jurisdictionId'],
        [{ action: 'REVIEW', expectedVersion: 0 }, 'input.expectedVersion'],
        [{ action: 'NO_ACTION', expectedVersion: 9, reason: 'ok' }, 'input.expectedVersion'],
      ];
      for (const [input, path] of bad) {
        const response = await triage(people.pd1, { tipId: id, ...input });
        expect({ input, error: response.errors[0]?.extensions }).toMatchObject({ input, error: { code: 'BAD_USER_INPUT', fields: [{ path }] } });
      }
      expect(await row(id)).toMatchObject({ status: 'UNDER_REVIEW', version: 2 });
      expect((await triage(people.pd1, { tipId: id, action: 'NO_ACTION', expectedVersion: 2, reason: 'Not enough to act on' })).data?.triageTip).toMatchObject({ status: 'NO_ACTION', decisionNote: 'Not enough to act on' });
      // Every change is audited in its transaction; the refused ones changed nothing and wrote no change event.
      const changes = await t.db.query(`SELECT action, actor_type AS actor FROM audit_event WHERE subject_id = $1 AND action LIKE 'TIP_%' AND action <> 'TIP_VIEW' ORDER BY occurred_at, chain_seq`, [id]);
      expect(changes).toEqual([
        { action: 'TIP_SUBMIT', actor: 'ANONYMOUS' },
        { action: 'TIP_REVIEW', actor: 'USER' },
        { action: 'TIP_NO_ACTION', actor: 'USER' },
      ]);
    });

    it('refuses bad tips and follow-ups field by field, storing nothing', async () => {
      const before = await tipsHere();
      const cases: [Record<string, unknown>, string][] = [
        [{ whatSeen: 'short' }, 'input.whatSeen'],
        [{ seenAt: null, ongoing: false }, 'input.seenAt'],
        [{ seenAt: new Date(now().getTime() + 24 * HOUR).toISOString() }, 'input.seenAt'],
        [{ latitude: 12 }, 'input.longitude'],
        [{ latitude: 120, longitude: 0 }, 'input.latitude'],
        [{ jurisdictionId: '00000000-0000-4000-8000-000000000000' }, 'input.jurisdictionId'],
        [{ place: 'line\nbreak' }, 'input.place'],
        [{ people: [{ approximateAge: 300 }] }, 'input.people.0.approximateAge'],
      ];
      for (const [changes, path] of cases) {
        const response = await t.gql.query(SUBMIT_TIP, { input: tipInput(J1, changes), proof: await solvedProof(t.gql) });
        expect({ changes, error: response.errors[0]?.extensions }).toMatchObject({ changes, error: { code: 'BAD_USER_INPUT', fields: [{ path }] } });
      }
      expect(await tipsHere()).toBe(before);
      const additions = await additionsHere();
      const { code } = await send();
      const empty = await t.gql.query(ADD_TO_TIP, { code, proof: await solvedProof(t.gql), input: { information: '' } });
      expect(empty.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.information' }] });
      expect(await additionsHere()).toBe(additions);
    });

    it('shows an open tip naming the same place in the same window beside it', async () => {
      const first = await send({ place: 'Greyhound station, north entrance', latitude: null, longitude: null });
      const same = await send({ place: 'GREYHOUND Station - North Entrance', latitude: null, longitude: null, seenAt: new Date(now().getTime() - 5 * HOUR).toISOString() });
      const near = await send({ place: 'bus depot', latitude: 38.6001, longitude: -90.2001 });
      const nearToo = await send({ place: 'behind the depot', latitude: 38.6005, longitude: -90.2004 });
      const later = await send({ place: 'Greyhound station, north entrance', seenAt: new Date(now().getTime() - 72 * HOUR).toISOString() });
      const token = await as(people.pd1);
      const duplicates = async (id: string) => ((await t.gql.ok(TIP, { id }, token)).tip.possibleDuplicates as { id: string }[]).map((d) => d.id).sort();
      expect(await duplicates(first.id)).toEqual([same.id]);
      expect(await duplicates(near.id)).toEqual([nearToo.id]);
      expect(await duplicates(later.id)).toEqual([]);
    });
  });

  describe('TIP_TRIAGE deadline and the imminent-danger alert', () => {
    const notices = (tipId: string) =>
      t.db.query(
        `SELECT n.kind, n.recipient_id AS recipient FROM notification n
          WHERE (n.kind = 'TIP_DANGER_NOW' AND n.text LIKE '%' || (SELECT reference FROM tip WHERE id = $1::uuid) || '%')
             OR n.deadline_id IN (SELECT id FROM deadline WHERE data->>'tipId' = $1::text) ORDER BY n.kind, n.recipient_id`,
        [tipId],
      );

    it('alerts the agency’s staff and supervisors at once, once, when a child may be in danger now; 1 hour to triage', async () => {
      const hook = await t.gql.query(`mutation($agencyId: ID!, $url: String!) { setAgencyWebhook(agencyId: $agencyId, url: $url) { url } }`, { agencyId: agencies.PD, url: 'https://hooks.example.org/tandem-tips' }, await as(people.pdAdmin));
      expect(hook.errors).toEqual([]);
      const { id } = await send({ childInDangerNow: true });
      const lePeople = [people.pd1, people.pd1b, people.pdSup].map((p) => p.id).sort();
      const danger = (await notices(id)).filter((n: { kind: string }) => n.kind === 'TIP_DANGER_NOW');
      expect(danger.map((n: { recipient: string }) => n.recipient).sort()).toEqual(lePeople);
      const [clock] = await t.db.query(`SELECT started_at AS "startedAt", due_at AS "dueAt", agency_id AS agency, case_id AS "caseId" FROM deadline WHERE kind = 'TIP_TRIAGE' AND data->>'tipId' = $1`, [id]);
      expect(clock.dueAt.getTime() - clock.startedAt.getTime()).toBe(HOUR);
      expect(clock).toMatchObject({ agency: agencies.PD, caseId: null });
      // One webhook call for the agency, naming the tip's reference and nothing of what it says.
      const webhooks = await t.db.query(`SELECT agency_id AS agency, body FROM webhook_delivery WHERE ledger_key LIKE $1`, [`tip:${id}:danger:%`]);
      expect(webhooks.map((w: { agency: string }) => w.agency)).toEqual([agencies.PD]);
      expect(webhooks[0].body).toMatchObject({ event: 'TIP_DANGER_NOW', caseId: null, text: expect.stringMatching(/^Tip TIP-\d{4}-\d{6}: an anonymous tip says a child may be in danger now/) });
      expect(JSON.stringify(webhooks[0].body)).not.toMatch(/motel|Sunset|girls/i);
      // Running the deadlines again does not alert anyone twice.
      await t.app.get(DeadlineEngine).sweep();
      expect((await notices(id)).filter((n: { kind: string }) => n.kind === 'TIP_DANGER_NOW')).toHaveLength(3);
      expect(await t.world.count('webhook_delivery', `ledger_key LIKE $1`, [`tip:${id}:danger:%`])).toBe(1);
      await t.db.query(`UPDATE agency_webhook SET active = false WHERE agency_id = $1`, [agencies.PD]);
    });

    it('reminds the staff at half time, escalates to the supervisors at due, and is met by a decision', async () => {
      const engine = t.app.get(DeadlineEngine);
      const late = await send();
      const met = await send();
      const kinds = async (id: string) => (await notices(id)).map((n: { kind: string; recipient: string }) => `${n.kind}:${n.recipient}`).sort();
      expect(await kinds(late.id)).toEqual([]);
      t.clock.advance(12 * HOUR + 1000);
      await engine.sweep();
      expect(await kinds(late.id)).toEqual([people.pd1, people.pd1b, people.pdSup].map((p) => `TIP_TRIAGE_REMINDER:${p.id}`).sort());
      await triage(people.pd1, { tipId: met.id, action: 'REVIEW', expectedVersion: 1 });
      await triage(people.pd1, { tipId: met.id, action: 'NO_ACTION', expectedVersion: 2, reason: 'Known location, already under surveillance' });
      t.clock.advance(12 * HOUR);
      await engine.sweep();
      expect(await kinds(late.id)).toEqual([...[people.pd1, people.pd1b, people.pdSup].map((p) => `TIP_TRIAGE_REMINDER:${p.id}`), `TIP_TRIAGE_OVERDUE:${people.pdSup.id}`].sort());
      const statuses = await t.db.query(`SELECT data->>'tipId' AS tip, status FROM deadline WHERE kind = 'TIP_TRIAGE' AND data->>'tipId' = ANY($1::text[])`, [[late.id, met.id]]);
      expect(Object.fromEntries(statuses.map((s: { tip: string; status: string }) => [s.tip, s.status]))).toEqual({ [late.id]: 'BREACHED', [met.id]: 'MET' });
      expect((await notices(met.id)).filter((n: { kind: string }) => n.kind === 'TIP_TRIAGE_OVERDUE')).toEqual([]);
      const [text] = await t.db.query(`SELECT n.text FROM notification n JOIN deadline d ON d.id = n.deadline_id WHERE d.data->>'tipId' = $1 LIMIT 1`, [late.id]);
      expect(text.text).toMatch(/^Tip TIP-\d{4}-\d{6}: the triage of an anonymous tip/);
    });
  });
});
