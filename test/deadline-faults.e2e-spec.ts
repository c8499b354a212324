// Faults around the deadline pipeline, with real parts only: a private redis-server that the
// test kills, restarts and flushes, and real worker processes that it starts and SIGKILLs.
// docs/design.md, "What survives a crash": losing Redis loses nothing, and each alert reaches its recipient once
// even if a job runs twice. Time is real here (the worker runs the system clock); the API's manual
// clock is set to real now before each write, so the deadlines it starts fall due in real time.
// The machine may be busy: every wait is for a condition, and its bound (like each test's
// timeout) is a ceiling for a broken run, not the time the step takes.
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgencyType, DataScope, Role, Viewer } from '@tandem/authz';
import { AppConfig, QueueName, redisOptions, runMigrations } from '@tandem/platform';
import { ReferralsService, ServiceType, Urgency } from '@tandem/referrals';
import { ConnectionOptions, Job, Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { Actor, CREATE_CASE, policyCast } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { adminQuery, databaseUrl } from './support/test-database';
import { freePort, waitFor } from './support/worker-doubles';

const root = join(__dirname, '..');
const CREATE_REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id status responseDueAt } }`;
const ACCEPT_REFERRAL = `mutation($id: ID!) { acceptReferral(id: $id) { id status } }`;
const OVERDUE = 'REFERRAL_RESPONSE_OVERDUE';
const REMINDER = 'REFERRAL_RESPONSE_REMINDER';

/**
 * A database of this suite's own: the outbox relay and the sweep of a worker act on every row
 * of the database they are given, so a worker started here on the run's shared database would
 * relay other suites' outbox rows into this suite's Redis and run their deadlines.
 */
const DATABASE = `${process.env.TANDEM_TEST_DATABASE ?? 'tandem_test_local'}_faults`;
const DATABASE_URL = databaseUrl(DATABASE);
const PREFIX = `${process.env.QUEUE_PREFIX ?? 'tandem-test'}-faults`;

const log = (message: string) => process.stdout.write(`[deadline-faults] ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every child process this suite starts, so afterAll kills what a failed test left running. */
const children = new Set<ChildProcess>();

function track(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  children.add(child);
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
}

/** A redis-server of the test's own on a fixed port: it keeps nothing (no RDB, no AOF). */
class PrivateRedis {
  private process: ChildProcess | null = null;
  private exited: Promise<unknown> = Promise.resolve();

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction', '--dir', tmpdir()],
      { stdio: 'ignore' },
    );
    this.process = child;
    this.exited = track(child);
    const client = new IORedis({ host: '127.0.0.1', port: this.port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await waitFor(
        `redis-server on port ${this.port}`,
        async () => {
          if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
          try {
            if (client.status !== 'ready') await client.connect();
            return (await client.ping()) === 'PONG';
          } catch {
            client.disconnect();
            return false;
          }
        },
        10_000,
        50,
      );
    } finally {
      client.disconnect();
    }
  }

  async kill(): Promise<void> {
    this.process?.kill('SIGKILL');
    await this.exited;
    this.process = null;
  }

  async command<T>(run: (client: IORedis) => Promise<T>): Promise<T> {
    const client = new IORedis(this.url, { maxRetriesPerRequest: 1 });
    client.on('error', () => undefined);
    try {
      return await run(client);
    } finally {
      client.disconnect();
    }
  }
}

/** A real worker process (apps/worker/src/main.ts), as operators run it. */
class WorkerProcess {
  output = '';
  private readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly name: string,
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, ['-r', join(root, 'test/support/ts-register.cjs'), join(root, 'apps/worker/src/main.ts')], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk) => (this.output += chunk));
    this.child.stderr!.on('data', (chunk) => (this.output += chunk));
    this.exited = track(this.child);
  }

  /** Writes what the worker said so far to a file, for the message of a failing test. */
  dumpLog(): string {
    const file = join(tmpdir(), `deadline-faults-${this.name}-${this.child.pid}.log`);
    writeFileSync(file, this.output);
    return file;
  }

  get pid(): number {
    return this.child.pid!;
  }

  async started(): Promise<void> {
    await waitFor('the worker to start', async () => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) throw new Error(`the worker exited: ${this.output.slice(-3000)}`);
      return this.output.includes('Tandem worker started');
    }, 120_000, 100).catch((error: Error) => {
      throw new Error(`${error.message}; worker said: ${this.output.slice(-3000)}`);
    });
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await this.exited;
  }
}

