import IORedis from 'ioredis';
import { Client } from 'pg';
import { appEnv, startWorker } from './processes';

export interface OutboxResult {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  /** Until the worker's handler had run for every event (each sets a Redis key). */
  handledSeconds: number;
  handledPerSecond: number;
  /** Events the API wrote during the run, relayed before the measurement started. */
  backlog: number;
  backlogSeconds: number;
}

async function pending(db: Client): Promise<number> {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL`);
  return rows[0].n;
}

async function until(db: Client, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while ((await pending(db)) > 0) {
    if (Date.now() - started > timeoutMs) throw new Error(`outbox not drained after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return (Date.now() - started) / 1000;
}

async function countKeys(redis: IORedis, pattern: string): Promise<number> {
  let cursor = '0';
  let count = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 5000);
    cursor = next;
    count += keys.length;
  } while (cursor !== '0');
  return count;
}

/**
 * Outbox relay throughput: one real worker process drains what the API left, then `rows`
 * `system.ping` events are committed at once and timed until every row is marked sent (relayed
 * to BullMQ), and until the worker has handled every one (the ping handler sets a Redis key).
 */
export async function measureOutbox(root: string, databaseUrl: string, redisUrl: string, queuePrefix: string, rows: number): Promise<OutboxResult> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 2 });
  redis.on('error', () => undefined);
  const worker = startWorker(root, appEnv(databaseUrl, queuePrefix));
  try {
    const backlog = await pending(db);
    const backlogSeconds = await until(db, 180_000);
    await db.query('BEGIN');
    await db.query(`INSERT INTO outbox (topic, payload) SELECT 'system.ping', '{}'::jsonb FROM generate_series(1, $1)`, [rows]);
    await db.query(`SELECT pg_notify('outbox', '')`);
    await db.query('COMMIT');
    const started = Date.now();
    await until(db, 180_000);
    const seconds = (Date.now() - started) / 1000;
    // Stopping the worker with thousands of jobs still queued would only measure its shutdown.
    while ((await countKeys(redis, `${queuePrefix}:ping:*`)) < rows) {
      if (Date.now() - started > 180_000) throw new Error('the worker did not handle every ping within 180 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const handledSeconds = (Date.now() - started) / 1000;
    return {
      rows,
      seconds: Math.round(seconds * 100) / 100,
      rowsPerSecond: Math.round(rows / seconds),
      handledSeconds: Math.round(handledSeconds * 100) / 100,
      handledPerSecond: Math.round(rows / handledSeconds),
      backlog,
      backlogSeconds: Math.round(backlogSeconds * 10) / 10,
    };
  } finally {
    await worker.stop();
    redis.disconnect();
    await db.end().catch(() => undefined);
  }
}

