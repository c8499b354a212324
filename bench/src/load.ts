import { Client } from 'pg';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Costs, load, LoadRequest, LoadResult, Meter } from './cannon';
import { ApiProcess, appEnv, cpuMsOf, freePort, memoryOf, startApi, startBaseline } from './processes';
import { totpCode } from '@tandem/mfa';
import { BENCH_TOTP_SECRET, enrolSecondFactors, useSecondFactors } from './second-factor';
import { BENCH_PASSWORD, BENCH_SECRETS } from './seed';
import { sameStatistics, STATISTICS, STATISTICS_MEDIANS, statisticsPath, statisticsPeriod } from './statistics-bench';
import { DIRECTORY_PLACES } from './seed-directory';
import { sameReceipt, solvedProofs, SUBMIT_TIP, TIP_BENCH_ENV, tipInput } from './tip-bench';

export interface LoadOptions {
  root: string;
  databaseUrl: string;
  queuePrefix: string;
  connections: number;
  seconds: number;
  baselineSeconds: number;
  warmupSeconds: number;
  log: (line: string) => void;
  /** Where to write a CPU profile of the API per read scenario (`--cpu-prof`); none when absent. */
  profileDir?: string;
  /** Only the scenarios whose key this matches (`--only <regex>`), for working on one part of the API. */
  only?: RegExp;
}

export interface ScenarioResult {
  key: string;
  title: string;
  kind: 'read' | 'write';
  tandem: LoadResult;
  baseline: LoadResult | null;
  /** Tandem's throughput as a share of the baseline's. */
  ratio: number | null;
  /** Whether Tandem and the baseline gave the same answer to the same first request. */
  sameAnswer: boolean | null;
  users: number;
}

/** Statements of one request, over several identical requests (the fewest is the steady count). */
export interface Count {
  statements: number;
  max: number;
}

export interface StatementCounts {
  casesFirst10: Count;
  casesFirst100: Count;
  caseLight: Count & { notes: number; referrals: number };
  caseHeavy: Count & { notes: number; referrals: number };
  listQuery: string;
  caseQuery: string;
}

export interface LoadReport {
  scenarios: ScenarioResult[];
  statements: StatementCounts;
  apiMemory: { peakMiB: number; rssMiB: number } | null;
  page200: { pagesWalked: number; walkSeconds: number };
}

