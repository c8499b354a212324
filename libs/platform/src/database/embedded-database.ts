import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { AppConfig } from '../config/app-config';

/** Where `npm start` keeps the embedded PostgreSQL's data unless TANDEM_EMBEDDED_DATA says otherwise. */
export const EMBEDDED_DATA_DIR = '.tandem/pgdata';
/** Written into the data folder by scripts/embedded-postgres.mjs while its server runs. */
export const EMBEDDED_SERVER_FILE = 'tandem-embedded.json';

/** The embedded database's folder, and whether its server is running. */
export interface EmbeddedDatabase {
  dataDir: string;
  running: boolean;
}

interface ServerFile {
  pid: number;
  host: string;
  port: number;
  database: string;
  user: string;
  settings: Record<string, string>;
}

function isServerFile(value: unknown): value is ServerFile {
  const file = value as Partial<ServerFile> | null;
  return (
    typeof file === 'object' && file !== null && Number.isInteger(file.pid) && Number.isInteger(file.port) &&
    typeof file.host === 'string' && typeof file.database === 'string' && typeof file.user === 'string' &&
    typeof file.settings === 'object' && file.settings !== null
  );
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readServerFile(dataDir: string): ServerFile | null {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(dataDir, EMBEDDED_SERVER_FILE), 'utf8'));
    return isServerFile(parsed) && processRuns(parsed.pid) ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * The environment of a command run beside `npm start`: when DATABASE_URL is unset and the
 * embedded database of TANDEM_EMBEDDED_DATA (relative to `cwd`) is running, its address and the
 * connection settings it needs (one connection, no named prepared statements) unless set.
 */
export function withEmbeddedDatabase(env: NodeJS.ProcessEnv, cwd = process.cwd()): { env: NodeJS.ProcessEnv; embedded: EmbeddedDatabase | null } {
  if (env.DATABASE_URL) return { env, embedded: null };
  const dataDir = resolve(cwd, env.TANDEM_EMBEDDED_DATA || EMBEDDED_DATA_DIR);
  try {
    if (!statSync(dataDir).isDirectory()) return { env, embedded: null };
  } catch {
    return { env, embedded: null };
  }
  const server = readServerFile(dataDir);
  if (!server) return { env, embedded: { dataDir, running: false } };
  const found: NodeJS.ProcessEnv = { ...env, DATABASE_URL: `postgres://${server.user}@${server.host}:${server.port}/${server.database}` };
  for (const [name, value] of Object.entries(server.settings)) if (!found[name]) found[name] = value;
  return { env: found, embedded: { dataDir, running: true } };
}

/** The database could not be reached; the message is one line and carries no password. */
export class DatabaseUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnreachableError';
  }
}

/** host:port/database of a connection URL, without its credentials. */
export function databaseAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'the configured address';
  }
}

function reason(error: unknown): string {
  const failure = error as (Error & { code?: string; errors?: Error[] }) | undefined;
  const text = failure?.message || failure?.errors?.[0]?.message || failure?.code || String(error);
  return text.split('\n')[0]!;
}

/**
 * One connection attempt, a few seconds at most: a command that cannot reach its database says so
 * at once, in one line, instead of retrying with a stack trace each time.
 */
export async function checkDatabase(config: AppConfig, embedded: EmbeddedDatabase | null = null, timeoutMs = 5_000): Promise<void> {
  const client = new Client({ connectionString: config.values.DATABASE_URL, connectionTimeoutMillis: timeoutMs, application_name: 'tandem-check' });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const hint = embedded && !embedded.running ? `; the embedded database of ${embedded.dataDir} is not running: start Tandem with "npm start", or set DATABASE_URL` : '';
    throw new DatabaseUnreachableError(`cannot reach the database at ${databaseAddress(config.values.DATABASE_URL)} (${reason(error)})${hint}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
