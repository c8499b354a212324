import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { MIGRATIONS } from './migrations';

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

/** Runs every pending migration and returns the names of those it ran. */
export async function runMigrations(config: AppConfig): Promise<string[]> {
  const dataSource = createDataSource(config, 'migrate', true);
  await dataSource.initialize();
  try {
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    return ran.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
