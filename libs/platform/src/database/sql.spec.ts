import { DataSource } from 'typeorm';
import { REQUEST_STATEMENTS, RequestContext } from '../context/request-context';
import { queryPrepared } from './prepared';
import { execute, firstRow, rows, statement } from './sql';
import { Tx } from './transactions';

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


/** A manager outside a transaction over a pool that answers after `ms`, counting how many statements it runs at once. */
function slowPool(ms: number) {
  const seen = { running: 0, most: 0, total: 0 };
  const master = {
    async query() {
      seen.running += 1;
      seen.total += 1;
      seen.most = Math.max(seen.most, seen.running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      seen.running -= 1;
      return { rows: [{ n: 1 }], rowCount: 1 };
    },
  };
  const tx = { queryRunner: undefined, connection: { driver: { master } } as unknown as DataSource } as unknown as Tx;
  return { tx, seen };
}

describe('statements of one request', () => {
  it(`run at most ${REQUEST_STATEMENTS} at once on the pool, the rest waiting their turn in the request rather than in the pool`, async () => {
    const { tx, seen } = slowPool(5);
    const answers = await RequestContext.run(RequestContext.system(), () => Promise.all(Array.from({ length: 40 }, () => statement<{ n: number }>(tx, 'SELECT 1 AS n'))));
    expect(answers.every((answer) => answer.rows[0]!.n === 1)).toBe(true);
    expect(seen.total).toBe(40);
    expect(seen.most).toBe(REQUEST_STATEMENTS);
  });

  it('each request has its own turns, and a failed statement gives its turn back', async () => {
    const { tx, seen } = slowPool(5);
    const request = () => RequestContext.run(RequestContext.system(), () => Promise.all(Array.from({ length: 10 }, () => statement(tx, 'SELECT 1'))));
    await Promise.all([request(), request()]);
    expect(seen.most).toBe(2 * REQUEST_STATEMENTS);

    const failing = { queryRunner: undefined, connection: { driver: { master: { query: () => Promise.reject(new Error('gone')) } } } } as unknown as Tx;
    await RequestContext.run(RequestContext.system(), async () => {
      const outcomes = await Promise.allSettled(Array.from({ length: REQUEST_STATEMENTS * 3 }, () => statement(failing, 'SELECT 1')));
      expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
      // Every turn came back: the request still runs its statements.
      expect((await statement<{ n: number }>(tx, 'SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
    });
  });

  it('prepared statements outside a transaction take their turns too', async () => {
    const { tx, seen } = slowPool(5);
    await RequestContext.run(RequestContext.system(), () => Promise.all(Array.from({ length: 20 }, () => queryPrepared(tx, 'SELECT 1 AS n', [], true))));
    expect(seen.total).toBe(20);
    expect(seen.most).toBe(REQUEST_STATEMENTS);
  });

  it('outside any request, statements are not held back', async () => {
    const { tx, seen } = slowPool(5);
    await Promise.all(Array.from({ length: 12 }, () => statement(tx, 'SELECT 1')));
    expect(seen.most).toBe(12);
  });
});
