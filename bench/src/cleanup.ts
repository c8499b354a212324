import IORedis from 'ioredis';

/**
 * What must not outlive an interrupted run (spawned processes, the run's database): a run
 * registers it here, and Ctrl-C or SIGTERM undoes it before the benchmark exits.
 */
const tasks = new Set<() => Promise<void>>();

export function onInterrupt(task: () => Promise<void>): () => void {
  tasks.add(task);
  return () => tasks.delete(task);
}

export function installInterruptHandlers(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up...`);
      void Promise.allSettled([...tasks].reverse().map((task) => task())).then(() => process.exit(130));
    });
  }
}

/** Removes the run's keys (queues, pings, rate counters) from Redis. */
export async function clearRedisPrefix(redisUrl: string, prefix: string): Promise<number> {
  const redis = new IORedis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  redis.on('error', () => undefined);
  let removed = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) removed += await redis.del(...keys);
    } while (cursor !== '0');
  } catch {
    // Redis cleanup is best effort.
  } finally {
    redis.disconnect();
  }
  return removed;
}
