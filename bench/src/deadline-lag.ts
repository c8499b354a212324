import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { AppConfig, QueueName, runMigrations } from '@tandem/platform';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { clearRedisPrefix } from './cleanup';
import { ask, cpuMsOf, nodeFlags } from './processes';

export interface DeadlineLagOptions {
  count: number;
  /** Due times are spread evenly over this window, starting `leadMs` from now. */
  windowMs: number;
  leadMs: number;
  root: string;
  /** Where to write a CPU profile of the (first) worker's main thread from the first due time to the last alert; none when absent. */
  profileFile?: string;
  /** How many worker processes run the deadlines (1 unless told). */
  workers?: number;
}

export interface DeadlineLagResult {
  deadlines: number;
  alerts: number;
  duplicates: number;
  lagMs: { p50: number; p90: number; p99: number; max: number };
  /** The median lag of the deadlines due in each tenth of the window, first to last: flat when the worker keeps up, rising when it falls behind. */
  lagByTenthMs: number[];
  /** Alerts made per second between the first deadline's due time and the last alert. */
  alertsPerSecond: number;
  /** Deadlines falling due per second across the window. */
  duePerSecond: number;
  /**
   * Where the lag went, each part's p50 and p99 over the deadlines: the relay moving the deadline's
   * event out of the outbox, the event's handler adding the delayed job, how late the job was added
   * after the due time (0 when in time), its wait for the worker once due, and its run to commit.
   */
  stagesMs: Record<'relay' | 'toJob' | 'addedLate' | 'waitForWorker' | 'run', { p50: number; p99: number }>;
  /** The workers' CPU time (all threads) from the first due time to the last alert, per alert, and in cores busy over that time. */
  worker: { processes: number; cpuMsPerAlert: number; coreShare: number };
  /** The same for PostgreSQL's backends serving the run's database, and the whole machine's busy cores over that time. */
  postgres: { cpuMsPerAlert: number; coreShare: number };
  machineBusyCores: number;
  /** Statements the workers sent to PostgreSQL from the first due time to the last alert, per alert. */
  statementsPerAlert: number;
  drainedInMs: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/**
 * How late alerts are: `count` deadlines due across a window, run by real worker processes (one unless told)
 * (delayed jobs through Redis, the sweep behind them). Lag is the alert's creation time minus the
 * deadline's due time; duplicates are alerts beyond one per deadline and recipient.
 */
export async function measureDeadlineLag(baseUrl: string, options: DeadlineLagOptions): Promise<DeadlineLagResult> {
  const name = `tandem_bench_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const env = { ...process.env, DATABASE_URL: url.toString(), QUEUE_PREFIX: `tandem-bench-${name}`, LOG_LEVEL: 'warn', NODE_ENV: 'development' };
  const db = new Client({ connectionString: env.DATABASE_URL });
  const workers: ChildProcess[] = [];
  try {
    await runMigrations(AppConfig.fromEnv(env));
    await db.connect();
    const [jurisdiction] = (await db.query(`INSERT INTO jurisdiction (code, name) VALUES ('BEN', 'Bench County') RETURNING id`)).rows;
    const [agency] = (await db.query(`INSERT INTO agency (name, type, jurisdiction_id) VALUES ('Bench Police', 'LAW_ENFORCEMENT', $1) RETURNING id`, [jurisdiction.id])).rows;
    const [creator] = (await db.query(`INSERT INTO app_user (email, display_name, agency_id, role, password_hash) VALUES ('bench.staff@bench.invalid', 'Bench Staff', $1, 'STAFF', 'x') RETURNING id`, [agency.id])).rows;
    await db.query(`INSERT INTO app_user (email, display_name, role, password_hash) VALUES ('bench.auditor@bench.invalid', 'Bench Auditor', 'AUDITOR', 'x')`);
    const [caseRow] = (
      await db.query(`INSERT INTO case_file (case_number, jurisdiction_id, lead_agency_id, created_by) VALUES ('BEN-2026-000001', $1, $2, $3) RETURNING id`, [jurisdiction.id, agency.id, creator.id])
    ).rows;

    const probe = ['-r', join(options.root, 'dist/bench/src/sql-counter.js'), ...(options.profileFile ? ['-r', join(options.root, 'dist/bench/src/profiler-probe.js')] : [])];
    for (let index = 0; index < (options.workers ?? 1); index += 1) {
      const flags = index === 0 ? probe : probe.slice(0, 2);
      workers.push(
        spawn(process.execPath, [...nodeFlags(options.root, 'worker'), '-r', join(options.root, 'scripts/paths.cjs'), ...flags, join(options.root, 'dist/apps/worker/src/main.js')], {
          env,
          stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        }),
      );
    }
    const [worker] = workers as [ChildProcess];
    const workersCpuMs = () => workers.reduce((sum, each) => sum + cpuMsOf(each.pid!), 0);
    const profiled = (answer: unknown) => (answer as { profiled?: string })?.profiled;
    // Break-glass reviews have one stage, at due, alerting every auditor: one alert per deadline.
    const start = Date.now() + options.leadMs;
    const batch = 1000;
    for (let offset = 0; offset < options.count; offset += batch) {
      const size = Math.min(batch, options.count - offset);
      const ids = Array.from({ length: size }, () => randomUUID());
      const dues = ids.map((_, i) => new Date(start + Math.floor(((offset + i) / options.count) * options.windowMs)).toISOString());
      await db.query('BEGIN');
      const rows = (
        await db.query(
          `INSERT INTO deadline (kind, case_id, subject_type, subject_id, agency_id, started_at, due_at, next_at)
           SELECT 'BREAK_GLASS_REVIEW', $1, 'AccessGrant', s, $2, now(), d, d FROM unnest($3::uuid[], $4::timestamptz[]) AS x(s, d)
           RETURNING id, next_at`,
          [caseRow.id, agency.id, ids, dues],
        )
      ).rows;
      await db.query(
        `INSERT INTO outbox (topic, payload) SELECT 'deadline.changed', jsonb_build_object('deadlineId', id, 'nextAt', n) FROM unnest($1::uuid[], $2::timestamptz[]) AS x(id, n)`,
        [rows.map((row) => row.id), rows.map((row) => row.next_at)],
      );
      await db.query(`SELECT pg_notify('outbox', '')`);
      await db.query('COMMIT');
    }
    const lastDue = start + options.windowMs;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, start - Date.now())));
    const backends = async () => (await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows.map((row) => row.pid);
    const backendsAtFirstDue = new Map((await backends()).map((pid) => [pid, cpuMsOf(pid)]));
    const machineAtFirstDue = machineCpu();
    const statements = async () => {
      let sent = 0;
      for (const each of workers) sent += await ask(each, 'sql-count', (answer) => (answer as { sqlCount?: number })?.sqlCount, 'the statement count');
      return sent;
    };
    const statementsAtFirstDue = await statements();
    const cpuAtFirstDue = workersCpuMs();
    if (options.profileFile) await ask(worker, { profile: 'start' }, profiled, 'profile start', 60_000);
    for (;;) {
      const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM notification`)).rows;
      if (n >= options.count) break;
      if (Date.now() > lastDue + 5 * 60_000) throw new Error(`only ${n} of ${options.count} alerts after five minutes past the last due time`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const drainedInMs = Date.now() - lastDue;
    const busyMs = workersCpuMs() - cpuAtFirstDue;
    const busyOver = Date.now() - start;
    const machine = machineCpu();
    const sent = (await statements()) - statementsAtFirstDue;
    let postgresMs = 0;
    for (const pid of await backends()) postgresMs += cpuMsOf(pid) - (backendsAtFirstDue.get(pid) ?? 0);
    if (options.profileFile) await ask(worker, { profile: 'stop', file: options.profileFile }, profiled, 'profile stop', 60_000);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const rows = (
      await db.query(
        `SELECT extract(epoch FROM (n.created_at - d.due_at)) * 1000 AS lag, extract(epoch FROM d.due_at) * 1000 AS due, extract(epoch FROM n.created_at) * 1000 AS made
         FROM notification n JOIN deadline d ON d.id = n.deadline_id`,
      )
    ).rows.map((row) => ({ lag: Number(row.lag), due: Number(row.due), made: Number(row.made) }));
    const lags = rows.map((row) => row.lag);
    const tenths = Array.from({ length: 10 }, (_, tenth) =>
      rows.filter((row) => Math.min(9, Math.floor(((row.due - start) / options.windowMs) * 10)) === tenth).map((row) => row.lag).sort((a, b) => a - b),
    );
    const stagesMs = await lagStages(db, AppConfig.fromEnv(env).values.REDIS_URL, env.QUEUE_PREFIX);
    const firstDue = Math.min(...rows.map((row) => row.due));
    const lastMade = Math.max(...rows.map((row) => row.made));
    const [dup] = (await db.query(`SELECT count(*)::int - count(DISTINCT (deadline_id, recipient_id))::int AS duplicates, count(*)::int AS alerts FROM notification`)).rows;
    lags.sort((a, b) => a - b);
    return {
      deadlines: options.count,
      alerts: dup.alerts,
      duplicates: dup.duplicates,
      lagMs: { p50: Math.round(percentile(lags, 50)), p90: Math.round(percentile(lags, 90)), p99: Math.round(percentile(lags, 99)), max: Math.round(lags.at(-1) ?? 0) },
      lagByTenthMs: tenths.map((tenth) => (tenth.length ? Math.round(percentile(tenth, 50)) : 0)),
      alertsPerSecond: Math.round((rows.length / Math.max(1, lastMade - firstDue)) * 1000),
      duePerSecond: Math.round((options.count / options.windowMs) * 1000),
      stagesMs,
      worker: { processes: workers.length, cpuMsPerAlert: Math.round((busyMs / options.count) * 100) / 100, coreShare: Math.round((busyMs / busyOver) * 100) / 100 },
      postgres: { cpuMsPerAlert: Math.round((postgresMs / options.count) * 100) / 100, coreShare: Math.round((postgresMs / busyOver) * 100) / 100 },
      statementsPerAlert: Math.round((sent / options.count) * 10) / 10,
      machineBusyCores: Math.round(((machine.busy - machineAtFirstDue.busy) / (machine.total - machineAtFirstDue.total)) * cpus().length * 100) / 100,
      drainedInMs,
    };
  } finally {
    await Promise.all(
      workers
        .filter((each) => each.exitCode === null)
        .map((each) => {
          each.kill('SIGTERM');
          return new Promise((resolve) => each.once('exit', resolve));
        }),
    );
    await db.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    // Its queues go with its database.
    await clearRedisPrefix(AppConfig.fromEnv(env).values.REDIS_URL, env.QUEUE_PREFIX);
    await admin.end();
  }
}