function deadlinesQueue(redisUrl: string, prefix: string): Queue {
  const queue = new Queue(QueueName.DEADLINES, { connection: { ...redisOptions(redisUrl), maxRetriesPerRequest: 1 } as ConnectionOptions, prefix });
  queue.on('error', () => undefined);
  return queue;
}

async function withQueue<T>(redisUrl: string, prefix: string, run: (queue: Queue) => Promise<T>): Promise<T> {
  const queue = deadlinesQueue(redisUrl, prefix);
  try {
    return await run(queue);
  } finally {
    await queue.close();
  }
}

describe('deadlines under faults (real Redis and worker processes)', () => {
  let redis: PrivateRedis;
  let base: TestApp;
  let cast: Awaited<ReturnType<typeof policyCast>>;
  let cw1: Actor;
  let pd1: Actor;
  const apps = new Set<TestApp>();
  const workers = new Set<WorkerProcess>();
  const db = new Client({ connectionString: DATABASE_URL });

  /** The env an API app and the worker of one scenario share. */
  const envOf = (scenario: string, extra: Record<string, string> = {}) => ({
    DATABASE_URL,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: `${PREFIX}-${scenario}`,
    ...extra,
  });

  async function apiApp(env: Record<string, string>): Promise<TestApp> {
    const app = await createTestApp(env);
    apps.add(app);
    return app;
  }

  async function closeApp(app: TestApp): Promise<void> {
    apps.delete(app);
    await app.close();
  }

  async function startWorker(name: string, env: Record<string, string>): Promise<WorkerProcess> {
    const worker = new WorkerProcess(name, env);
    workers.add(worker);
    void worker.exited.then(() => workers.delete(worker));
    await worker.started();
    return worker;
  }

  async function newCase(t: TestApp): Promise<string> {
    const created = await t.gql.ok<{ createCase: { id: string } }>(
      CREATE_CASE,
      { input: { riskLevel: 'HIGH', child: { legalName: 'Riley Fault Example', dateOfBirth: '2012-02-02', sex: 'F' } } },
      cw1.token,
    );
    return created.createCase.id;
  }

  /** A referral from cw1 (CW) to PD (law enforcement: no consent needed), due `dueInMs` from real now. */
  async function refer(t: TestApp, caseId: string, serviceType: ServiceType, dueInMs: number): Promise<{ id: string; deadlineId: string; dueAt: Date }> {
    t.clock.set(new Date());
    const dueAt = new Date(t.clock.now().getTime() + dueInMs);
    const sent = await t.gql.ok<{ createReferral: { id: string; status: string } }>(
      CREATE_REFERRAL,
      { input: { caseId, toAgencyId: cast.agencies.PD.id, serviceType, urgency: 'URGENT', scopes: ['IDENTITY'], reason: 'fault test', responseDueAt: dueAt.toISOString() } },
      cw1.token,
    );
    expect(sent.createReferral.status).toBe('REQUESTED');
    const { rows } = await db.query(`SELECT id FROM deadline WHERE subject_id = $1 AND kind = 'REFERRAL_RESPONSE'`, [sent.createReferral.id]);
    return { id: sent.createReferral.id, deadlineId: rows[0].id, dueAt };
  }

  async function statuses(referralIds: string[]): Promise<Record<string, number>> {
    const { rows } = await db.query(`SELECT status, count(*)::int AS n FROM referral WHERE id = ANY($1::uuid[]) GROUP BY status`, [referralIds]);
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  }

  /**
   * The alerts of a kind for these referrals: how many, how many distinct ledger keys, and for
   * each referral who was told how often.
   */
  async function alerts(kind: string, referralIds: string[]) {
    const { rows } = await db.query(
      `SELECT d.subject_id AS "referralId", n.recipient_id AS "recipientId", n.ledger_key AS "ledgerKey"
         FROM notification n JOIN deadline d ON d.id = n.deadline_id
        WHERE n.kind = $1 AND d.subject_id = ANY($2::uuid[])`,
      [kind, referralIds],
    );
    const perReferral = new Map<string, string[]>();
    for (const row of rows) perReferral.set(row.referralId, [...(perReferral.get(row.referralId) ?? []), row.recipientId]);
    return { total: rows.length, distinctKeys: new Set(rows.map((row) => row.ledgerKey)).size, perReferral };
  }

  /** Each referral expired, and its sender (cw1) was told exactly once. */
  async function expectExpiredAndToldOnce(referralIds: string[]): Promise<void> {
    expect(await statuses(referralIds)).toEqual({ EXPIRED: referralIds.length });
    const overdue = await alerts(OVERDUE, referralIds);
    expect(overdue.total).toBe(referralIds.length);
    expect(overdue.distinctKeys).toBe(referralIds.length);
    for (const id of referralIds) expect(overdue.perReferral.get(id)).toEqual([cw1.id]);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM deadline WHERE subject_id = ANY($1::uuid[]) AND status = 'BREACHED' AND stage = 2`, [referralIds]);
    expect(rows[0].n).toBe(referralIds.length);
  }

  async function allExpired(referralIds: string[]): Promise<boolean> {
    const counts = await statuses(referralIds);
    if (counts.EXPIRED !== referralIds.length) return false;
    return (await alerts(OVERDUE, referralIds)).total >= referralIds.length;
  }

  /** Waits for a sweep that starts from now to finish: whatever it would tell twice is stored by then. */
  async function aSweepMore(env: { QUEUE_PREFIX: string }): Promise<void> {
    const from = Date.now();
    await withQueue(redis.url, env.QUEUE_PREFIX, (queue) =>
      waitFor('one more sweep', async () => (await queue.getJobs(['completed'])).some((job) => job.name === 'sweep' && (job.processedOn ?? 0) >= from && job.finishedOn), 120_000, 200),
    );
  }

  // BullMQ queues of the in-process API log every failed reconnect while Redis is down on purpose.
  const consoleError = console.error.bind(console);
  let redisConnectErrors = 0;
  let quiet: jest.SpyInstance | null = null;

  beforeAll(async () => {
    quiet = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      const text = args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' ');
      if (/ECONNREFUSED|ECONNRESET|Connection is closed/.test(text)) redisConnectErrors += 1;
      else consoleError(...args);
    });
    await adminQuery(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE ${DATABASE}`);
    await runMigrations(AppConfig.fromEnv({ ...process.env, DATABASE_URL }));
    await db.connect();
    redis = new PrivateRedis(await freePort());
    await redis.start();
    base = await apiApp(envOf('base'));
    cast = await policyCast(base);
    cw1 = cast.people.cw1;
    pd1 = cast.people.pd1;
  }, 180_000);

  afterAll(async () => {
    for (const worker of [...workers]) await worker.kill();
    for (const app of [...apps]) await app.close().catch(() => undefined);
    for (const child of [...children]) child.kill('SIGKILL');
    await db.end().catch(() => undefined);
    await adminQuery(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`).catch(() => undefined);
    quiet?.mockRestore();
    log(`${redisConnectErrors} Redis connection errors were logged by the in-process API while Redis was down`);
  }, 60_000);

  it('Redis killed mid-flow: the API keeps taking writes, and everything due is delivered once Redis is back (empty)', async () => {
    const env = envOf('down', { DEADLINE_SWEEP_EVERY_MS: '2000' });
    const t = await apiApp(env);
    const worker = await startWorker('down', env);
    try {
      const caseId = await newCase(t);
      // Due late enough that the relay queues its half-time reminder, and Redis is killed, before either is due.
      const first = await refer(t, caseId, ServiceType.INVESTIGATION, 15_000);
      // The worker relayed the start and queued the half-time reminder as a delayed job: Redis holds it.
      await withQueue(redis.url, env.QUEUE_PREFIX, (queue) =>
        waitFor('the reminder job of the first referral', async () => (await queue.getJob(`dl-${first.deadlineId}-0`))?.isDelayed(), 60_000, 100),
      );

      await redis.kill();
      const downAt = Date.now();
      log(`redis killed ${first.dueAt.getTime() - downAt} ms before the first referral was due`);

      // Writes go on: a second referral while Redis is down.
      const writeStarted = Date.now();
      const second = await refer(t, caseId, ServiceType.FORENSIC_INTERVIEW, 2_000);
      log(`createReferral while Redis was down took ${Date.now() - writeStarted} ms`);
      const { rows: outbox } = await db.query(`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL AND payload->>'deadlineId' = $1`, [second.deadlineId]);
      expect(outbox[0].n).toBe(1);

      // Both fall due while Redis is down; nothing can run them yet.
      await sleep(Math.max(first.dueAt.getTime(), second.dueAt.getTime()) - Date.now() + 1_500);
      expect(await statuses([first.id, second.id])).toEqual({ REQUESTED: 2 });
      expect((await alerts(OVERDUE, [first.id, second.id])).total).toBe(0);

      await redis.start();
      const upAt = Date.now();
      log(`redis back after ${upAt - downAt} ms (empty)`);
      await waitFor('both referrals to expire after Redis came back', () => allExpired([first.id, second.id]), 120_000, 200).catch(async (error: Error) => {
        const schedulers = await withQueue(redis.url, env.QUEUE_PREFIX, async (queue) => ({ schedulers: await queue.getJobSchedulers(), counts: await queue.getJobCounts() }));
        throw new Error(`${error.message}; statuses ${JSON.stringify(await statuses([first.id, second.id]))}; deadlines queue ${JSON.stringify(schedulers)}; worker log: ${worker.dumpLog()}`);
      });
      log(`both referrals expired ${Date.now() - upAt} ms after Redis came back`);
      await aSweepMore(env); // nothing is told twice
      await expectExpiredAndToldOnce([first.id, second.id]);
      const reminders = await alerts(REMINDER, [first.id, second.id]);
      expect(reminders.total).toBe(reminders.distinctKeys);
      for (const id of [first.id, second.id]) expect((reminders.perReferral.get(id) ?? []).sort()).toEqual([pd1.id, cast.people.pdSup.id].sort());
    } finally {
      await worker.kill();
      await closeApp(t);
      if (!(await redis.command((client) => client.ping()).catch(() => null))) await redis.start();
    }
  }, 300_000);

  it('a worker SIGKILLed mid-job: nothing of the killed transaction stays, a new worker finishes everything, each alert once', async () => {
    const env = envOf('killed', { DEADLINE_SWEEP_EVERY_MS: '2000' });
    const t = await apiApp(env);
    const holder = new Client({ connectionString: DATABASE_URL, application_name: 'deadline-faults-holder' });
    await holder.connect();
    let first: WorkerProcess | null = null;
    let second: WorkerProcess | null = null;
    try {
      // 300 pending referrals on one case need 300 distinct (agency, service) pairs: 34 police agencies x 9 services.
      const caseId = await newCase(t);
      const services = Object.values(ServiceType);
      const targets: { agencyId: string; staffId: string }[] = [];
      for (let i = 0; i < 34; i += 1) {
        const agency = await t.world.agency(AgencyType.LAW_ENFORCEMENT, cast.agencies.CW.jurisdictionId);
        targets.push({ agencyId: agency.id, staffId: (await t.world.user(Role.STAFF, agency.id)).id });
      }
      const pairs = targets.flatMap((target) => services.map((serviceType) => ({ ...target, serviceType }))).slice(0, 300);
      const viewer: Viewer = {
        userId: cw1.id,
        sessionId: randomUUID(),
        email: cw1.email,
        displayName: 'cw1',
        role: Role.STAFF,
        agencyId: cast.agencies.CW.id,
        agencyType: AgencyType.CHILD_WELFARE,
        jurisdictionId: cast.agencies.CW.jurisdictionId,
      };

      // Through the service layer (HTTP would add nothing here but time): all due at one instant.
      const referrals = t.app.get(ReferralsService, { strict: false });
      t.clock.set(new Date());
      const dueAt = new Date(t.clock.now().getTime() + 20_000);
      const created: { id: string; agencyId: string; staffId: string }[] = [];
      const began = Date.now();
      let held: string[] = [];
      for (let i = 0; i < pairs.length; i += 6) {
        await Promise.all(
          pairs.slice(i, i + 6).map(async (pair) => {
            const referral = await referrals.createReferral(viewer, {
              caseId,
              toAgencyId: pair.agencyId,
              serviceType: pair.serviceType,
              urgency: Urgency.URGENT,
              scopes: [DataScope.IDENTITY],
              reason: 'load under a crash',
              responseDueAt: dueAt,
            });
            created.push({ id: referral.id, agencyId: pair.agencyId, staffId: pair.staffId });
          }),
        );
      }
      // Three are held once all are created: their due stage will block in the middle of its
      // transaction (deadline row locked, reminder stored, the referral update waiting), so the kill
      // lands inside running jobs. Held earlier, a blocked stage's key-share lock on the case (its
      // stored reminder's foreign key) would stall the creation of the rest. The worker starts only
      // now: however long the creation took (past the due time on a busy machine), nothing of these
      // referrals has run before the three are held.
      held = created.slice(0, 3).map((row) => row.id);
      await holder.query('BEGIN');
      await holder.query(`SELECT id FROM referral WHERE id = ANY($1::uuid[]) FOR UPDATE`, [held]);
      const ids = created.map((row) => row.id);
      log(`created ${ids.length} referrals in ${Date.now() - began} ms; due in ${dueAt.getTime() - Date.now()} ms`);
      expect(ids).toHaveLength(300);
      expect(await statuses(ids)).toEqual({ REQUESTED: 300 });
      first = await startWorker('killed-1', env);
      const workerUp = Date.now();

      const queue = deadlinesQueue(redis.url, env.QUEUE_PREFIX);
      let killedJobs: Job[] = [];
      try {
        const atKill = await waitFor(
          'the worker to be mid-job',
          async () => {
            if (Date.now() < dueAt.getTime()) return null;
            const [{ rows: waiting }, active, overdue] = await Promise.all([
              db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'tandem-worker' AND wait_event_type = 'Lock'`, [DATABASE]),
              queue.getActiveCount(),
              alerts(OVERDUE, ids),
            ]);
            return waiting[0].n > 0 && active > 0 && overdue.total > 0 ? { blocked: waiting[0].n, active, overdue: overdue.total } : null;
          },
          120_000,
          50,
        );
        killedJobs = await queue.getActive();
        await first.kill('SIGKILL');
        log(`worker SIGKILLed ${Date.now() - dueAt.getTime()} ms after due (${Date.now() - workerUp} ms after it started): ${atKill.active} active job(s), ${atKill.blocked} worker transaction(s) waiting on a lock, ${atKill.overdue} overdue alert(s) stored`);
      } finally {
        await queue.close();
      }
      expect((await first.exited).signal).toBe('SIGKILL');
      expect(killedJobs.length).toBeGreaterThan(0);
      log(`killed while active: ${killedJobs.map((job) => job.name).join(', ')}`);

      // Let the blocked statements finish: their transactions were the killed process's, so nothing of them commits.
      await holder.query('ROLLBACK');
      await waitFor(
        'the killed worker sessions to end',
        async () => (await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'tandem-worker'`, [DATABASE])).rows[0].n === 0,
        60_000,
        100,
      );
      const halfway = await statuses(ids);
      log(`after the kill: ${JSON.stringify(halfway)}`);
      expect(await statuses(held)).toEqual({ REQUESTED: 3 });
      expect(halfway.REQUESTED ?? 0).toBeGreaterThan(0);
      expect(halfway.EXPIRED ?? 0).toBeGreaterThan(0);
      expect((await alerts(OVERDUE, held)).total).toBe(0);

      const restarted = Date.now();
      second = await startWorker('killed-2', env);
      await waitFor('every referral to expire after the restart', () => allExpired(ids), 240_000, 250);
      log(`a new worker finished all ${ids.length} referrals ${Date.now() - restarted} ms after it was started`);

      // The jobs killed while active are not lost: they stay active without a lock until BullMQ's stalled
      // check gives them back (two checks, 30 s apart), and then complete as no-ops. That takes about a
      // minute, so the wait is opt-in (FAULTS_WAIT_STALLED=1); by default the test checks they are still there.
      await withQueue(redis.url, env.QUEUE_PREFIX, async (queue) => {
        const states = () => Promise.all(killedJobs.map(async (job) => (await queue.getJob(job.id!))?.getState() ?? 'missing'));
        const now = await states();
        log(`killed jobs now: ${JSON.stringify(now)}`);
        expect(now.every((state) => state === 'completed' || state === 'active' || state === 'waiting')).toBe(true);
        if (process.env.FAULTS_WAIT_STALLED !== '1') return;
        await waitFor('the killed jobs to be re-run', async () => (await states()).every((state) => state === 'completed'), 150_000, 500);
        log(`the killed job(s) were re-run by the stalled check ${Date.now() - restarted} ms after the restart`);
      });

      await expectExpiredAndToldOnce(ids);
      const reminders = await alerts(REMINDER, ids);
      expect(reminders.total).toBe(ids.length);
      expect(reminders.distinctKeys).toBe(ids.length);
      for (const row of created) expect(reminders.perReferral.get(row.id)).toEqual([row.staffId]);
    } finally {
      await holder.end().catch(() => undefined);
      await first?.kill();
      await second?.kill();
      await closeApp(t);
    }
  }, process.env.FAULTS_WAIT_STALLED === '1' ? 600_000 : 480_000);

  it('Redis flushed: the sweep rebuilds, with the worker stopped during the flush and with it running', async () => {
    const env = envOf('flushed', { DEADLINE_SWEEP_EVERY_MS: '2000' });
    const t = await apiApp(env);
    let worker = await startWorker('flushed-1', env);
    try {
      const caseId = await newCase(t);
      // Due late enough that their half-time reminders are still delayed jobs when the worker stops.
      const early = [
        await refer(t, caseId, ServiceType.MEDICAL_EXAM, 15_000),
        await refer(t, caseId, ServiceType.LEGAL_ADVOCACY, 15_000),
        await refer(t, caseId, ServiceType.COUNSELING, 15_000),
      ];
      await withQueue(redis.url, env.QUEUE_PREFIX, (queue) =>
        waitFor('the reminder jobs to be queued', async () => (await Promise.all(early.map(async (r) => (await queue.getJob(`dl-${r.deadlineId}-0`))?.isDelayed()))).every(Boolean), 60_000, 100),
      );
      await worker.kill('SIGTERM');
      const keys = await redis.command((client) => client.dbsize());
      await redis.command((client) => client.flushall());
      // Everything of the deadline pipeline is gone. The API's rate-limit counters may come back at once:
      // it adds what it counted in the process to Redis every 100 ms.
      const left = await redis.command((client) => client.keys('*'));
      expect(left.filter((key) => !key.startsWith(`${env.QUEUE_PREFIX}:throttle:`))).toEqual([]);
      log(`flushed ${keys} Redis key(s), the worker stopped`);

      const lastDue = Math.max(...early.map((r) => r.dueAt.getTime()));
      await sleep(lastDue - Date.now() + 1_000);
      expect(await statuses(early.map((r) => r.id))).toEqual({ REQUESTED: 3 });

      const started = Date.now();
      worker = await startWorker('flushed-2', env);
      await waitFor('the referrals to expire after the restart', () => allExpired(early.map((r) => r.id)), 120_000, 200);
      log(`a worker started after the flush expired them ${Date.now() - started} ms after it was started`);

      // Flushed under a running worker: its sweep schedule went too, and must come back by itself.
      const late = await refer(t, caseId, ServiceType.HOUSING, 12_000);
      await withQueue(redis.url, env.QUEUE_PREFIX, (queue) =>
        waitFor('the late reminder job to be queued', async () => (await queue.getJob(`dl-${late.deadlineId}-0`))?.isDelayed(), 60_000, 100),
      );
      await redis.command((client) => client.flushall());
      const flushedAt = Date.now();
      await waitFor('the late referral to expire after a flush under a running worker', () => allExpired([late.id]), 120_000, 200).catch((error: Error) => {
        throw new Error(`${error.message}; worker log: ${worker.dumpLog()}`);
      });
      log(`flushed under a running worker: the late referral expired ${Date.now() - late.dueAt.getTime()} ms after due (${Date.now() - flushedAt} ms after the flush)`);

      await aSweepMore(env);
      const all = [...early, late].map((r) => r.id);
      await expectExpiredAndToldOnce(all);
      const reminders = await alerts(REMINDER, all);
      expect(reminders.total).toBe(reminders.distinctKeys);
      for (const id of all) expect((reminders.perReferral.get(id) ?? []).sort()).toEqual([pd1.id, cast.people.pdSup.id].sort());
    } finally {
      await worker.kill();
      await closeApp(t);
    }
  }, 400_000);

  it('runs one real delayed job through Redis (no sweep): the due stage job expires the referral', async () => {
    const env = envOf('delayed', { DEADLINE_SWEEP_EVERY_MS: '600000' });
    const t = await apiApp(env);
    const worker = await startWorker('delayed', env);
    const queue = deadlinesQueue(redis.url, env.QUEUE_PREFIX);
    try {
      const caseId = await newCase(t);
      // The sweeps at boot are done, and the next one is ten minutes away.
      await waitFor(
        'the boot sweeps to finish',
        async () => {
          const counts = await queue.getJobCounts('active', 'waiting', 'prioritized');
          const scheduler = await queue.getJobScheduler('sweep');
          return counts.active + counts.waiting + counts.prioritized === 0 && scheduler?.next && scheduler.next > Date.now() + 60_000;
        },
        60_000,
        100,
      );
      const referral = await refer(t, caseId, ServiceType.EDUCATION, 3_000);
      const sentAt = Date.now();
      await waitFor('the referral to expire', () => allExpired([referral.id]), 60_000, 100);
      log(`expired ${Date.now() - sentAt} ms after it was sent (due after ${referral.dueAt.getTime() - sentAt} ms)`);
      await expectExpiredAndToldOnce([referral.id]);

      const reminder = await queue.getJob(`dl-${referral.deadlineId}-0`);
      const due = await queue.getJob(`dl-${referral.deadlineId}-1`);
      expect(await reminder?.getState()).toBe('completed');
      expect(await due?.getState()).toBe('completed');
      expect(due!.finishedOn).toBeGreaterThanOrEqual(referral.dueAt.getTime());
      expect(due!.processedOn).toBeGreaterThanOrEqual(referral.dueAt.getTime());
      // Its lag (logged; tens of milliseconds on an idle machine, seconds on a busy one), far from the ten minutes to the next sweep.
      expect(due!.finishedOn! - referral.dueAt.getTime()).toBeLessThan(60_000);
      log(`dl-…-1 was processed ${due!.processedOn! - referral.dueAt.getTime()} ms after due`);
      // No sweep ran after the referral was sent: the delayed job did it.
      const sweeps = (await queue.getJobs(['completed', 'active', 'waiting'])).filter((job) => job.name === 'sweep' && (job.processedOn ?? 0) >= sentAt);
      expect(sweeps).toEqual([]);
      const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM notification WHERE deadline_id = $1 AND kind = $2 AND recipient_id = $3`, [referral.deadlineId, OVERDUE, cw1.id])).rows;
      expect(n).toBe(1);
    } finally {
      await queue.close();
      await worker.kill();
      await closeApp(t);
    }
  }, 240_000);

  it('meeting a deadline removes its pending delayed job', async () => {
    const env = envOf('met', { DEADLINE_SWEEP_EVERY_MS: '600000' });
    const t = await apiApp(env);
    const worker = await startWorker('met', env);
    const queue = deadlinesQueue(redis.url, env.QUEUE_PREFIX);
    try {
      const caseId = await newCase(t);
      // Due in ten minutes: its half-time reminder is minutes away whatever the relay's delay.
      const referral = await refer(t, caseId, ServiceType.CASE_MANAGEMENT, 600_000);
      const jobId = `dl-${referral.deadlineId}-0`;
      const queued = await waitFor(
        'the reminder job to be delayed in Redis',
        async () => {
          const job = await queue.getJob(jobId);
          return job && (await job.isDelayed()) ? job : null;
        },
        60_000,
        100,
      );
      expect(queued.delay).toBeGreaterThan(240_000);

      t.clock.set(new Date());
      const accepted = await t.gql.ok<{ acceptReferral: { status: string } }>(ACCEPT_REFERRAL, { id: referral.id }, pd1.token);
      expect(accepted.acceptReferral.status).toBe('ACCEPTED');
      const { rows } = await db.query(`SELECT status, next_at FROM deadline WHERE id = $1`, [referral.deadlineId]);
      expect(rows[0]).toEqual({ status: 'MET', next_at: null });

      const acceptedAt = Date.now();
      await waitFor('the delayed job to be removed', async () => !(await queue.getJob(jobId)), 60_000, 100);
      log(`the reminder job was removed ${Date.now() - acceptedAt} ms after the referral was accepted`);
      expect(await queue.getJob(`dl-${referral.deadlineId}-1`)).toBeUndefined();
    } finally {
      await queue.close();
      await worker.kill();
      await closeApp(t);
    }
  }, 240_000);
});
