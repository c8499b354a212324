import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { AppConfig, runMigrations } from '@tandem/platform';
import { Client } from 'pg';
import { clearRedisPrefix } from './cleanup';
import { nodeFlags } from './processes';

export interface DeadlineLagOptions {
  count: number;
  /** Due times are spread evenly over this window, starting `leadMs` from now. */
  windowMs: number;
  leadMs: number;
  root: string;
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
  drainedInMs: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/**
 * How late alerts are: `count` deadlines due across a window, run by one real worker process
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
  let worker: ChildProcess | null = null;
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

    worker = spawn(process.execPath, [...nodeFlags(options.root, 'worker'), '-r', join(options.root, 'scripts/paths.cjs'), join(options.root, 'dist/apps/worker/src/main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
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
    for (;;) {
      const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM notification`)).rows;
      if (n >= options.count) break;
      if (Date.now() > lastDue + 5 * 60_000) throw new Error(`only ${n} of ${options.count} alerts after five minutes past the last due time`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const drainedInMs = Date.now() - lastDue;
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
      drainedInMs,
    };
  } finally {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await new Promise((resolve) => worker!.once('exit', resolve));
    }
    await db.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    // Its queues go with its database.
    await clearRedisPrefix(AppConfig.fromEnv(env).values.REDIS_URL, env.QUEUE_PREFIX);
    await admin.end();
  }
}
