import { ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { onInterrupt } from './cleanup';
import { BENCH_SECRETS } from './seed';

/** A child process the benchmark started and must stop. */
export interface Spawned {
  readonly pid: number;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

function spawned(child: ChildProcess, name: string): Spawned {
  if (!child.pid) throw new Error(`${name} did not start`);
  const forget = onInterrupt(async () => {
    child.kill('SIGKILL');
  });
  return {
    pid: child.pid,
    child,
    async stop() {
      forget();
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The V8 flags scripts/run.mjs starts each app with: the benchmark's processes start the same way. */
export function nodeFlags(root: string, app: 'api' | 'worker'): string[] {
  const flags = createRequire(join(root, 'scripts/'))('./node-flags.cjs') as Record<string, string[]>;
  return flags[app] ?? [];
}

/** The environment every spawned Tandem process of one run shares: production, with the data set's keys. */
export function appEnv(databaseUrl: string, queuePrefix: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...BENCH_SECRETS,
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: queuePrefix,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '1000000000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000000000',
    // One sign-in per user serves the whole run: its token, and its session, last an hour.
    JWT_ACCESS_TTL_SECONDS: '3600',
    SESSION_IDLE_MINUTES: '60',
    ...extra,
  };
}

async function waitFor(url: string, child: ChildProcess, name: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${name} not ready at ${url} after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface ApiProcess extends Spawned {
  readonly url: string;
  /** Statements sent through pg by the API since it started. */
  sqlCount(): Promise<number>;
  /** Starts the CPU profiler, or stops it and writes the profile to `file` (only when started with `profile`). */
  profile(command: { profile: 'start' } | { profile: 'stop'; file: string }): Promise<void>;
}

/** Asks a child over IPC and waits for the answer that `pick` recognises. */
export function ask<T>(child: ChildProcess, message: unknown, pick: (answer: unknown) => T | undefined, what: string, timeoutMs = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error(`the process did not answer ${what}`));
    }, timeoutMs);
    const onMessage = (answer: unknown) => {
      const value = pick(answer);
      if (value === undefined) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(value);
    };
    child.on('message', onMessage);
    child.send(message as string);
  });
}

/**
 * The real API (dist/apps/api), with the statement counter preloaded and an IPC channel to read it;
 * with `profile`, the sampling profiler too (bench/src/profiler-probe.ts).
 */
export async function startApi(root: string, env: NodeJS.ProcessEnv, port: number, options: { profile?: boolean } = {}): Promise<ApiProcess> {
  const probes = ['sql-counter', ...(options.profile ? ['profiler-probe'] : [])].flatMap((name) => ['-r', join(root, `dist/bench/src/${name}.js`)]);
  const child = spawn(process.execPath, [...nodeFlags(root, 'api'), '-r', join(root, 'scripts/paths.cjs'), ...probes, join(root, 'dist/apps/api/src/main.js')], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const process_ = spawned(child, 'API');
  try {
    await waitFor(`http://127.0.0.1:${port}/health/live`, child, 'API');
  } catch (error) {
    await process_.stop();
    throw error;
  }
  return {
    ...process_,
    url: `http://127.0.0.1:${port}/graphql`,
    sqlCount: () => ask(child, 'sql-count', (answer) => (answer as { sqlCount?: number })?.sqlCount, 'the statement count'),
    profile: async (command) => {
      if (!options.profile) throw new Error('the API was started without the profiler');
      const done = await ask(child, command, (answer) => (answer as { profiled?: string })?.profiled, `profile ${command.profile}`, 60_000);
      if (done === 'failed') throw new Error(`profile ${command.profile} failed in the API`);
    },
  };
}

/** A TCP port free on 127.0.0.1 now: two benchmark runs on one machine do not take each other's ports. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Linux's USER_HZ: /proc counts CPU time in these ticks. */
const CLOCK_TICKS = 100;

/** CPU time (user + system, all threads) a process has used since it started, in ms, from /proc; 0 once it has ended. */
export function cpuMsOf(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0;
  }
  // The fields after the command name (which may hold spaces) in parentheses; utime and stime are the 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
export function startWorker(root: string, env: NodeJS.ProcessEnv): Spawned {
  const child = spawn(process.execPath, [...nodeFlags(root, 'worker'), '-r', join(root, 'scripts/paths.cjs'), join(root, 'dist/apps/worker/src/main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  return spawned(child, 'worker');
}

/** The bare HTTP server answering the read scenarios with hand-written SQL (bench/src/baseline.ts). */
export async function startBaseline(root: string, env: NodeJS.ProcessEnv, port: number): Promise<Spawned & { url: string }> {
  // The same flags as the API: the baseline is the best this machine does, not a handicapped one.
  const child = spawn(process.execPath, [...nodeFlags(root, 'api'), '-r', join(root, 'scripts/paths.cjs'), join(root, 'dist/bench/src/baseline.js')], {
    env: { ...env, BASELINE_PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const process_ = spawned(child, 'baseline server');
  try {
    await waitFor(`http://127.0.0.1:${port}/health`, child, 'baseline server');
  } catch (error) {
    await process_.stop();
    throw error;
  }
  return { ...process_, url: `http://127.0.0.1:${port}` };
}

/** Peak resident memory (VmHWM) and current (VmRSS) of a process, in MiB, from /proc. */
export function memoryOf(pid: number): { peakMiB: number; rssMiB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { peakMiB: Math.round(kib('VmHWM') / 1024), rssMiB: Math.round(kib('VmRSS') / 1024) };
  } catch {
    return null;
  }
}
