// A private Redis for `npm start` when REDIS_URL is unset and none answers on the default port:
// `redis-server` from the PATH, on 127.0.0.1 only, with the eviction policy the queues need
// (noeviction) and its data in a local folder. Started by scripts/start.mjs with an IPC channel:
// it says `{ ready, port }` once Redis answers PING, stops Redis on SIGTERM or SIGINT, and stops
// it too if start.mjs goes away.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pingRedis } from './redis-probe.mjs';

const port = Number(process.env.TANDEM_REDIS_PORT);
const dataDir = resolve(process.env.TANDEM_REDIS_DATA || '.tandem/redis');
const READY_WITHIN_MS = 15_000;
mkdirSync(dataDir, { recursive: true });

const redis = spawn(
  process.env.TANDEM_REDIS_SERVER || 'redis-server',
  ['--bind', '127.0.0.1', '--port', String(port), '--dir', dataDir, '--maxmemory-policy', 'noeviction', '--protected-mode', 'yes', '--daemonize', 'no', '--loglevel', 'warning', '--logfile', ''],
  { stdio: ['ignore', 'inherit', 'inherit'] },
);
const exited = new Promise((done) => redis.once('exit', (code, signal) => done(code ?? (signal ? 1 : 0))));
redis.once('error', (error) => {
  console.error(`redis-server could not be started: ${error.message}`);
  process.exit(1);
});
void exited.then((code) => process.exit(code));

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  // Redis saves its data and exits on SIGTERM.
  redis.kill('SIGTERM');
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.on('disconnect', stop);

const deadline = Date.now() + READY_WITHIN_MS;
while ((await pingRedis('127.0.0.1', port)) !== 'redis') {
  if (stopping || redis.exitCode !== null) break;
  if (Date.now() > deadline) {
    console.error(`redis-server did not answer on 127.0.0.1:${port} within ${READY_WITHIN_MS / 1000} s`);
    stop();
    break;
  }
  await new Promise((done) => setTimeout(done, 100));
}
if (!stopping && redis.exitCode === null) {
  process.send?.({ ready: true, port });
  console.log(`private Redis on 127.0.0.1:${port}, data in ${dataDir}`);
}
