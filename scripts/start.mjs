// `npm start`: Tandem's main job. Migrates the database, loads the demo data outside
// production, then runs the API and the worker, restarting neither silently: if one stops,
// both stop. Without DATABASE_URL it runs on an embedded PostgreSQL kept in .tandem/pgdata.
import { fork, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env };
const children = new Set();
let shuttingDown = false;

function log(message) {
  console.log(JSON.stringify({ level: 30, time: Date.now(), context: 'start', msg: message }));
}

function startEmbeddedDatabase() {
  return new Promise((resolve, reject) => {
    const child = fork(join(root, 'scripts/embedded-postgres.mjs'), [], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.add(child);
    child.once('message', (message) => (message?.ready ? resolve(message.port) : reject(new Error('embedded database failed'))));
    child.once('exit', (code) => reject(new Error(`embedded database exited with ${code}`)));
  });
}

function run(app, args = [], { keepAlive = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'scripts/run.mjs'), app, ...args], { cwd: root, env, stdio: 'inherit' });
    children.add(child);
    child.on('exit', (code, signal) => {
      children.delete(child);
      if (keepAlive && !shuttingDown) {
        log(`${app} stopped (${signal ?? code}); stopping Tandem`);
        shutdown(1);
      }
      if (code === 0) resolve();
      else reject(new Error(`${app} ${args.join(' ')} failed with ${signal ?? code}`));
    });
  });
}

function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  for (const child of children) child.kill('SIGTERM');
  const timer = setTimeout(() => process.exit(code), 15_000);
  const wait = setInterval(() => {
    if ([...children].every((child) => child.exitCode !== null || child.signalCode !== null)) {
      clearInterval(wait);
      clearTimeout(timer);
      process.exit(code);
    }
  }, 100);
}

process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

try {
  if (!env.DATABASE_URL) {
    const port = await startEmbeddedDatabase();
    env.DATABASE_URL = `postgres://postgres@127.0.0.1:${port}/postgres`;
    // The embedded server runs every connection in one session, and messages of two connections'
    // statements can interleave there: each process keeps to one connection, and named prepared
    // statements (which would collide) are off.
    env.DATABASE_POOL_SIZE ??= '1';
    env.DATABASE_PREPARED_STATEMENTS ??= 'false';
    log('DATABASE_URL is not set: using the embedded PostgreSQL (for trying Tandem; use a real server in production)');
  }
  await run('cli', ['migrate']);
  if ((env.NODE_ENV ?? 'development') !== 'production' && env.TANDEM_DEMO_DATA !== 'false') await run('cli', ['seed:demo']);
  run('api', [], { keepAlive: true }).catch(() => undefined);
  run('worker', [], { keepAlive: true }).catch(() => undefined);
} catch (error) {
  console.error(`Tandem could not start: ${error.message}`);
  shutdown(1);
}