const LIST = `query Cases($first: Int!, $after: String, $filter: CaseFilterInput) {
  cases(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id caseNumber status riskLevel flags openedAt leadAgency { id name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const CASE = `query Case($id: ID!) {
  case(id: $id) {
    id caseNumber status riskLevel flags openedAt viewerScopes leadAgency { name }
    child { legalName aliases dateOfBirth sex identifyingMarks placement { kind address phone } guardianContacts { name relationship phone } }
    memberships { agency { id name } role scopes grantedVia active }
    notes(first: 20) { edges { node { id category body createdAt author { displayName } } } pageInfo { hasNextPage endCursor } }
    referrals { id status serviceType urgency createdAt toAgency { name } }
    timeline(first: 20) { edges { node { kind occurredAt } } }
  }
}`;

/** The nested list of the statement-count check (the shape of test/cases-list.e2e-spec.ts). */
const NESTED = `query Nested($first: Int!, $filter: CaseFilterInput) {
  cases(first: $first, filter: $filter) { edges { node {
    id caseNumber leadAgency { name }
    child { legalName placement { address } }
    memberships { agency { name } scopes }
    assignments { user { displayName } role }
  } } }
}`;

const AUDIT = `query Audit($filter: AuditEventFilter, $first: Int!) {
  auditEvents(filter: $filter, first: $first) {
    edges { cursor node { id occurredAt action outcome caseId subjectType scopes actorUser { displayName } actorAgency { name } } }
    pageInfo { hasNextPage }
  }
}`;

/** A caseworker's search box: the sites a search finds, each with its service, place, opening and beds. */
const RESOURCES = `query Resources($filter: ResourceFilterInput, $first: Int) {
  resources(filter: $filter, first: $first) {
    edges { cursor node { id distanceKm openNow service { id name } location { name } capacity { available maximum unit stale } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const SUGGEST = `query Suggest($caseId: ID!, $serviceType: ServiceType!, $first: Int) {
  suggestProviders(caseId: $caseId, serviceType: $serviceType, first: $first) {
    rank serviceAtLocationId serviceName organizationName locationName city distanceKm available maximum stale eligible score reasons { criterion outcome }
  }
}`;

const CREATE_REFERRAL = `mutation Refer($input: CreateReferralInput!) { createReferral(input: $input) { id status responseDueAt } }`;
const ACCEPT_REFERRAL = `mutation Accept($id: ID!) { acceptReferral(id: $id) { id status } }`;
const LOGIN = `mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`;
const VERIFY_MFA = `mutation VerifyMfa($challenge: String!, $code: String!) { verifyMfa(challenge: $challenge, code: $code) { accessToken } }`;

interface Person {
  id: string;
  email: string;
  agencyId: string;
  token?: string;
}

function graphqlRequest(query: string, variables: Record<string, unknown>, token?: string): LoadRequest {
  return {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  };
}

function rotate<T>(items: readonly T[]): () => T {
  let next = 0;
  return () => items[next++ % items.length]!;
}

function pool<T>(items: readonly T[]): () => T | null {
  let next = 0;
  return () => (next < items.length ? items[next++]! : null);
}

const perRequest = (total: number, requests: number) => (requests ? Math.round((total / requests) * 100) / 100 : 0);

/**
 * What a server process and PostgreSQL spent over a measured run, per request. PostgreSQL's share is
 * the CPU of the backends connected to the run's database (other databases of the server are not counted).
 */
function meter(db: Client, pid: number, statements?: () => Promise<number>, profile?: { api: ApiProcess; file: string }): Meter {
  const backends = async () =>
    (await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows.map((row) => row.pid);
  let before = new Map<number, number>();
  let start = { server: 0, statements: 0 };
  return {
    async begin() {
      before = new Map((await backends()).map((backend) => [backend, cpuMsOf(backend)]));
      if (profile) await profile.api.profile({ profile: 'start' });
      start = { server: cpuMsOf(pid), statements: statements ? await statements() : 0 };
    },
    async end(requests: number): Promise<Costs> {
      const server = cpuMsOf(pid) - start.server;
      const sent = statements ? (await statements()) - start.statements : null;
      if (profile) await profile.api.profile({ profile: 'stop', file: profile.file });
      // A backend that started during the run spent all its CPU in it; one that ended took its figure with it.
      let postgres = 0;
      for (const backend of await backends()) postgres += cpuMsOf(backend) - (before.get(backend) ?? 0);
      return { serverCpuMs: perRequest(server, requests), postgresCpuMs: perRequest(postgres, requests), statements: sent === null ? null : perRequest(sent, requests) };
    },
  };
}

async function post<T = Record<string, unknown>>(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const request = graphqlRequest(query, variables, token);
  const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (!response.ok || body.errors?.length || !body.data) throw new Error(`GraphQL ${response.status}: ${JSON.stringify(body.errors ?? body).slice(0, 400)}`);
  return body.data;
}

async function getJson(url: string, token: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`baseline ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return (await response.json()) as Record<string, unknown>;
}

/** The keyset position inside a Tandem cursor (`base64url([scope, key]).signature`). */
function cursorKey(cursor: string): [string, string] {
  const [, key] = JSON.parse(Buffer.from(cursor.split('.')[0]!, 'base64url').toString('utf8')) as [string, [string, string]];
  return key;
}

async function people(db: Client, role: string, type: string, limit: number): Promise<Person[]> {
  const { rows } = await db.query(
    `SELECT u.id, u.email, u.agency_id AS "agencyId" FROM app_user u JOIN agency a ON a.id = u.agency_id
      WHERE u.role = $1 AND a.type = $2 AND u.active ORDER BY u.email LIMIT $3`,
    [role, type, limit],
  );
  return rows;
}

/** One sign-in: the password, then, for an account with a second factor, the code of the benchmark's secret. */
async function signInOne(url: string, email: string): Promise<string> {
  const request = graphqlRequest(LOGIN, { email, password: BENCH_PASSWORD });
  const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
  const body = (await response.json()) as { data?: { login?: { accessToken: string } }; errors?: { extensions?: { code?: string; challenge?: string } }[] };
  if (body.data?.login) return body.data.login.accessToken;
  const challenge = body.errors?.[0]?.extensions?.code === 'MFA_REQUIRED' ? body.errors[0].extensions.challenge : undefined;
  if (!challenge) throw new Error(`GraphQL ${response.status}: ${JSON.stringify(body.errors ?? body).slice(0, 400)}`);
  const verified = await post<{ verifyMfa: { accessToken: string } }>(url, VERIFY_MFA, { challenge, code: totpCode(BENCH_TOTP_SECRET, new Date()) });
  return verified.verifyMfa.accessToken;
}

async function signIn(url: string, persons: Person[]): Promise<void> {
  const queue = persons.filter((person) => !person.token);
  // Supervisors and law-enforcement users sign in with a second factor: they get the benchmark's.
  await enrolSecondFactors(queue.map((person) => person.id));
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let person = queue.shift(); person; person = queue.shift()) {
        person.token = await signInOne(url, person.email);
      }
    }),
  );
}

const ids = (edges: { node: { id: string } }[]) => edges.map((edge) => edge.node.id).join(',');

/**
 * The HTTP figures: the real API process driven by autocannon, signed in as several roles, and
 * for each read the bare baseline server answering the same question at the same concurrency.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const { log } = options;
  const env = appEnv(options.databaseUrl, options.queuePrefix, TIP_BENCH_ENV);
  const db = new Client({ connectionString: options.databaseUrl });
  await db.connect();
  useSecondFactors(db, env);
  let api: ApiProcess | null = null;
  let baseline: Awaited<ReturnType<typeof startBaseline>> | null = null;
  try {
    const [apiPort, baselinePort] = [await freePort(), await freePort()];
    [api, baseline] = await Promise.all([startApi(options.root, env, apiPort, { profile: Boolean(options.profileDir) }), startBaseline(options.root, env, baselinePort)]);
    if (options.profileDir) mkdirSync(options.profileDir, { recursive: true });
    const apiUrl = api.url;
    const apiOrigin = apiUrl.replace('/graphql', '');
    const caseworkers = await people(db, 'STAFF', 'CHILD_WELFARE', options.connections);
    const supervisors = await people(db, 'SUPERVISOR', 'CHILD_WELFARE', options.connections);
    const liaisons = await people(db, 'STAFF', 'LAW_ENFORCEMENT', options.connections);
    const everyone = [...caseworkers, ...supervisors, ...liaisons];
    await signIn(apiUrl, everyone);
    log(`  signed in ${everyone.length} users (${caseworkers.length} caseworkers, ${supervisors.length} supervisors, ${liaisons.length} liaisons)`);

    // The audit scenario reads the month before the run: what the benchmark itself writes is not the trail under test.
    const auditTo = new Date();
    const scenarios: ScenarioResult[] = [];
    const read = async (
      key: string,
      title: string,
      users: number,
      tandem: () => LoadRequest | null,
      bare: () => LoadRequest | null,
      same: () => Promise<boolean>,
      connections = options.connections,
      kind: ScenarioResult['kind'] = 'read',
    ) => {
      if (options.only && !options.only.test(key)) return;
      const sameAnswer = await same();
      const profile = options.profileDir ? { api: api!, file: join(options.profileDir, `${key}.cpuprofile`) } : undefined;
      const tandemMeter = meter(db, api!.pid, () => api!.sqlCount(), profile);
      const tandemResult = await load({ origin: apiOrigin, connections, seconds: options.seconds, warmupSeconds: options.warmupSeconds, next: tandem, graphql: true, meter: tandemMeter });
      const bareResult = await load({
        origin: baseline!.url,
        connections,
        seconds: options.baselineSeconds,
        warmupSeconds: Math.min(1, options.warmupSeconds),
        next: bare,
        graphql: true,
        meter: meter(db, baseline!.pid),
      });
      const ratio = bareResult.rps ? Math.round((tandemResult.rps / bareResult.rps) * 100) / 100 : null;
      scenarios.push({ key, title, kind, tandem: tandemResult, baseline: bareResult, ratio, sameAnswer, users });
      const cost = (c: Costs | null) => (c ? `CPU ${c.serverCpuMs} ms + PostgreSQL ${c.postgresCpuMs} ms${c.statements === null ? '' : `, ${c.statements} statements`}` : '');
      log(
        `  ${title}: p50 ${tandemResult.latencyMs.p50} ms, p95 ${tandemResult.latencyMs.p95} ms, ${tandemResult.rps} req/s, ${cost(tandemResult.costs)} ` +
          `(baseline ${bareResult.rps} req/s, p95 ${bareResult.latencyMs.p95} ms, ${cost(bareResult.costs)}; ratio ${ratio}), errors ${tandemResult.errors}/${bareResult.errors}, same answer ${sameAnswer}` +
          `${tandemResult.exhausted || bareResult.exhausted ? ' (pool used up)' : ''}`,
      );
    };
    const write = async (key: string, title: string, users: number, next: () => LoadRequest | null) => {
      if (options.only && !options.only.test(key)) return;
      const result = await load({ origin: apiOrigin, connections: options.connections, seconds: options.seconds, warmupSeconds: 0, next, graphql: true });
      scenarios.push({ key, title, kind: 'write', tandem: result, baseline: null, ratio: null, sameAnswer: null, users });
      log(`  ${title}: p50 ${result.latencyMs.p50} ms, p95 ${result.latencyMs.p95} ms, ${result.rps} req/s, errors ${result.errors}${result.exhausted ? ' (pool used up)' : ''}${result.errorSample ? ` e.g. ${result.errorSample.slice(0, 160)}` : ''}`);
    };

    /** Whether Tandem and the baseline give one person the same first page of their list. */
    const sameList = async (person: Person, variables: Record<string, unknown>, query: string) => {
      const a = await post<{ cases: { edges: { node: { id: string } }[] } }>(apiUrl, LIST, variables, person.token);
      const b = (await getJson(`${baseline!.url}/cases?first=50${query}`, person.token!)) as { data: { cases: { edges: { node: { id: string } }[] } } };
      return ids(a.cases.edges) === ids(b.data.cases.edges) && a.cases.edges.length > 0;
    };

    // Lists, per role, without and with filters: every connection a different user where the role has that many.
    const FILTER = { statuses: ['ACTIVE'], riskLevels: ['HIGH', 'ELEVATED'] };
    for (const [role, group] of [
      ['caseworker', caseworkers],
      ['supervisor', supervisors],
      ['liaison', liaisons],
    ] as const) {
      for (const filtered of [false, true]) {
        const variables = { first: 50, ...(filtered ? { filter: FILTER } : {}) };
        const query = filtered ? '&statuses=ACTIVE&risks=HIGH,ELEVATED' : '';
        const tandem = group.map((person) => graphqlRequest(LIST, variables, person.token));
        const bare = group.map((person): LoadRequest => ({ method: 'GET', path: `/cases?first=50${query}`, headers: { authorization: `Bearer ${person.token}` } }));
        await read(
          `cases-${role}${filtered ? '-filtered' : ''}`,
          `cases(first: 50${filtered ? ', status+risk filter' : ''}) as ${role === 'liaison' ? 'law-enforcement liaison' : role}`,
          group.length,
          rotate(tandem),
          rotate(bare),
          () => sameList(group[0]!, variables, query),
        );
      }
    }

    // The caseworker's list again with one connection: what one request costs when none waits for
    // another (at 20 connections on 2 cores, most of a request's latency is its place in the queue).
    {
      const tandem = caseworkers.map((person) => graphqlRequest(LIST, { first: 50 }, person.token));
      const bare = caseworkers.map((person): LoadRequest => ({ method: 'GET', path: '/cases?first=50', headers: { authorization: `Bearer ${person.token}` } }));
      await read('single-cases-caseworker', 'cases(first: 50) as caseworker, 1 connection', caseworkers.length, rotate(tandem), rotate(bare), () => sameList(caseworkers[0]!, { first: 50 }, ''), 1);
    }

    // Page 200 by cursor: the supervisor who sees the most cases walks 199 pages, then page 200 is loaded over and over.
    const [{ id: deepId }] = (
      await db.query(
        // Memberships counted once per agency, not once per supervisor: linear in the data set.
        `SELECT u.id FROM app_user u JOIN (SELECT agency_id, count(*) AS n FROM membership WHERE active GROUP BY agency_id) m ON m.agency_id = u.agency_id
          WHERE u.role = 'SUPERVISOR' ORDER BY m.n DESC, u.id LIMIT 1`,
      )
    ).rows;
    const deep = supervisors.find((person) => person.id === deepId) ?? { ...(await db.query(`SELECT id, email, agency_id AS "agencyId" FROM app_user WHERE id = $1`, [deepId])).rows[0] };
    await signIn(apiUrl, [deep]);
    /** Walks one person's list by cursor up to page 200, or to their last page if they see fewer: the page reached and its cursor. */
    const walk = async (person: Person): Promise<{ page: number; cursor: string | null }> => {
      let cursor: string | null = null;
      let page = 1;
      for (; page < 200; page += 1) {
        const data: { cases: { pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await post(apiUrl, LIST, { first: 50, after: cursor }, person.token);
        if (!data.cases.pageInfo.hasNextPage) break;
        cursor = data.cases.pageInfo.endCursor;
      }
      return { page, cursor };
    };
    const walkStarted = Date.now();
    const deepWalk = await walk(deep);
    if (deepWalk.page < 200) throw new Error(`the deepest supervisor sees fewer than 200 pages of 50 (stopped at ${deepWalk.page})`);
    const pagesWalked = deepWalk.page - 1;
    const walkSeconds = Math.round((Date.now() - walkStarted) / 100) / 10;
    log(`  walked ${pagesWalked} pages by cursor in ${walkSeconds} s`);
    /** One person's page by cursor, loaded over and over, beside the baseline's same page. */
    const readPage = async (key: string, title: string, person: Person, after: string | null, connections: number) => {
      const variables = { first: 50, after };
      const path = `/cases?first=50${after ? `&key=${encodeURIComponent(cursorKey(after).join(','))}` : ''}`;
      await read(
        key,
        title,
        1,
        rotate([graphqlRequest(LIST, variables, person.token)]),
        rotate([{ method: 'GET', path, headers: { authorization: `Bearer ${person.token}` } }]),
        async () => {
          const a = await post<{ cases: { edges: { node: { id: string } }[] } }>(apiUrl, LIST, variables, person.token);
          const b = (await getJson(`${baseline!.url}${path}`, person.token!)) as { data: { cases: { edges: { node: { id: string } }[] } } };
          return ids(a.cases.edges) === ids(b.data.cases.edges) && a.cases.edges.length > 0;
        },
        connections,
      );
    };
    await readPage('cases-page-1', 'cases(first: 50) page 1 (one supervisor)', deep, null, options.connections);
    await readPage('cases-page-200', 'cases(first: 50) page 200 (one supervisor)', deep, deepWalk.cursor, options.connections);

    // Page 1 and page 200 at one connection, for a supervisor and a caseworker: the figures a larger data set is compared on.
    await readPage('single-page-1-supervisor', 'cases(first: 50) page 1, supervisor, 1 connection', deep, null, 1);
    await readPage('single-page-200-supervisor', 'cases(first: 50) page 200, supervisor, 1 connection', deep, deepWalk.cursor, 1);
    const worker = caseworkers[0]!;
    const workerWalk = await walk(worker);
    const workerPage = workerWalk.page === 200 ? '200' : `${workerWalk.page} (the last)`;
    await readPage('single-page-1-caseworker', 'cases(first: 50) page 1, caseworker, 1 connection', worker, null, 1);
    if (workerWalk.page > 1) await readPage('single-page-200-caseworker', `cases(first: 50) page ${workerPage}, caseworker, 1 connection`, worker, workerWalk.cursor, 1);

    // One case with its child, notes, memberships, referrals and timeline: each caseworker's own busiest active cases.
    const { rows: detail } = await db.query(
      `SELECT a.user_id AS "userId", a.case_id AS "caseId" FROM assignment a
        WHERE a.user_id = ANY($1::uuid[]) AND a.role = 'PRIMARY' AND a.active
        ORDER BY (SELECT count(*) FROM note n WHERE n.case_id = a.case_id) DESC, a.case_id LIMIT $2`,
      [caseworkers.map((person) => person.id), caseworkers.length * 5],
    );
    const byId = new Map(everyone.map((person) => [person.id, person]));
    const detailPairs = detail.map((row: { userId: string; caseId: string }) => ({ person: byId.get(row.userId)!, caseId: row.caseId }));
    await read(
      'case-detail',
      'case(id) with child, notes, memberships, referrals, timeline (caseworker)',
      new Set(detailPairs.map((pair) => pair.person.id)).size,
      rotate(detailPairs.map((pair) => graphqlRequest(CASE, { id: pair.caseId }, pair.person.token))),
      rotate(detailPairs.map((pair): LoadRequest => ({ method: 'GET', path: `/case/${pair.caseId}`, headers: { authorization: `Bearer ${pair.person.token}` } }))),
      async () => {
        const pair = detailPairs[0]!;
        const a = (await post<{ case: Record<string, unknown> }>(apiUrl, CASE, { id: pair.caseId }, pair.person.token)).case;
        const b = ((await getJson(`${baseline!.url}/case/${pair.caseId}`, pair.person.token!)) as { data: { case: Record<string, unknown> } }).data.case;
        const pick = (c: Record<string, unknown>) =>
          JSON.stringify([
            c.viewerScopes,
            (c.child as { legalName: string }).legalName,
            ids((c.notes as { edges: { node: { id: string } }[] }).edges),
            (c.referrals as { id: string }[]).map((r) => r.id),
            (c.timeline as { edges: { node: { kind: string } }[] }).edges.map((e) => e.node.kind),
            (c.memberships as { agency: { id: string } }[]).map((m) => m.agency.id).sort(),
          ]);
        return pick(a) === pick(b);
      },
    );

    // The resource directory as caseworkers search it: shelters with a bed, open now, within 30 km of their city;
    // and a search by words. Each beside the baseline's same search, at 20 connections and at one.
    const { rows: placed } = await db.query(`SELECT a.id, j.code FROM agency a JOIN jurisdiction j ON j.id = a.jurisdiction_id WHERE a.id = ANY($1::uuid[])`, [
      [...new Set(caseworkers.map((person) => person.agencyId))],
    ]);
    const placeOf = new Map(placed.map((row: { id: string; code: string }) => [row.id, DIRECTORY_PLACES.find((place) => place.code === row.code) ?? DIRECTORY_PLACES[0]]));
    const searches = [
      {
        key: 'resources-search',
        title: 'resources(serviceType, near 30 km, hasCapacity, openNow; first: 20) as caseworker',
        filter: (person: Person) => {
          const place = placeOf.get(person.agencyId)!;
          return { serviceType: 'EMERGENCY_SHELTER', near: { lat: place.lat, lng: place.lng, km: 30 }, hasCapacity: true, openNow: true };
        },
        path: (person: Person) => {
          const place = placeOf.get(person.agencyId)!;
          return `/resources?first=20&type=EMERGENCY_SHELTER&lat=${place.lat}&lng=${place.lng}&km=30&capacity=1&open=1`;
        },
      },
      {
        key: 'resources-text',
        title: 'resources(text: "youth shelter"; first: 20) as caseworker',
        filter: () => ({ text: 'youth shelter' }),
        path: () => `/resources?first=20&text=${encodeURIComponent('youth shelter')}`,
      },
    ];
    for (const search of searches) {
      const tandem = caseworkers.map((person) => graphqlRequest(RESOURCES, { filter: search.filter(person), first: 20 }, person.token));
      const bare = caseworkers.map((person): LoadRequest => ({ method: 'GET', path: search.path(person), headers: { authorization: `Bearer ${person.token}` } }));
      const same = async () => {
        const person = caseworkers[0]!;
        const a = await post<{ resources: { edges: { node: { id: string } }[] } }>(apiUrl, RESOURCES, { filter: search.filter(person), first: 20 }, person.token);
        const b = (await getJson(`${baseline!.url}${search.path(person)}`, person.token!)) as { data: { resources: { edges: { node: { id: string } }[] } } };
        return ids(a.resources.edges) === ids(b.data.resources.edges) && a.resources.edges.length > 0;
      };
      await read(search.key, search.title, caseworkers.length, rotate(tandem), rotate(bare), same);
      await read(`single-${search.key}`, `${search.title}, 1 connection`, caseworkers.length, rotate(tandem), rotate(bare), same, 1);
    }

    // Providers suggested for each caseworker's own busiest cases: shelters ranked for the child.
    {
      const variables = (caseId: string) => ({ caseId, serviceType: 'EMERGENCY_SHELTER', first: 10 });
      const path = (caseId: string) => `/suggest?case=${caseId}&type=EMERGENCY_SHELTER&first=10`;
      const tandem = detailPairs.map((pair) => graphqlRequest(SUGGEST, variables(pair.caseId), pair.person.token));
      const bare = detailPairs.map((pair): LoadRequest => ({ method: 'GET', path: path(pair.caseId), headers: { authorization: `Bearer ${pair.person.token}` } }));
      const same = async () => {
        const pair = detailPairs[0]!;
        const a = await post<{ suggestProviders: { serviceAtLocationId: string }[] }>(apiUrl, SUGGEST, variables(pair.caseId), pair.person.token);
        const b = (await getJson(`${baseline!.url}${path(pair.caseId)}`, pair.person.token!)) as { data: { suggestProviders: { serviceAtLocationId: string }[] } };
        const idsOf = (list: { serviceAtLocationId: string }[]) => list.map((s) => s.serviceAtLocationId).join(',');
        return idsOf(a.suggestProviders) === idsOf(b.data.suggestProviders) && a.suggestProviders.length > 0;
      };
      const users = new Set(detailPairs.map((pair) => pair.person.id)).size;
      await read('suggest-providers', 'suggestProviders(EMERGENCY_SHELTER, first: 10) as caseworker', users, rotate(tandem), rotate(bare), same);
      await read('single-suggest-providers', 'suggestProviders(EMERGENCY_SHELTER, first: 10) as caseworker, 1 connection', users, rotate(tandem), rotate(bare), same, 1);
    }

    // The audit trail of the last 30 days, as each child welfare supervisor reads it.
    const to = auditTo;
    const from = new Date(to.getTime() - 30 * 86_400_000);
    const auditVariables = { first: 50, filter: { from: from.toISOString(), to: to.toISOString() } };
    const auditPath = `/audit?first=50&from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
    await read(
      'audit-events',
      'auditEvents(first: 50, last 30 days) as supervisor',
      supervisors.length,
      rotate(supervisors.map((person) => graphqlRequest(AUDIT, auditVariables, person.token))),
      rotate(supervisors.map((person): LoadRequest => ({ method: 'GET', path: auditPath, headers: { authorization: `Bearer ${person.token}` } }))),
      async () => {
        const person = supervisors[0]!;
        const a = await post<{ auditEvents: { edges: { node: { id: string } }[] } }>(apiUrl, AUDIT, auditVariables, person.token);
        const b = (await getJson(`${baseline!.url}${auditPath}`, person.token!)) as { data: { auditEvents: { edges: { node: { id: string } }[] } } };
        return ids(a.auditEvents.edges) === ids(b.data.auditEvents.edges) && a.auditEvents.edges.length > 0;
      },
    );

    // Statistics over every seeded referral, one connection: what one reader waits for; counts, then with medians.
    for (const medians of [false, true]) {
      const period = await statisticsPeriod(db);
      const query = medians ? STATISTICS_MEDIANS : STATISTICS;
      const variables = { filter: { from: period.from, to: period.to } };
      const path = statisticsPath(period, medians);
      await read(
        `single-statistics${medians ? '-medians' : ''}`,
        `statistics(REFERRALS by service type and urgency${medians ? ', medians' : ''}, ${period.from} to ${period.to}), 1 connection`,
        caseworkers.length,
        rotate(caseworkers.map((person) => graphqlRequest(query, variables, person.token))),
        rotate(caseworkers.map((person): LoadRequest => ({ method: 'GET', path, headers: { authorization: `Bearer ${person.token}` } }))),
        async () => {
          const person = caseworkers[0]!;
          return sameStatistics(await post(apiUrl, query, variables, person.token), (await getJson(`${baseline!.url}${path}`, person.token!)) as never);
        },
        1,
      );
    }

    // Anonymous tips at 20 connections, each with a solved challenge and words of its own, to the
    // jurisdictions that have police: the public's side of the tip line beside a bare handler.
    {
      const { rows: places } = await db.query<{ id: string }>(
        `SELECT j.id FROM jurisdiction j WHERE EXISTS (SELECT 1 FROM agency a WHERE a.jurisdiction_id = j.id AND a.type = 'LAW_ENFORCEMENT' AND a.active) ORDER BY j.code`,
      );
      const key = BENCH_SECRETS.TIP_CHALLENGE_KEY;
      const [tandemProofs, bareProofs] = [await solvedProofs(key, 8_000), await solvedProofs(key, 20_000)];
      const tip = (n: number) => tipInput(places[n % places.length]!.id, n);
      let sent = 0;
      const tandem = () => {
        const proof = tandemProofs.pop();
        return proof ? graphqlRequest(SUBMIT_TIP, { input: tip((sent += 1)), proof }) : null;
      };
      const bare = (): LoadRequest | null => {
        const proof = bareProofs.pop();
        return proof ? { method: 'POST', path: '/tip', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input: tip((sent += 1)), proof }) } : null;
      };
      const same = async () => {
        const a = await post<{ submitTip: { followUpCode: string; progress: string } }>(apiUrl, SUBMIT_TIP, { input: tip(0), proof: tandemProofs.pop()! });
        const response = await fetch(`${baseline!.url}/tip`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input: tip(0), proof: bareProofs.pop()! }) });
        return sameReceipt(a, (await response.json()) as never);
      };
      await read('tip-submit', 'submitTip (anonymous, a solved challenge each)', 1, tandem, bare, same, options.connections, 'write');
    }

    // Statements per operation, counted inside the API process, one request at a time.
    const statements = await countStatements(api, db, supervisors);
    log(
      `  statements: cases(first: 10) ${statements.casesFirst10.statements}, cases(first: 100) ${statements.casesFirst100.statements}; ` +
        `case(id) ${statements.caseLight.statements} (${statements.caseLight.notes} notes) vs ${statements.caseHeavy.statements} (${statements.caseHeavy.notes} notes)`,
    );

    // Writes. Sign-in first (it only adds sessions), then referrals sent and accepted.
    // The caseworkers: their sign-in is one request; a second factor's is two, and its code is taken once per 30 s.
    const loginPeople = rotate(caseworkers.map((person) => graphqlRequest(LOGIN, { email: person.email, password: BENCH_PASSWORD })));
    await write('login', 'login (argon2id, accounts without a second factor)', caseworkers.length, loginPeople);

    const { rows: referable } = await db.query(
      `SELECT a.user_id AS "userId", a.case_id AS "caseId", le.id AS "toAgencyId", s.service
         FROM assignment a
         JOIN case_file c ON c.id = a.case_id AND c.status <> 'CLOSED'
         CROSS JOIN (SELECT id FROM agency WHERE type = 'LAW_ENFORCEMENT') le
         CROSS JOIN (VALUES ('INVESTIGATION'), ('FORENSIC_INTERVIEW')) s(service)
        WHERE a.user_id = ANY($1::uuid[]) AND a.role = 'PRIMARY' AND a.active
          AND NOT EXISTS (SELECT 1 FROM referral r WHERE r.case_id = a.case_id AND r.to_agency_id = le.id AND r.service_type = s.service AND r.status = 'REQUESTED')
        ORDER BY md5(a.case_id::text || le.id::text || s.service)`,
      [caseworkers.map((person) => person.id)],
    );
    await write(
      'create-referral',
      'createReferral (caseworker to law enforcement)',
      caseworkers.length,
      pool(
        referable.map((row: { userId: string; caseId: string; toAgencyId: string; service: string }) =>
          graphqlRequest(
            CREATE_REFERRAL,
            { input: { caseId: row.caseId, toAgencyId: row.toAgencyId, serviceType: row.service, urgency: 'ROUTINE', scopes: ['IDENTITY'], reason: 'Mandated report follow-up' } },
            byId.get(row.userId)!.token,
          ),
        ),
      ),
    );

    // Accepting: one staff member of each agency works through that agency's inbox.
    const { rows: inbox } = await db.query(
      // Each agency's first staff member found once, not once per pending referral; a run accepts 20,000 at most.
      `SELECT r.id, f.user_id AS "userId" FROM referral r
         JOIN (SELECT DISTINCT ON (agency_id) agency_id, id AS user_id FROM app_user WHERE role = 'STAFF' AND active ORDER BY agency_id, email) f ON f.agency_id = r.to_agency_id
        WHERE r.status = 'REQUESTED' ORDER BY md5(r.id::text) LIMIT 20000`,
    );
    const acceptors = new Map<string, Person>();
    for (const row of inbox as { id: string; userId: string }[]) {
      if (!acceptors.has(row.userId)) acceptors.set(row.userId, byId.get(row.userId) ?? { ...(await db.query(`SELECT id, email, agency_id AS "agencyId" FROM app_user WHERE id = $1`, [row.userId])).rows[0] });
    }
    await signIn(apiUrl, [...acceptors.values()]);
    await write(
      'accept-referral',
      'acceptReferral (receiving agency staff)',
      acceptors.size,
      pool(inbox.map((row: { id: string; userId: string }) => graphqlRequest(ACCEPT_REFERRAL, { id: row.id }, acceptors.get(row.userId)!.token))),
    );

    return { scenarios, statements, apiMemory: memoryOf(api.pid), page200: { pagesWalked, walkSeconds } };
  } finally {
    await Promise.all([api?.stop(), baseline?.stop()]);
    await db.end().catch(() => undefined);
  }
}

