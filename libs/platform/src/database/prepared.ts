import { createHash } from 'node:crypto';
import { onPool, poolOf } from './sql';
import { Tx } from './transactions';

type PgClient = { query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }> };

/**
 * Runs a statement as a prepared statement of the transaction's connection: parsed and planned
 * once per connection (PostgreSQL keeps a plan per statement), not on every call. The name is
 * derived from the text unless given. Outside a transaction it runs on a connection of the pool, in one of the request's turns.
 * Where the server cannot keep prepared statements (`enabled` false: the embedded PostgreSQL), it
 * is an ordinary query.
 */
export async function queryPrepared<T = Record<string, unknown>>(tx: Tx, text: string, values: unknown[], enabled: boolean, name?: string): Promise<T[]> {
  if (!enabled) return tx.query(text, values);
  const statement = { name: name ?? `tandem_${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`, text, values };
  if (tx.queryRunner?.isTransactionActive) {
    return ((await (tx.queryRunner as unknown as { databaseConnection: PgClient }).databaseConnection.query(statement)).rows as T[]);
  }
  const pool = poolOf(tx);
  if (pool) return (await onPool(pool, statement)).rows as T[];
  const runner = tx.connection.createQueryRunner();
  try {
    await runner.connect();
    return (await (runner as unknown as { databaseConnection: PgClient }).databaseConnection.query(statement)).rows as T[];
  } finally {
    await runner.release();
  }
}
