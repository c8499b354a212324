// Health check of a Tandem worker container (compose.yaml): the worker listens on no port, so its
// health is its heartbeat. The heartbeat job (libs/platform/src/queue/system.processor.ts) runs every
// 30 s on the workers and stamps `<QUEUE_PREFIX>:worker:heartbeat` in Redis; this exits 0 when the
// stamp is at most three intervals old, 1 otherwise (none, stale, unreadable, Redis away), and prints
// one line, which `docker inspect` shows. With several workers the stamp says the workers as a whole
// take jobs; a worker process that dies ends its container, which the restart policy brings back.
/* global process, console, setTimeout */
import IORedis from 'ioredis';

const HEARTBEAT_EVERY_SECONDS = 30;
const MAX_AGE_SECONDS = 3 * HEARTBEAT_EVERY_SECONDS;
// Docker kills a check at its timeout without a word: give up first, and say why.
const GIVE_UP_MS = 2_500;

const prefix = process.env.QUEUE_PREFIX || 'tandem';
const redis = new IORedis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', {
  lazyConnect: true,
  connectTimeout: 2_000,
  maxRetriesPerRequest: 0,
  retryStrategy: () => null,
});
redis.on('error', () => undefined);

function finish(status, line) {
  console.log(line);
  redis.disconnect();
  process.exit(status);
}

setTimeout(() => finish(1, 'Redis unreachable: no answer in time'), GIVE_UP_MS).unref();

let stamp;
try {
  await redis.connect();
  stamp = await redis.get(`${prefix}:worker:heartbeat`);
} catch (error) {
  finish(1, `Redis unreachable: ${error.code ?? error.message}`);
}
if (stamp === null) finish(1, 'no worker heartbeat in Redis');
const at = Date.parse(stamp);
if (Number.isNaN(at)) finish(1, 'worker heartbeat unreadable');
const age = Math.max(0, Math.round((Date.now() - at) / 1000));
if (age > MAX_AGE_SECONDS) finish(1, `worker heartbeat ${age} s ago, more than ${MAX_AGE_SECONDS} s`);
finish(0, `worker heartbeat ${age} s ago`);