async function countStatements(api: ApiProcess, db: Client, supervisors: Person[]): Promise<StatementCounts> {
  const person = supervisors[0]!;
  // Repeated: a request may read an audit chain head this process has not cached yet, and
  // DataLoader batches can split over event-loop ticks; the fewest is the steady count.
  const measure = async (query: string, variables: Record<string, unknown>): Promise<Count> => {
    const counts: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const before = await api.sqlCount();
      await post(api.url, query, variables, person.token);
      counts.push((await api.sqlCount()) - before);
    }
    return { statements: Math.min(...counts), max: Math.max(...counts) };
  };
  const filter = { leadAgencyId: person.agencyId };
  const casesFirst10 = await measure(NESTED, { first: 10, filter });
  const casesFirst100 = await measure(NESTED, { first: 100, filter });
  // Two cases the supervisor sees: one with the fewest notes and referrals, one with the most.
  const { rows } = await db.query(
    `SELECT * FROM (SELECT c.id, (SELECT count(*)::int FROM note n WHERE n.case_id = c.id) AS notes, (SELECT count(*)::int FROM referral r WHERE r.case_id = c.id) AS referrals
                      FROM case_file c WHERE c.lead_agency_id = $1 AND c.status <> 'CLOSED') counted
      ORDER BY notes + referrals DESC, id LIMIT 1`,
    [person.agencyId],
  );
  const { rows: light } = await db.query(
    `SELECT * FROM (SELECT c.id, c.opened_at, (SELECT count(*)::int FROM note n WHERE n.case_id = c.id) AS notes, (SELECT count(*)::int FROM referral r WHERE r.case_id = c.id) AS referrals
                      FROM case_file c WHERE c.lead_agency_id = $1 AND c.status <> 'CLOSED') counted
      WHERE notes = 1 AND referrals >= 1 ORDER BY referrals, opened_at DESC LIMIT 1`,
    [person.agencyId],
  );
  const heavy = rows[0];
  // Interleaved, so both cases meet the same conditions (cached chain heads, load on the machine).
  const lightCounts: Count[] = [];
  const heavyCounts: Count[] = [];
  for (let round = 0; round < 4; round += 1) {
    lightCounts.push(await measure(CASE, { id: light[0].id }));
    heavyCounts.push(await measure(CASE, { id: heavy.id }));
  }
  const merge = (counts: Count[]): Count => ({ statements: Math.min(...counts.map((c) => c.statements)), max: Math.max(...counts.map((c) => c.max)) });
  return {
    casesFirst10,
    casesFirst100,
    caseLight: { ...merge(lightCounts), notes: light[0].notes, referrals: light[0].referrals },
    caseHeavy: { ...merge(heavyCounts), notes: heavy.notes, referrals: heavy.referrals },
    listQuery: NESTED.replace(/\s+/g, ' ').trim(),
    caseQuery: CASE.replace(/\s+/g, ' ').trim(),
  };
}
