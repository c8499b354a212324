import './register-paths';
import { AppConfig, runMigrations } from '@tandem/platform';
import { ensureConsoleBuilt } from './console-build';
import { adminQuery, databaseUrl, newRunId } from './test-database';

/** A fresh database, migrated, a Redis key prefix of its own, and the web console built, for this test run. */
export default async function globalSetup(): Promise<void> {
  ensureConsoleBuilt();
  const runId = newRunId();
  const name = `tandem_test_${runId}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  process.env.TANDEM_TEST_DATABASE = name;
  process.env.DATABASE_URL = databaseUrl(name);
  process.env.QUEUE_PREFIX = `tandem-test-${runId}`;
  process.env.NODE_ENV = 'test';
  process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
  process.env.RATE_LIMIT_PER_MINUTE ??= '100000';
  process.env.LOGIN_RATE_LIMIT_PER_MINUTE ??= '100000';
  await runMigrations(AppConfig.fromEnv());
}
