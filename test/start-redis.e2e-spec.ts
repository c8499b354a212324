// `npm start` without REDIS_URL: it uses the Redis that answers on the default port, and when none
// does, starts a private redis-server from the PATH (loopback only, noeviction, its data in a folder
// of its own), on that port when nothing listens there and on a free one when something else does,
// and stops it with the rest. Without redis-server it says in one line how to install it.
// The default port is moved off 6379 with TANDEM_REDIS_DEFAULT_PORT, so that the machine's Redis is
// never touched; the database is a PostgreSQL database of this suite's own.
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { lockNpmStart } from './support/build-lock';
import { StartedTree } from './support/process-tree';
import { isolatedDatabase } from './support/test-database';
import { freePort, waitFor } from './support/worker-doubles';

const root = join(__dirname, '..');

/** `node scripts/start.mjs`, its output kept, every process of its tree remembered. */
class Start extends StartedTree {
  constructor(env: NodeJS.ProcessEnv) {
    super(process.execPath, [join(root, 'scripts/start.mjs')], { cwd: root, env });
  }
}

async function ping(port: number): Promise<boolean> {
  const redis = new IORedis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

describe('npm start without REDIS_URL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-redis-'));
  const started = new Set<Start>();
  const servers: Server[] = [];
  let env: NodeJS.ProcessEnv;
  let unlock: (() => void) | undefined;

  beforeAll(async () => {
    unlock = await lockNpmStart();
    const database = await isolatedDatabase('start_redis');
    env = { ...process.env, ...database, TANDEM_DEMO_DATA: 'false', LOG_LEVEL: 'warn', HOST: '127.0.0.1' };
    delete env.REDIS_URL;
  }, 1_000_000);

  afterAll(() => {
    for (const run of started) run.killAll();
    for (const server of servers) server.close();
    rmSync(dir, { recursive: true, force: true });
    unlock?.();
  });

  async function start(extra: NodeJS.ProcessEnv): Promise<{ run: Start; apiPort: number }> {
    const apiPort = await freePort();
    const run = new Start({ ...env, PORT: String(apiPort), ...extra });
    started.add(run);
    await waitFor(
      'the API to be ready (PostgreSQL and Redis)',
      async () => {
        run.snapshot();
        if (run.child.exitCode !== null || run.child.signalCode !== null) throw new Error(`start.mjs exited early: ${run.output.slice(-3000)}`);
        return fetch(`http://127.0.0.1:${apiPort}/health/ready`).then((response) => response.ok, () => false);
      },
      240_000,
      500,
    );
    await waitFor('the worker to start', () => run.snapshot().some((proc) => proc.command.includes('apps/worker/src/main.js')), 60_000, 200);
    return { run, apiPort };
  }

  async function everyProcessEnds(run: Start): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    await waitFor('every process of the tree to end', () => run.running().length === 0, 45_000, 100).catch(() => {
      throw new Error(`still running: ${run.running().map((proc) => proc.command).join('; ')}`);
    });
    return run.exited;
  }

  it('without redis-server on the PATH, says in one line how to install it and exits 1', async () => {
    // A PATH that holds node and nothing else; nothing answers on the default port.
    const bin = join(dir, 'bin');
    rmSync(bin, { recursive: true, force: true });
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const defaultPort = await freePort();
    const run = new Start({ ...env, PATH: bin, TANDEM_REDIS_DEFAULT_PORT: String(defaultPort) });
    started.add(run);
    const { code } = await run.exited;
    expect({ code, stderr: run.stderr.trim().split('\n'), output: run.output.trim().split('\n').length }).toEqual({
      code: 1,
      stderr: [expect.stringMatching(new RegExp(`nothing answers on 127\\.0\\.0\\.1:${defaultPort} .*redis-server is not on the PATH.*apt install redis-server.*brew install redis`))],
      output: 1,
    });
  }, 60_000);

  it('with nothing on the default port, runs a private Redis there (loopback, noeviction, its own folder) and stops it when the API dies', async () => {
    const defaultPort = await freePort();
    const data = join(dir, 'redis-a');
    const { run } = await start({ TANDEM_REDIS_DEFAULT_PORT: String(defaultPort), TANDEM_REDIS_DATA: data });
    const redisProc = run.snapshot().find((proc) => proc.command.startsWith('redis-server') || proc.command.includes('/redis-server'));
    expect(redisProc?.command).toContain(`127.0.0.1:${defaultPort}`);

    const redis = new IORedis({ host: '127.0.0.1', port: defaultPort, maxRetriesPerRequest: 1, retryStrategy: () => null });
    redis.on('error', () => undefined);
    const config = Object.fromEntries(
      await Promise.all(['maxmemory-policy', 'bind', 'dir'].map(async (name) => (await redis.config('GET', name)) as [string, string])),
    );
    // The apps' queues are there: the worker's keys are in this Redis.
    const keys = await redis.keys(`${env.QUEUE_PREFIX}:*`);
    redis.disconnect();
    expect({ config, queueKeys: keys.length > 0 }).toEqual({ config: { 'maxmemory-policy': 'noeviction', bind: '127.0.0.1', dir: data }, queueKeys: true });

    // The API dies: Tandem stops, the private Redis with it, and says so with a non-zero status.
    const api = run.snapshot().find((proc) => proc.command.includes('apps/api/src/main.js'))!;
    process.kill(api.pid, 'SIGKILL');
    const { code } = await everyProcessEnds(run);
    expect({ code, redisAnswers: await ping(defaultPort) }).toEqual({ code: 1, redisAnswers: false });
  }, 420_000);

  it('with something other than Redis on the default port, runs the private Redis on a free port, leaves that port alone, and stops on SIGTERM with its data saved', async () => {
    const defaultPort = await freePort();
    // Not Redis: answers anything with a line of its own.
    const other = createServer((socket) => socket.end('HELLO FROM SOMETHING ELSE\r\n'));
    servers.push(other);
    await new Promise<void>((resolve) => other.listen(defaultPort, '127.0.0.1', resolve));
    const data = join(dir, 'redis-b');
    const { run } = await start({ TANDEM_REDIS_DEFAULT_PORT: String(defaultPort), TANDEM_REDIS_DATA: data });

    const chosen = Number(/using a private Redis on 127\.0\.0\.1:(\d+)/.exec(run.output)?.[1]);
    expect(chosen).not.toBe(defaultPort);
    expect(await ping(chosen)).toBe(true);

    run.child.kill('SIGTERM');
    const { code } = await everyProcessEnds(run);
    expect({ code, redisAnswers: await ping(chosen), otherListens: other.listening, saved: existsSync(join(data, 'dump.rdb')) }).toEqual({
      code: 0,
      redisAnswers: false,
      otherListens: true,
      saved: true,
    });
  }, 420_000);
});
