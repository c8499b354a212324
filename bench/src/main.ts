import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { AppConfig, runMigrations } from '@tandem/platform';
import { measureAudit } from './audit-bench';
import { clearRedisPrefix, installInterruptHandlers, onInterrupt } from './cleanup';
import { benchDatabases, commentOnDatabase, createDatabase, databaseExists, databaseUrl, dropDatabase, withServer } from './bench-db';
import { measureDeadlineLag } from './deadline-lag';
import { measureDirectoryImport } from './directory-import';
import { measureOutbox } from './figures';
import { LoadReport, runLoad } from './load';
import { judge, judgeScale, latestScaleOne, RunReport, summary, writeReport } from './report';
import { profileMarkdown, summarizeProfile } from './profile-summary';
import { seedDatabase, SEED_VERSION } from './seed';

const root = join(__dirname, '..', '..', '..');

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const flag = (name: string) => process.argv.includes(`--${name}`);
/** `--only <regex>`: the HTTP scenarios whose key matches (e.g. `cases-caseworker|case-detail`). */
function textOption(name: string): RegExp | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? new RegExp(process.argv[index + 1]!) : undefined;
}
const log = (line: string) => console.log(line);
const since = (start: number) => Math.round((Date.now() - start) / 100) / 10;

/**
 * The database a run works on. Without `--reuse`, a fresh one is seeded and dropped at the end.
 * With `--reuse`, the seeded data set is kept (as `tandem_bench_seed_s<scale>_<seed>_v<version>`)
 * and each run works on a file-level copy of it, so runs start from the same state.
 */
async function prepare(baseUrl: string, scale: number, seed: number, reuse: boolean, stamp: string): Promise<{ name: string; seed: RunReport['seed'] }> {
  const name = `tandem_bench_run_${stamp}`;
  if (!reuse) {
    await createDatabase(baseUrl, name);
    log(`seeding ${name} at scale ${scale} (seed ${seed})...`);
    const result = await seedDatabase(databaseUrl(baseUrl, name), { scale, seed, log });
    log(`  seeded ${result.totalRows.toLocaleString('en-US')} rows in ${result.seconds} s (${result.rowsPerSecond.toLocaleString('en-US')} rows/s)`);
    return { name, seed: { ...result, reused: false } };
  }
  const kept = `tandem_bench_seed_s${String(scale).replace('.', '_')}_${seed}_v${SEED_VERSION}`;
  const marker = `tandem bench data set v${SEED_VERSION}, scale ${scale}, seed ${seed}: complete`;
  const found = await databaseExists(baseUrl, kept);
  let seeded: RunReport['seed'] | null = null;
  if (!found.exists || found.comment !== marker) {
    if (found.exists) await dropDatabase(baseUrl, kept);
    await createDatabase(baseUrl, kept);
    log(`seeding ${kept} (kept for --reuse) at scale ${scale} (seed ${seed})...`);
    const result = await seedDatabase(databaseUrl(baseUrl, kept), { scale, seed, log });
    await commentOnDatabase(baseUrl, kept, marker);
    seeded = { ...result, reused: false };
    log(`  seeded ${result.totalRows.toLocaleString('en-US')} rows in ${result.seconds} s`);
  }
  const started = Date.now();
  await createDatabase(baseUrl, name, kept);
  log(`copied ${kept} to ${name} in ${since(started)} s`);
  return { name, seed: seeded ?? { reused: true, seconds: since(started) } };
}

/** profiles/README.md: for each profiled scenario, where the API's CPU per request went. */
function writeProfileSummary(dir: string, load: LoadReport, startedAt: string): string {
  const parts = [
    '# Where the API spends its CPU, per scenario',
    '',
    `Profiles of the API's main thread (V8 sampling profiler, 200 µs interval) over each read scenario's measured run, from the benchmark run of ${startedAt.slice(0, 16).replace('T', ' ')} UTC ` +
      '(`npm run bench -- http --cpu-prof`). Each `.cpuprofile.gz` opens, once unpacked (`gunzip -k`), as a flame graph in Chrome DevTools (Performance, load profile) or speedscope. ' +
      'Self time is the time spent in a category\'s own code; native functions count for their caller. The profiler slows the API, so the figures of a profiled run are not the benchmark\'s.',
    '',
  ];
  for (const scenario of load.scenarios) {
    const file = join(dir, `${scenario.key}.cpuprofile`);
    if (!existsSync(file)) continue;
    parts.push(profileMarkdown(`${scenario.title} (\`${scenario.key}.cpuprofile.gz\`)`, summarizeProfile(file), scenario.tandem.costs?.serverCpuMs ?? null));
    // Kept packed: a profile is about a megabyte of JSON, a seventh of that gzipped.
    writeFileSync(`${file}.gz`, gzipSync(readFileSync(file), { level: 9 }));
    rmSync(file);
  }
  const out = join(dir, 'README.md');
  writeFileSync(out, parts.join('\n'));
  return out;
}