/** The parts of each deadline's lag, from the outbox's times and the completed jobs BullMQ keeps. */
async function lagStages(db: Client, redisUrl: string, prefix: string): Promise<DeadlineLagResult['stagesMs']> {
  const events = new Map<string, { created: number; sent: number }>(
    (
      await db.query(
        `SELECT payload->>'deadlineId' AS id, extract(epoch FROM created_at) * 1000 AS created, extract(epoch FROM sent_at) * 1000 AS sent
         FROM outbox WHERE topic = 'deadline.changed' AND sent_at IS NOT NULL`,
      )
    ).rows.map((row) => [row.id, { created: Number(row.created), sent: Number(row.sent) }]),
  );
  const dues = new Map<string, number>((await db.query(`SELECT id, extract(epoch FROM due_at) * 1000 AS due FROM deadline`)).rows.map((row) => [row.id, Number(row.due)]));
  const queue = new Queue(QueueName.DEADLINES, { connection: { url: redisUrl }, prefix });
  const parts = { relay: [] as number[], toJob: [] as number[], addedLate: [] as number[], waitForWorker: [] as number[], run: [] as number[] };
  try {
    for (const job of await queue.getJobs(['completed'], 0, -1)) {
      const id = (job.data as { deadlineId?: string }).deadlineId;
      const event = id ? events.get(id) : undefined;
      const due = id ? dues.get(id) : undefined;
      if (job.name !== 'stage' || !event || due === undefined || !job.processedOn || !job.finishedOn) continue;
      parts.relay.push(event.sent - event.created);
      parts.toJob.push(job.timestamp - event.sent);
      parts.addedLate.push(Math.max(0, job.timestamp - due));
      parts.waitForWorker.push(job.processedOn - Math.max(due, job.timestamp));
      parts.run.push(job.finishedOn - job.processedOn);
    }
  } finally {
    await queue.close();
  }
  const summary = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted.length ? { p50: Math.round(percentile(sorted, 50)), p99: Math.round(percentile(sorted, 99)) } : { p50: 0, p99: 0 };
  };
  return { relay: summary(parts.relay), toJob: summary(parts.toJob), addedLate: summary(parts.addedLate), waitForWorker: summary(parts.waitForWorker), run: summary(parts.run) };
}

/** The machine's CPU time, busy and in all, in ticks since boot (/proc/stat's first line). */
function machineCpu(): { busy: number; total: number } {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const ticks = fields.map(Number);
  const total = ticks.slice(0, 8).reduce((sum, tick) => sum + tick, 0);
  // idle and iowait are the fourth and fifth fields.
  return { busy: total - ticks[3]! - ticks[4]!, total };
}
