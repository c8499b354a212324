// `npm start` as the README runs it: without DATABASE_URL, on the embedded PostgreSQL (PGlite)
// in a folder of the test's own. The whole tree (npm, the start script, the embedded database,
// the API and the worker) must go away when npm alone is sent SIGTERM or SIGINT, leaving the
// data folder shut down cleanly; the CLI must find the running embedded database by itself.
// Concurrent GraphQL reads and writes, and jobs through the outbox, all answer correctly while the
// API, the worker and the CLI share the embedded database. The console it builds is served at /.
// Slow (a build, a PGlite start, the demo data): one suite, and it kills what it started even
// when a test fails.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { lockNpmStart } from './support/build-lock';
import { launchChromium } from './support/console';
import { StartedTree } from './support/process-tree';
import { freePort, waitFor } from './support/worker-doubles';

const root = join(__dirname, '..');

/** PostgreSQL's control file says whether the cluster was shut down (1) or is in use or crashed (6, in production). */
function clusterState(dataDir: string): number {
  return readFileSync(join(dataDir, 'global', 'pg_control')).readUInt32LE(16);
}
const DB_SHUTDOWNED = 1;

/** One `npm start`, its output kept for the message of a failing test. */
class NpmStart extends StartedTree {
  constructor(env: NodeJS.ProcessEnv) {
    super('npm', ['start'], { cwd: root, env });
  }
}

describe('npm start on the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-start-'));
  const dataDir = join(dir, 'pgdata');
  const started = new Set<NpmStart>();
  let env: NodeJS.ProcessEnv;
  let unlock: (() => void) | undefined;

  beforeAll(async () => {
    unlock = await lockNpmStart();
    // The CLI run beside npm start uses its queue prefix, to reach its worker.
    env = { ...process.env, TANDEM_EMBEDDED_DATA: dataDir, LOG_LEVEL: 'warn', QUEUE_PREFIX: `${process.env.QUEUE_PREFIX ?? 'tandem-test'}-start` };
    for (const name of ['DATABASE_URL', 'DATABASE_POOL_SIZE', 'DATABASE_PREPARED_STATEMENTS', 'TANDEM_EMBEDDED_PORT']) delete env[name];
  }, 1_000_000);

  afterAll(() => {
    for (const run of started) run.killAll();
    rmSync(dir, { recursive: true, force: true });
    unlock?.();
  });

  /** Starts `npm start` on free ports and waits for the API to be ready. */
  async function start(): Promise<{ run: NpmStart; apiPort: number; databasePort: number }> {
    const apiPort = await freePort();
    const databasePort = await freePort();
    const run = new NpmStart({
      ...env,
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      TANDEM_EMBEDDED_PORT: String(databasePort),
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
    return { run, apiPort, databasePort };
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

  /** One GraphQL operation over HTTP. */
  async function graphql<T>(apiPort: number, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<{ data?: T; errors?: unknown[] }> {
    const response = await fetch(`http://127.0.0.1:${apiPort}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: T; errors?: unknown[] };
  }

  /** The CLI without blocking this process, so that it runs beside the requests. */
  function cliAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn('npm', ['run', '-s', 'cli', '--', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('exit', (status) => resolve({ status, stdout, stderr }));
    });
  }

  it('SIGTERM to npm stops the whole tree and shuts the embedded database down cleanly; the CLI finds the running database by itself', async () => {
    const { run, apiPort, databasePort } = await start();
    expect(clusterState(dataDir)).not.toBe(DB_SHUTDOWNED);

    // The API, the worker, the CLI and this test share the embedded database: 150 concurrent
    // requests (100 lists, 50 new cases, each starting its review clock, an outbox event) and
    // three pings through the outbox to the worker all answer, each with its own answer.
    const database = new Client({ connectionString: `postgres://postgres@127.0.0.1:${databasePort}/postgres` });
    database.on('error', () => undefined);
    await database.connect();
    const count = async (sql: string) => (await database.query<{ n: number }>(sql)).rows[0]!.n;
    const casesBefore = await count('SELECT count(*)::int AS n FROM case_file');
    const login = await graphql<{ login: { accessToken: string } }>(apiPort, `mutation { login(email: "cw.staff1@stl.tandem.demo", password: "Demo-Password-2026!") { accessToken } }`);
    const token = login.data!.login.accessToken;
    const began = Date.now();
    const pings = [0, 1, 2].map(() => cliAsync(['queue:ping']));
    try {
      const answers = await Promise.all(
        Array.from({ length: 150 }, async (_, n) => {
          if (n % 3 === 2) {
            const legalName = `Concurrent Child ${n}`;
            const created = await graphql<{ createCase: { id: string; child: { legalName: string } } }>(
              apiPort,
              `mutation($input: CreateCaseInput!) { createCase(input: $input) { id child { legalName } } }`,
              { input: { child: { legalName, dateOfBirth: '2012-03-04' } } },
              token,
            );
            return created.errors ?? (created.data?.createCase.child.legalName === legalName ? 'ok' : created);
          }
          const listed = await graphql<{ cases: { edges: { node: { id: string } }[] } }>(apiPort, `{ cases(first: 10) { edges { node { id caseNumber } } } }`, {}, token);
          return listed.errors ?? (listed.data!.cases.edges.length > 0 ? 'ok' : listed);
        }),
      );
      const pinged = await Promise.all(pings);
      const elapsed = Date.now() - began;
      expect(answers.filter((answer) => answer !== 'ok')).toEqual([]);
      expect(pinged.map((ping) => [ping.status, /worker answered in \d+ ms/.test(ping.stdout), ping.stderr])).toEqual([
        [0, true, ''],
        [0, true, ''],
        [0, true, ''],
      ]);
      expect(await count('SELECT count(*)::int AS n FROM case_file')).toBe(casesBefore + 50);
      // Every event those writes stored reaches the queues: the worker's relay empties the outbox.
      await waitFor('the outbox to be relayed', async () => (await count('SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL')) === 0, 60_000, 250);
      process.stdout.write(`[start-embedded] 150 concurrent requests and 3 pings through the worker: ${elapsed} ms\n`);
    } finally {
      await database.end().catch(() => undefined);
    }

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

    // The console, built by npm start and served at /: a demo shelter caseworker signs in and finds
    // the emergency-shelter referral waiting in the inbox.
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ baseURL: `http://127.0.0.1:${apiPort}` });
      await page.goto('/');
      await page.getByRole('link', { name: 'Staff sign-in' }).first().click();
      await page.getByLabel('Email').fill('sh.staff1@stl.tandem.demo');
      await page.getByLabel(/^Password/).fill('Demo-Password-2026!');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL('**/inbox');
      const inbox = await page.getByTestId('inbox').textContent();
      expect(inbox).toContain('emergency shelter');
    } finally {
      await browser.close();
    }

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