async function postgresVersion(baseUrl: string): Promise<string> {
  return withServer(baseUrl, async (client) => `PostgreSQL ${(await client.query('SHOW server_version')).rows[0].server_version.split(' ')[0]}`);
}

/** `npm run bench` with no scenario: seed, HTTP figures beside their baselines, outbox, deadlines, audit, report. */
async function runAll(baseUrl: string, parts = { http: true, deadlines: true, audit: true, directoryImport: true }): Promise<RunReport> {
  const started = Date.now();
  const scale = option('scale', 1);
  const seed = option('seed', 7);
  const settings = {
    scale,
    seed,
    connections: option('connections', 20),
    seconds: option('seconds', 10),
    baselineSeconds: option('baseline-seconds', 8),
    warmupSeconds: option('warmup-seconds', 2),
    reused: flag('reuse'),
  };
  const stamp = Date.now().toString(36);
  const prefix = `tandem-bench-${stamp}`;
  const redisUrl = AppConfig.fromEnv({ ...process.env, NODE_ENV: 'development' }).values.REDIS_URL;
  const base: Omit<RunReport, 'targets' | 'totalSeconds'> = {
    startedAt: new Date(started).toISOString(),
    machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, postgres: await postgresVersion(baseUrl), loadAverageAtStart: Math.round(loadavg()[0]! * 100) / 100 },
    settings,
    seed: { reused: true, seconds: 0 },
    load: null,
    outbox: null,
    deadlines: null,
    deadlineCeiling: null,
    audit: null,
    directoryImport: null,
  };
  // Timings mean little on a machine that is busy with something else: say so at the start.
  if (loadavg()[0]! > 0.5 * cpus().length) log(`warning: load average ${loadavg()[0]!.toFixed(2)} before the run; figures will be lower than on an idle machine`);
  let runDb: string | null = `tandem_bench_run_${stamp}`;
  const forget = onInterrupt(() => dropDatabase(baseUrl, `tandem_bench_run_${stamp}`));
  try {
    const prepared = await prepare(baseUrl, scale, seed, settings.reused, stamp);
    runDb = prepared.name;
    base.seed = prepared.seed;
    const url = databaseUrl(baseUrl, runDb);
    // A kept data set may predate a migration: bring the copy up to date.
    const ran = await runMigrations(AppConfig.fromEnv({ ...process.env, DATABASE_URL: url, NODE_ENV: 'development' }));
    if (ran.length) log(`applied ${ran.join(', ')}`);

    if (parts.http) {
      log('HTTP load: Tandem and its baselines...');
      const mark = Date.now();
      const profileDir = flag('cpu-prof') ? join(root, 'bench', 'results', 'profiles') : undefined;
      base.load = await runLoad({ root, databaseUrl: url, queuePrefix: prefix, connections: settings.connections, seconds: settings.seconds, baselineSeconds: settings.baselineSeconds, warmupSeconds: settings.warmupSeconds, log, profileDir, only: textOption('only') });
      log(`  done in ${since(mark)} s`);
      if (profileDir) log(`  profiles and their summary written to ${writeProfileSummary(profileDir, base.load, new Date(started).toISOString())}`);

      log('outbox relay...');
      base.outbox = await measureOutbox(root, url, redisUrl, prefix, 20_000);
      log(
        `  relayed ${base.outbox.rowsPerSecond} rows/s (${base.outbox.rows} in ${base.outbox.seconds} s), handled ${base.outbox.handledPerSecond}/s; ` +
          `${base.outbox.backlog} events left by the API relayed first in ${base.outbox.backlogSeconds} s`,
      );
    }
  } finally {
    if (runDb) await dropDatabase(baseUrl, runDb).catch((error: Error) => log(`could not drop ${runDb}: ${error.message}`));
    forget();
    await clearRedisPrefix(redisUrl, prefix);
  }

  if (parts.deadlines) {
    // The lag at 10,000 pending, falling due at half of what one worker with PostgreSQL on this machine can
    // run; then the same deadlines due twice as fast, which saturates the machine: its alert rate is the ceiling.
    for (const [key, seconds] of [['deadlines', option('deadline-window-seconds', 60)], ['deadlineCeiling', 30]] as const) {
      log(`deadline ${key === 'deadlines' ? 'lag' : 'ceiling'}: 10,000 pending deadlines due over ${seconds} s...`);
      const mark = Date.now();
      const result = await measureDeadlineLag(baseUrl, { count: 10_000, windowMs: seconds * 1000, leadMs: 10_000, root });
      base[key] = result;
      log(`  p50 ${result.lagMs.p50} ms, p99 ${result.lagMs.p99} ms, ${result.alertsPerSecond} alerts/s for ${result.duePerSecond} due/s, ${result.duplicates} duplicates (${since(mark)} s)`);
    }
  }

  if (parts.audit) {
    log('audit inserts, with and without chains...');
    const mark = Date.now();
    base.audit = await measureAudit(baseUrl, { seconds: option('audit-seconds', 8), concurrency: 8, verifyEvents: option('verify-events', 200_000) });
    log(`  unchained ${base.audit.insertsPerSecond.unchained}/s, chained per agency ${base.audit.insertsPerSecond.chainedPerAgency}/s, global ${base.audit.insertsPerSecond.chainedGlobal}/s (${since(mark)} s)`);
  }

  if (parts.directoryImport) {
    log('directory import of 10,000 services...');
    const mark = Date.now();
    base.directoryImport = await measureDirectoryImport(baseUrl, root, option('directory-services', 10_000));
    log(`  ${base.directoryImport.rows.toLocaleString('en-US')} rows in ${base.directoryImport.seconds} s (command ${base.directoryImport.commandSeconds} s; again, unchanged, ${base.directoryImport.againSeconds} s) (${since(mark)} s)`);
  }

  const targets = judge(base);
  return { ...base, targets, totalSeconds: (Date.now() - started) / 1000 };
}

