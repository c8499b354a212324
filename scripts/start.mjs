// `npm start`: Tandem's main job. Builds the API and the web console, migrates the database, loads the demo data outside
// production, then runs the API and the worker, restarting neither silently: if one stops,
// everything stops. Without DATABASE_URL it runs on an embedded PostgreSQL kept in .tandem/pgdata;
// without REDIS_URL, and with nothing answering on 127.0.0.1:6379, on a private Redis of its own
// (redis-server from the PATH, its data in .tandem/redis).
//
// SIGTERM, SIGINT or SIGHUP stop the whole tree, in order: the API and the worker first (the
// worker lets its active jobs finish), then the embedded database, which shuts its cluster down,
// and the private Redis, which saves its data.
// Each child runs in a process group of its own, so that a Ctrl-C in the terminal reaches this
// script alone and the order holds; a child that does not stop in time is killed with its group.
import { fork, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findOnPath, freePort, pingRedis } from './redis-probe.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env };
const STOP_APPS_WITHIN_MS = 20_000;
const STOP_DATABASE_WITHIN_MS = 10_000;
/** The build, the CLI steps, the API and the worker; the embedded database and the private Redis are kept apart and stopped last. */
const children = new Set();
let database = null;
let redis = null;
let stopping = false;
let signalled = false;

function log(message) {
  console.log(JSON.stringify({ level: 30, time: Date.now(), context: 'start', msg: message }));
}

const running = (child) => child.exitCode === null && child.signalCode === null;

function watch(child, name) {
  child.label = name;
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return child;
}

/** A child in a process group of its own, with an IPC channel: it stops by itself if this script dies. */
function launch(name, script, args = []) {
  if (stopping) throw new Error(`not starting ${name}: Tandem is stopping`);
  const child = spawn(process.execPath, [join(root, script), ...args], { cwd: root, env, detached: true, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(watch(child, name));
  void child.exited.then(() => children.delete(child));
  return child;
}

/** Runs one step to its end; a step that fails stops the start. */
async function step(name, script, args) {
  const { code, signal } = await launch(name, script, args).exited;
  if (code !== 0) throw new Error(`${name} failed with ${signal ?? code}`);
}

/** Runs an app for as long as Tandem runs: if it stops by itself, Tandem stops. */
function keep(app) {
  const child = launch(app, 'scripts/run.mjs', [app]);
  void child.exited.then(({ code, signal }) => {
    if (stopping) return;
    log(`${app} stopped (${signal ?? code}); stopping Tandem`);
    void stop(1);
  });
}

/** A service kept for as long as Tandem runs (the embedded database, the private Redis): resolves with its ready message. */
function startService(name, script, childEnv = env) {
  if (stopping) throw new Error(`not starting ${name}: Tandem is stopping`);
  const child = watch(fork(join(root, script), [], { cwd: root, env: childEnv, detached: true, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }), name);
  const ready = new Promise((resolve, reject) => {
    child.once('message', (message) => (message?.ready ? resolve(message) : reject(new Error(`${name} failed to start`))));
    void child.exited.then(({ code, signal }) => {
      reject(new Error(`${name} exited with ${signal ?? code}`));
      if (stopping) return;
      log(`${name} stopped (${signal ?? code}); stopping Tandem`);
      void stop(1);
    });
  });
  return { child, ready };
}

function startEmbeddedDatabase() {
  const { child, ready } = startService('the embedded database', 'scripts/embedded-postgres.mjs');
  database = child;
  return ready;
}

/** Says how to get Redis when Tandem needs one and cannot start its own. */
class RedisMissing extends Error {}

/**
 * Without REDIS_URL: the Redis that answers on the default port (6379; TANDEM_REDIS_DEFAULT_PORT
 * says otherwise), or a private redis-server of Tandem's own, on that port when nothing listens
 * there and on a free one when something else does.
 */
async function ensureRedis() {
  if (env.REDIS_URL) return;
  const defaultPort = Number(env.TANDEM_REDIS_DEFAULT_PORT || 6379);
  const found = await pingRedis('127.0.0.1', defaultPort);
  if (found === 'redis') {
    env.REDIS_URL = `redis://127.0.0.1:${defaultPort}`;
    return;
  }
  const server = findOnPath('redis-server', env.PATH);
  if (!server) {
    throw new RedisMissing(
      `Tandem needs Redis: REDIS_URL is not set, nothing answers on 127.0.0.1:${defaultPort} and redis-server is not on the PATH; install it (Debian/Ubuntu: sudo apt install redis-server; macOS: brew install redis) or set REDIS_URL`,
    );
  }
  const port = found === 'nothing' ? defaultPort : await freePort();
  if (found === 'other') log(`something other than Redis listens on 127.0.0.1:${defaultPort}: the private Redis takes port ${port}`);
  const { child, ready } = startService('the private Redis', 'scripts/embedded-redis.mjs', { ...env, TANDEM_REDIS_SERVER: server, TANDEM_REDIS_PORT: String(port) });
  redis = child;
  await ready;
  env.REDIS_URL = `redis://127.0.0.1:${port}`;
  log(`REDIS_URL is not set and no Redis answers on 127.0.0.1:${defaultPort}: using a private Redis on 127.0.0.1:${port}`);
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
}

/** Sends SIGTERM to each child's group and waits; a child still running after `withinMs` is killed with its group. */
async function stopAll(list, withinMs) {
  const alive = list.filter(running);
  for (const child of alive) signalGroup(child, 'SIGTERM');
  let timer;
  const late = new Promise((resolve) => (timer = setTimeout(resolve, withinMs)));
  await Promise.race([Promise.all(alive.map((child) => child.exited)), late]);
  clearTimeout(timer);
  for (const child of alive.filter(running)) {
    log(`${child.label} did not stop within ${withinMs / 1000} s: killing it`);
    signalGroup(child, 'SIGKILL');
  }
  await Promise.all(alive.map((child) => child.exited));
}

async function stop(code) {
  if (stopping) return;
  stopping = true;
  await stopAll([...children], STOP_APPS_WITHIN_MS);
  await stopAll([database, redis].filter(Boolean), STOP_DATABASE_WITHIN_MS);
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (stopping) return;
    signalled = true;
    log(`${signal}: stopping Tandem`);
    void stop(0);
  });
}

try {
  await ensureRedis();
  await step('build', 'scripts/build.mjs');
  await step('build console', 'scripts/build-console.mjs');
  if (!env.DATABASE_URL) {
    const { port, settings } = await startEmbeddedDatabase();
    env.DATABASE_URL = `postgres://postgres@127.0.0.1:${port}/postgres`;
    for (const [name, value] of Object.entries(settings ?? {})) if (!env[name]) env[name] = value;
    log('DATABASE_URL is not set: using the embedded PostgreSQL (for trying Tandem; use a real server in production)');
  }
  await step('migrate', 'scripts/run.mjs', ['cli', 'migrate']);
  if ((env.NODE_ENV ?? 'development') !== 'production' && env.TANDEM_DEMO_DATA !== 'false') await step('seed:demo', 'scripts/run.mjs', ['cli', 'seed:demo']);
  keep('api');
  keep('worker');
} catch (error) {
  if (error instanceof RedisMissing) console.error(error.message);
  else if (!signalled) console.error(`Tandem could not start: ${error.message}`);
  await stop(signalled ? 0 : 1);
}
