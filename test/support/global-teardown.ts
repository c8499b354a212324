import './register-paths';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { ADMIN_DATABASE_URL, adminQuery } from './test-database';

/** Drops the run's database and its Redis keys (kept with TEST_KEEP_DATABASE=1 for a post-mortem). */
export default async function globalTeardown(): Promise<void> {
  const name = process.env.TANDEM_TEST_DATABASE;
  if (name && process.env.TEST_KEEP_DATABASE !== '1') {
    // The run's database and the suites' own databases beside it (isolatedDatabase).
    const client = new Client({ connectionString: ADMIN_DATABASE_URL });
    await client.connect();
    const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [name, `${name}\\_%`]);
    await client.end();
    for (const row of rows as { datname: string }[]) await adminQuery(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
  }
  const prefix = process.env.QUEUE_PREFIX;
  if (prefix?.startsWith('tandem-test-')) {
    const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      let cursor = '0';
      do {
        // The run's own prefix and those of its suites' isolated apps (`<prefix>_<app>-<suffix>:`).
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}[-:_]*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } catch {
      // Redis may be down on purpose in a fault test; nothing to clean then.
    } finally {
      redis.disconnect();
    }
  }
}