/** `npm run bench -- <scenario> [options]`; each scenario writes its figures to bench/results/. */
async function main(): Promise<void> {
  const scenario = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 'all';
  const baseUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (scenario === 'all') {
    const run = await runAll(baseUrl);
    const report = { ...run, targets: [...run.targets, ...judgeScale(run, latestScaleOne(root))] };
    const files = writeReport(root, report);
    console.log(`\n${summary(report)}\nwritten to ${files.json} and ${files.md}`);
    return;
  }
  if (scenario === 'http') {
    // The HTTP figures and the outbox only (no deadline or audit benches), for working on the API.
    const run = await runAll(baseUrl, { http: true, deadlines: false, audit: false, directoryImport: false });
    const report = { ...run, targets: [...run.targets, ...judgeScale(run, latestScaleOne(root))] };
    if (report.settings.scale !== 1) {
      // A larger data set's figures are kept beside the scale-1 reference (bench/results/scale-<N>.md).
      const files = writeReport(root, report);
      console.log(`\n${summary(report)}\nwritten to ${files.json} and ${files.md}`);
      return;
    }
    const file = join(root, 'bench', 'results', `http-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\n${summary(report)}\nwritten to ${file}`);
    return;
  }
  if (scenario === 'clean') {
    for (const name of await benchDatabases(baseUrl)) {
      await dropDatabase(baseUrl, name);
      log(`dropped ${name}`);
    }
    return;
  }
  let result: unknown;
  if (scenario === 'deadlines') {
    const profileDir = join(root, 'bench', 'results', 'profiles');
    const profileFile = flag('cpu-prof') ? join(profileDir, 'deadline-worker.cpuprofile') : undefined;
    if (profileFile) mkdirSync(profileDir, { recursive: true });
    const lag = await measureDeadlineLag(baseUrl, {
      count: option('count', 10_000),
      windowMs: option('window-seconds', 60) * 1000,
      leadMs: option('lead-seconds', 20) * 1000,
      root,
      profileFile,
      workers: option('workers', 1),
    });
    if (profileFile) {
      const page = join(profileDir, 'deadline-worker.md');
      writeFileSync(page, profileMarkdown(`The worker under ${lag.deadlines} deadlines falling due (\`deadline-worker.cpuprofile\`)`, summarizeProfile(profileFile), lag.worker.cpuMsPerAlert).split('per request').join('per alert'));
      log(`profile of the worker and its summary written to ${page}`);
    }
    result = lag;
  } else if (scenario === 'audit') {
    result = await measureAudit(baseUrl, { seconds: option('seconds', 10), concurrency: option('concurrency', 8), verifyEvents: option('verify-events', 1_000_000) });
  } else if (scenario === 'directory-import') {
    result = await measureDirectoryImport(baseUrl, root, option('services', 10_000));
  } else if (scenario === 'seed') {
    const name = `tandem_bench_seed_${Date.now().toString(36)}`;
    await createDatabase(baseUrl, name);
    try {
      result = await seedDatabase(databaseUrl(baseUrl, name), { scale: option('scale', 1), seed: option('seed', 7), log });
    } finally {
      await dropDatabase(baseUrl, name);
    }
  } else {
    throw new Error(`unknown scenario "${scenario}" (known: all (the default), http, seed, deadlines, audit, directory-import, clean)`);
  }
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${scenario}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  console.log(`written to ${file}`);
}

installInterruptHandlers();
main().catch((error) => {
  console.error((error as Error).stack ?? (error as Error).message);
  process.exit(1);
});
