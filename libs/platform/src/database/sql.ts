import { Tx } from './transactions';

/** What a statement gave back: its rows (SELECT, or `RETURNING`) and how many rows it touched. */
export interface StatementResult<Row> {
  rows: Row[];
  count: number;
}

type StructuredRunner = { query(text: string, values: readonly unknown[] | undefined, structured: true): Promise<{ records?: unknown[]; affected?: number }> };

/**
 * Runs one statement on the transaction's connection (outside a transaction, on a connection of
 * the pool, given back at once) and returns its rows typed as the caller's row type. The rows come
 * back the same way whatever the statement is: TypeORM's own `query` answers an UPDATE or a DELETE
 * as `[rows, count]` and anything else as the rows alone.
 *
 * `Row` has no default: a call that does not name its row type reads `never[]`, which fails to
 * compile where a field is read, so no repository row is `any`.
 */
export async function statement<Row extends object = never>(tx: Tx, text: string, values?: readonly unknown[]): Promise<StatementResult<Row>> {
  const own = tx.queryRunner;
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
