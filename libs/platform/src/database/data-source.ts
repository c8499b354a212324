import { DataSource, DataSourceOptions, MigrationExecutor } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { MigrationSealer } from './migration-sealer';
import { MIGRATIONS } from './migrations';

export { MIGRATIONS };
export type { MigrationSealer };

/**
 * The data source options every app shares. The schema comes only from migrations. Apps act as
 * `DATABASE_ROLE` (insert and select only on the audit trail); migrations and retention act as
 * the login user, the schema's owner.
 */
export function dataSourceOptions(config: AppConfig, applicationName: string, asOwner = false): DataSourceOptions {
  const role = asOwner ? '' : config.values.DATABASE_ROLE;
  return {
    type: 'postgres',
    url: config.values.DATABASE_URL,
    applicationName: `tandem-${applicationName}`,
    entities: [],
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    uuidExtension: 'pgcrypto',
    logging: false,
    extra: {
      max: config.values.DATABASE_POOL_SIZE,
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: 30_000,
      ...(role ? { options: `-c role=${role}` } : {}),
    },
  };
}

export function createDataSource(config: AppConfig, applicationName: string, asOwner = false): DataSource {
  return new DataSource(dataSourceOptions(config, applicationName, asOwner));
}

/**
 * Runs every pending migration and returns the names of those it ran. A migration that seals
 * personal data already stored in the clear needs the application's cipher (`sealer`); on a
 * database with no such rows it runs without one.
 */
export async function runMigrations(config: AppConfig, sealer?: MigrationSealer): Promise<string[]> {
  const dataSource = createDataSource(config, 'migrate', true);
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  // Every migration is handed this query runner: its `data` is how a migration reaches the sealer.
  runner.data = { sealer };
  try {
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    const ran = await executor.executePendingMigrations();
    return ran.map((migration) => migration.name);
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
}
