import { Tx } from './transactions';
import { execute, firstRow, rows, statement } from './sql';

/** A transaction double whose connection answers as TypeORM's PostgreSQL runner does with structured results. */
function fakeTx(answer: { records?: unknown[]; affected?: number }, inTransaction: boolean) {
  const calls: { text: string; values: unknown; structured: unknown }[] = [];
  let released = 0;
  const runner = {
    query: (text: string, values: unknown, structured: unknown) => {
      calls.push({ text, values, structured });
      return Promise.resolve(answer);
    },
    release: () => {
      released += 1;
      return Promise.resolve();
    },
  };
  const tx = { queryRunner: inTransaction ? runner : undefined, connection: { createQueryRunner: () => runner } } as unknown as Tx;
  return { tx, calls, released: () => released };
}

describe('typed statements', () => {
  it('returns the rows of a SELECT and counts them', async () => {
    const { tx, calls } = fakeTx({ records: [{ id: 'a' }, { id: 'b' }] }, true);
    const result = await statement<{ id: string }>(tx, 'SELECT id FROM t WHERE x = $1', [1]);
    expect(result).toEqual({ rows: [{ id: 'a' }, { id: 'b' }], count: 2 });
    expect(calls).toEqual([{ text: 'SELECT id FROM t WHERE x = $1', values: [1], structured: true }]);
  });

  it('returns the rows of an UPDATE ... RETURNING and the rows it touched', async () => {
    const { tx } = fakeTx({ records: [{ id: 'a' }], affected: 3 }, true);
    expect(await statement<{ id: string }>(tx, 'UPDATE t SET x = 1 RETURNING id')).toEqual({ rows: [{ id: 'a' }], count: 3 });
    expect(await rows<{ id: string }>(tx, 'UPDATE t SET x = 1 RETURNING id')).toEqual([{ id: 'a' }]);
    expect(await execute(tx, 'UPDATE t SET x = 1')).toBe(3);
  });

  it('answers undefined for the first row of an empty result', async () => {
    const { tx } = fakeTx({ records: [] }, true);
    expect(await firstRow<{ id: string }>(tx, 'SELECT id FROM t')).toBeUndefined();
  });

  it('outside a transaction borrows a connection and gives it back, also when the statement fails', async () => {
    const ok = fakeTx({ records: [{ id: 'a' }] }, false);
    expect(await firstRow<{ id: string }>(ok.tx, 'SELECT id FROM t')).toEqual({ id: 'a' });
    expect(ok.released()).toBe(1);

    const failing = fakeTx({}, false);
    const runner = (failing.tx.connection as unknown as { createQueryRunner(): { query: unknown } }).createQueryRunner();
    runner.query = () => Promise.reject(new Error('boom'));
    await expect(execute(failing.tx, 'DELETE FROM t')).rejects.toThrow('boom');
    expect(failing.released()).toBe(1);
  });

  it('keeps the transaction connection it was given', async () => {
    const { tx, released } = fakeTx({ records: [] }, true);
    await execute(tx, 'SELECT 1');
    expect(released()).toBe(0);
  });

  it('outside a transaction runs on the pool under the data source directly, with the rows and the count pg gives', async () => {
    const sent: unknown[] = [];
    const pool = {
      query: (config: unknown) => {
        sent.push(config);
        return Promise.resolve({ rows: [{ id: 'a' }], rowCount: 4 });
      },
    };
    const tx = { queryRunner: undefined, connection: { driver: { master: pool }, createQueryRunner: () => { throw new Error('no query runner is made'); } } } as unknown as Tx;
    expect(await statement<{ id: string }>(tx, 'UPDATE t SET x = $1 RETURNING id', [1])).toEqual({ rows: [{ id: 'a' }], count: 4 });
    expect(sent).toEqual([{ text: 'UPDATE t SET x = $1 RETURNING id', values: [1] }]);
  });
});
