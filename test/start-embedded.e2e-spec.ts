// `npm start` as the README runs it: without DATABASE_URL, on the embedded PostgreSQL (PGlite)
// in a folder of the test's own. The whole tree (npm, the start script, the embedded database,
// the API and the worker) must go away when npm alone is sent SIGTERM or SIGINT, leaving the
// data folder shut down cleanly; the CLI must find the running embedded database by itself.
// Slow (a build, a PGlite start, the demo data): one suite, and it kills what it started even
// when a test fails.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './support/worker-doubles';

const root = join(__dirname, '..');

/** A process as /proc shows it; the start time tells a reused pid from the process we saw. */
interface Proc {
  pid: number;
  ppid: number;
  startTime: string;
  command: string;
}

function readProc(pid: number): Proc | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: the fields after it are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return null;
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { pid, ppid: Number(fields[1]), startTime: fields[19]!, command };
  } catch {
    return null;
  }
}

/** The process and all its descendants, wherever they are in process groups and sessions. */
function treeOf(rootPid: number): Proc[] {
  const all = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map((name) => readProc(Number(name))).filter((proc): proc is Proc => proc !== null);
  const tree: Proc[] = [];
  const queue = [rootPid];
  while (queue.length) {
    const pid = queue.shift()!;
    const proc = all.find((candidate) => candidate.pid === pid);
    if (proc) tree.push(proc);
    for (const child of all.filter((candidate) => candidate.ppid === pid)) queue.push(child.pid);
  }
  return tree;
}

const alive = (proc: Proc) => readProc(proc.pid)?.startTime === proc.startTime;

/** PostgreSQL's control file says whether the cluster was shut down (1) or is in use or crashed (6, in production). */
function clusterState(dataDir: string): number {
  return readFileSync(join(dataDir, 'global', 'pg_control')).readUInt32LE(16);
}
const DB_SHUTDOWNED = 1;

/** One `npm start`, its output kept for the message of a failing test. */
class NpmStart {
  output = '';
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Every process of the tree seen so far. */
  readonly seen = new Map<number, Proc>();

  constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (chunk) => (this.output += chunk));
    this.child.stderr!.on('data', (chunk) => (this.output += chunk));
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  snapshot(): Proc[] {
    for (const proc of treeOf(this.child.pid!)) this.seen.set(proc.pid, proc);
    return [...this.seen.values()];
  }

  running(): Proc[] {
    return [...this.seen.values()].filter(alive);
  }

  killAll(): void {
    for (const proc of this.running()) {
      try {
        process.kill(proc.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  tail(): string {
    return this.output.slice(-4000);
  }
}

describe('npm start on the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-start-'));
  const dataDir = join(dir, 'pgdata');
  const started = new Set<NpmStart>();
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = { ...process.env, TANDEM_EMBEDDED_DATA: dataDir, LOG_LEVEL: 'warn' };
    for (const name of ['DATABASE_URL', 'DATABASE_POOL_SIZE', 'DATABASE_PREPARED_STATEMENTS', 'TANDEM_EMBEDDED_PORT']) delete env[name];
  });

  afterAll(() => {
    for (const run of started) run.killAll();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts `npm start` on free ports and waits for the API to be ready. */
  async function start(): Promise<{ run: NpmStart; apiPort: number }> {
    const apiPort = await freePort();
    const run = new NpmStart({
      ...env,
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      TANDEM_EMBEDDED_PORT: String(await freePort()),
      QUEUE_PREFIX: `${process.env.QUEUE_PREFIX ?? 'tandem-test'}-start`,
    });
    started.add(run);
    await waitFor(
      'the API to be ready',
      async () => {
        run.snapshot();
        if (run.child.exitCode !== null || run.child.signalCode !== null) throw new Error(`npm start exited early: ${run.tail()}`);
        const ready = await fetch(`http://127.0.0.1:${apiPort}/health/ready`).then((response) => response.ok, () => false);
        return ready;
      },
      240_000,
      500,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; npm start said: ${run.tail()}`);
    });
    // The worker comes up beside the API: the whole tree is there before it is stopped.
    await waitFor('the worker to start', () => run.snapshot().some((proc) => proc.command.includes('apps/worker/src/main.js')), 60_000, 200);
    return { run, apiPort };
  }

  /** Sends the signal to npm's own process id only, and waits for every process of the tree to end. */
  async function stop(run: NpmStart, signal: NodeJS.Signals): Promise<number> {
    const tree = run.snapshot();
    for (const part of ['scripts/start.mjs', 'scripts/embedded-postgres.mjs', 'apps/api/src/main.js', 'apps/worker/src/main.js']) {
      expect([part, tree.some((proc) => proc.command.includes(part))]).toEqual([part, true]);
    }
    const sentAt = Date.now();
    process.kill(run.child.pid!, signal);
    // npm start gives the API and the worker 20 s, then the database 10 s, before it kills them.
    await waitFor('every process of the tree to end', () => run.running().length === 0, 45_000, 100).catch(() => {
      const left = run.running().map((proc) => `${proc.pid} ${proc.command}`);
      throw new Error(`still running 45 s after ${signal} to npm: ${left.join('; ')}`);
    });
    const elapsed = Date.now() - sentAt;
    await run.exited;
    return elapsed;
  }

  function cli(args: string[], extra: NodeJS.ProcessEnv = {}) {
    const began = Date.now();
    const result = spawnSync('npm', ['run', '-s', 'cli', '--', ...args], { cwd: root, env: { ...env, ...extra }, encoding: 'utf8', timeout: 90_000 });
    return { ...result, elapsedMs: Date.now() - began };
  }

  it('SIGTERM to npm stops the whole tree and shuts the embedded database down cleanly; the CLI finds the running database by itself', async () => {
    const { run } = await start();
    expect(clusterState(dataDir)).not.toBe(DB_SHUTDOWNED);

    // The README's command, with neither DATABASE_URL nor the port: the CLI finds the running embedded database.
    const verify = cli(['audit:verify']);
    const problems: string[] = [];
    if (verify.status !== 0 || !verify.stdout.includes('every chain is intact')) {
      problems.push(`audit:verify exited ${verify.status} after ${verify.elapsedMs} ms: ${verify.stdout.slice(-300)} ${verify.stderr.slice(0, 600)}`);
    }
    if (verify.stderr !== '') problems.push('audit:verify wrote to standard error');
    try {
      const elapsed = await stop(run, 'SIGTERM');
      process.stdout.write(`[start-embedded] SIGTERM to npm: every process ended ${elapsed} ms later\n`);
      if (clusterState(dataDir) !== DB_SHUTDOWNED) problems.push(`the embedded database was not shut down cleanly (state ${clusterState(dataDir)})`);
    } catch (error) {
      problems.push((error as Error).message);
    }
    expect(problems).toEqual([]);
  }, 420_000);

  it('SIGINT to npm stops the whole tree too; the embedded data survives the restart', async () => {
    const { run, apiPort } = await start();
    // The demo data of the first start is still there (a fresh folder would have been seeded again).
    if (!run.output.includes('demo data: already in place')) throw new Error(`the restart did not find the data of the first start: ${run.tail()}`);
    const login = await fetch(`http://127.0.0.1:${apiPort}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { login(email: "cw.staff1@stl.tandem.demo", password: "Demo-Password-2026!") { accessToken } }` }),
    }).then((response) => response.json() as Promise<{ data?: { login?: { accessToken?: string } } }>);
    expect(typeof login.data?.login?.accessToken).toBe('string');

    const elapsed = await stop(run, 'SIGINT');
    process.stdout.write(`[start-embedded] SIGINT to npm: every process ended ${elapsed} ms later\n`);
    expect(clusterState(dataDir)).toBe(DB_SHUTDOWNED);
  }, 420_000);

  it('a CLI that cannot reach its database says so in one line, after one attempt', () => {
    // No server on this port: one line, no retries (each took 3 s and printed a stack trace), exit status 1.
    const refused = cli(['audit:verify'], { DATABASE_URL: `postgres://postgres@127.0.0.1:9/tandem` });
    expect({ status: refused.status, stderr: refused.stderr.trim().split('\n') }).toEqual({
      status: 1,
      stderr: [expect.stringMatching(/^cannot reach the database at 127\.0\.0\.1:9\/tandem \(.*ECONNREFUSED.*\)$/)],
    });
    // A server without that database: the same.
    const missing = cli(['migrate'], { DATABASE_URL: `postgres://postgres@127.0.0.1:5432/tandem_no_such_database` });
    expect({ status: missing.status, stderr: missing.stderr.trim().split('\n') }).toEqual({
      status: 1,
      stderr: ['cannot reach the database at 127.0.0.1:5432/tandem_no_such_database (database "tandem_no_such_database" does not exist)'],
    });
    process.stdout.write(`[start-embedded] the CLI gave up after ${refused.elapsedMs} ms (nothing listening) and ${missing.elapsedMs} ms (no such database), start-up included\n`);
  }, 180_000);
});
