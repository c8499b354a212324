import { randomBytes } from 'node:crypto';
import { AppConfig, runMigrations } from '@tandem/platform';
import { Client } from 'pg';

/** The server the test run makes its own database on (trust auth on these machines). */
export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export function newRunId(): string {
  return `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A database of the suite's own, migrated, beside the run's shared one, with a queue prefix of
 * its own: for suites that move the clock by days and sweep every deadline, or kill Redis, so
 * that they never touch what other suites running at the same time are doing. The global
 * teardown drops it with the run's database.
 */
export async function isolatedDatabase(suffix: string): Promise<{ DATABASE_URL: string; QUEUE_PREFIX: string }> {
  const name = `${process.env.TANDEM_TEST_DATABASE}_${suffix}`;
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${name}`);
  const env = { DATABASE_URL: databaseUrl(name), QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}-${suffix}` };
  await runMigrations(AppConfig.fromEnv({ ...process.env, ...env }));
  return env;
}
