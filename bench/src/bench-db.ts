import { Client } from 'pg';

/** The database server's URL with another database name. */
export function databaseUrl(baseUrl: string, name: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const NAME = /^tandem_bench_[a-z0-9_]+$/;

function checked(name: string): string {
  if (!NAME.test(name)) throw new Error(`refusing to touch database "${name}": bench databases are named tandem_bench_*`);
  return name;
}

/** Runs `work` with a connection to the server's maintenance database. */
export async function withServer<T>(baseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: baseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function createDatabase(baseUrl: string, name: string, template?: string): Promise<void> {
  await withServer(baseUrl, (client) =>
    client.query(`CREATE DATABASE ${checked(name)}${template ? ` TEMPLATE ${checked(template)} STRATEGY FILE_COPY` : ''}`),
  );
}

export async function dropDatabase(baseUrl: string, name: string): Promise<void> {
  await withServer(baseUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${checked(name)} WITH (FORCE)`));
}

export async function databaseExists(baseUrl: string, name: string): Promise<{ exists: boolean; comment: string | null }> {
  return withServer(baseUrl, async (client) => {
    const { rows } = await client.query(`SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`, [name]);
    return { exists: rows.length > 0, comment: rows[0]?.comment ?? null };
  });
}

export async function commentOnDatabase(baseUrl: string, name: string, comment: string): Promise<void> {
  await withServer(baseUrl, (client) => client.query(`COMMENT ON DATABASE ${checked(name)} IS ${client.escapeLiteral(comment)}`));
}

/** Every bench database on the server (`npm run bench -- clean` drops them). */
export async function benchDatabases(baseUrl: string): Promise<string[]> {
  return withServer(baseUrl, async (client) => {
    const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE 'tandem\\_bench\\_%' ORDER BY datname`);
    return rows.map((row: { datname: string }) => row.datname);
  });
}
