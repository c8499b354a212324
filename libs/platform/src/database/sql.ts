import { RequestContext } from '../context/request-context';
import { Tx } from './transactions';


/** What a statement gave back: its rows (SELECT, or `RETURNING`) and how many rows it touched. */
export interface StatementResult<Row> {
  rows: Row[];
  count: number;
}

type StructuredRunner = { query(text: string, values: readonly unknown[] | undefined, structured: true): Promise<{ records?: unknown[]; affected?: number }> };

/** node-postgres's pool, as TypeORM's PostgreSQL driver keeps it. */
export type PgPool = { query(config: { text: string; values?: unknown[]; name?: string }): Promise<{ rows: unknown[]; rowCount: number | null }> };

/**
 * The pool of connections under the data source, for a statement outside a transaction: it runs on a
 * connection of the pool directly, in one of its request's turns (REQUEST_STATEMENTS). TypeORM's way (a query runner made, connected, its query events
 * broadcast, released, for each statement) costs more CPU than the small reads of a request do
 * themselves. `null` where the driver keeps no such pool.
 */
export function poolOf(tx: Tx): PgPool | null {
  return (tx.connection?.driver as unknown as { master?: PgPool } | undefined)?.master ?? null;
}

/** Runs a statement on a connection of the pool, in one of the request's turns: a request runs a few at once, the rest wait (REQUEST_STATEMENTS). */
export async function onPool(pool: PgPool, config: { text: string; values?: unknown[]; name?: string }): Promise<{ rows: unknown[]; rowCount: number | null }> {
  const turns = RequestContext.statementTurns();
  const wait = turns?.take();
  if (wait) await wait;
  try {
    return await pool.query(config);
  } finally {
    turns?.give();
  }
}

/**
 * Runs one statement on the transaction's connection (outside a transaction, on a connection of
 * the pool, given back at once: {@link poolOf}) and returns its rows typed as the caller's row type. The rows come
 * back the same way whatever the statement is: TypeORM's own `query` answers an UPDATE or a DELETE
 * as `[rows, count]` and anything else as the rows alone.
 *
 * `Row` has no default: a call that does not name its row type reads `never[]`, which fails to
 * compile where a field is read, so no repository row is `any`.
 */
export async function statement<Row extends object = never>(tx: Tx, text: string, values?: readonly unknown[]): Promise<StatementResult<Row>> {
  const own = tx.queryRunner;
  const pool = own ? null : poolOf(tx);
  if (pool) {
    const result = await onPool(pool, { text, values: values as unknown[] | undefined });
    return { rows: result.rows as Row[], count: result.rowCount ?? result.rows.length };
  }
  const runner = own ?? tx.connection.createQueryRunner();
  try {
    const result = await (runner as unknown as StructuredRunner).query(text, values, true);
    const rows = (result.records ?? []) as Row[];
    return { rows, count: result.affected ?? rows.length };
  } finally {
    if (!own) await runner.release();
  }
}

/** The rows of a statement. */
export async function rows<Row extends object = never>(tx: Tx, text: string, values?: readonly unknown[]): Promise<Row[]> {
  return (await statement<Row>(tx, text, values)).rows;
}

/** The first row of a statement, or `undefined` when it gave none. */
export async function firstRow<Row extends object = never>(tx: Tx, text: string, values?: readonly unknown[]): Promise<Row | undefined> {
  return (await statement<Row>(tx, text, values)).rows[0];
}

/** Runs a statement for its effect and returns how many rows it touched (rows returned, for a SELECT). */
export async function execute(tx: Tx, text: string, values?: readonly unknown[]): Promise<number> {
  return (await statement<object>(tx, text, values)).count;
}
