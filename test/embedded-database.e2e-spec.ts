// The embedded database's server (scripts/embedded-postgres.mjs) under many connections at once:
// PGlite is one session, and the server lends it to one connection's unit of work at a time. Every
// statement answers, answers its own connection, and a transaction's uncommitted or rolled-back
// writes are never seen by another connection; a connection that dies or idles in a transaction
// gives the session back clean.
import { ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { freePort } from './support/worker-doubles';

const root = join(__dirname, '..');
const IDLE_IN_TRANSACTION_MS = 3_000;

describe('the embedded database under concurrent connections', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-embedded-'));
  let server: ChildProcess;
  let url: string;
  const pools: Pool[] = [];

  beforeAll(async () => {
    const port = await freePort();
    const env = { ...process.env, TANDEM_EMBEDDED_DATA: dir, TANDEM_EMBEDDED_PORT: String(port), TANDEM_EMBEDDED_IDLE_IN_TRANSACTION_MS: String(IDLE_IN_TRANSACTION_MS) };
    server = fork(join(root, 'scripts/embedded-postgres.mjs'), [], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    await new Promise<void>((resolve, reject) => {
      server.once('message', () => resolve());
      server.once('exit', (code) => reject(new Error(`the embedded database exited with ${code}`)));
    });
    url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const setup = new Client({ connectionString: url });
    await setup.connect();
    await setup.query(`CREATE TABLE item (id serial PRIMARY KEY, owner int NOT NULL, label text NOT NULL UNIQUE)`);
    await setup.end();
  }, 60_000);

  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  function pool(size: number): Pool {
    const created = new Pool({ connectionString: url, max: size, connectionTimeoutMillis: 30_000 });
    created.on('error', () => undefined);
    pools.push(created);
    return created;
  }

  /** Fails the test instead of waiting for ever. */
  function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)));
    return Promise.race([work, late]).finally(() => clearTimeout(timer));
  }

  it('answers 200 concurrent statements and transactions of 40 connections, each on its own connection, and keeps rolled-back writes unseen', async () => {
    const clients = pool(40);
    const committed: string[] = [];
    const rolledBack: string[] = [];
    const seenUncommitted: string[] = [];

    async function task(n: number): Promise<void> {
      const client = await clients.connect();
      try {
        switch (n % 5) {
          case 0: {
            // A parameterised read (Parse/Bind/Execute/Sync): its answer is its own, not a neighbour's.
            const { rows } = await client.query<{ n: number; label: string }>('SELECT $1::int AS n, $2::text AS label', [n, `read-${n}`]);
            expect(rows).toEqual([{ n, label: `read-${n}` }]);
            break;
          }
          case 1: {
            // A transaction that commits two rows.
            await client.query('BEGIN');
            await client.query('INSERT INTO item (owner, label) VALUES ($1, $2), ($1, $3)', [n, `c-${n}-a`, `c-${n}-b`]);
            const { rows } = await client.query<{ count: number }>('SELECT count(*)::int AS count FROM item WHERE owner = $1', [n]);
            expect(rows[0]!.count).toBe(2);
            await client.query('COMMIT');
            committed.push(`c-${n}-a`, `c-${n}-b`);
            break;
          }
          case 2: {
            // A transaction that writes and rolls back.
            await client.query('BEGIN');
            await client.query('INSERT INTO item (owner, label) VALUES ($1, $2)', [n, `r-${n}`]);
            await new Promise((resolve) => setTimeout(resolve, 5));
            await client.query('ROLLBACK');
            rolledBack.push(`r-${n}`);
            break;
          }
          case 3: {
            // A transaction that fails (a duplicate), then rolls back; the connection is usable afterwards.
            await client.query('BEGIN');
            await client.query('INSERT INTO item (owner, label) VALUES ($1, $2)', [n, `f-${n}`]);
            await expect(client.query('INSERT INTO item (owner, label) VALUES ($1, $2)', [n, `f-${n}`])).rejects.toThrow(/duplicate key/);
            await expect(client.query('SELECT 1')).rejects.toThrow(/current transaction is aborted/);
            await client.query('ROLLBACK');
            rolledBack.push(`f-${n}`);
            const { rows } = await client.query<{ ok: number }>('SELECT $1::int AS ok', [n]);
            expect(rows).toEqual([{ ok: n }]);
            break;
          }
          default: {
            // A reader outside any transaction: it never sees a row of a transaction that has not committed.
            const { rows } = await client.query<{ label: string }>(`SELECT label FROM item WHERE label LIKE 'r-%' OR label LIKE 'f-%'`);
            seenUncommitted.push(...rows.map((row) => row.label));
            // An error outside a transaction, in the extended protocol, spoils nobody else's statements.
            await expect(client.query('SELECT 1 / $1::int', [0])).rejects.toThrow(/division by zero/);
          }
        }
      } finally {
        client.release();
      }
    }

    const began = Date.now();
    await within(120_000, '200 concurrent tasks', Promise.all(Array.from({ length: 200 }, (_, n) => task(n))));
    process.stdout.write(`[embedded-database] 200 concurrent tasks over 40 connections: ${Date.now() - began} ms\n`);

    const { rows } = await clients.query<{ label: string }>('SELECT label FROM item ORDER BY label');
    expect({ seenUncommitted, labels: rows.map((row) => row.label) }).toEqual({ seenUncommitted: [], labels: [...committed].sort() });
    expect(rolledBack).toHaveLength(80);
  }, 180_000);

  it('a connection in a transaction holds the session: another sees its write only once committed, never when rolled back', async () => {
    const writer = new Client({ connectionString: url });
    const reader = new Client({ connectionString: url });
    await writer.connect();
    await reader.connect();
    try {
      await writer.query('BEGIN');
      await writer.query(`INSERT INTO item (owner, label) VALUES (-1, 'isolated-rolled-back')`);
      // The reader waits for the writer's transaction to end rather than run inside it.
      const readDuringRollback = reader.query<{ count: number }>(`SELECT count(*)::int AS count FROM item WHERE label = 'isolated-rolled-back'`);
      let answeredEarly = false;
      void readDuringRollback.then(() => (answeredEarly = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(answeredEarly).toBe(false);
      await writer.query('ROLLBACK');
      expect((await within(10_000, 'the read after the rollback', readDuringRollback)).rows[0]!.count).toBe(0);

      await writer.query('BEGIN');
      await writer.query(`INSERT INTO item (owner, label) VALUES (-1, 'isolated-committed')`);
      const readDuringCommit = reader.query<{ count: number }>(`SELECT count(*)::int AS count FROM item WHERE label = 'isolated-committed'`);
      await writer.query('COMMIT');
      expect((await within(10_000, 'the read after the commit', readDuringCommit)).rows[0]!.count).toBe(1);
    } finally {
      await writer.end();
      await reader.end();
    }
  }, 60_000);

  it('a connection that dies in a transaction, or idles in one too long, is rolled back and the others go on', async () => {
    const dying = new Client({ connectionString: url });
    dying.on('error', () => undefined);
    await dying.connect();
    await dying.query('BEGIN');
    await dying.query(`INSERT INTO item (owner, label) VALUES (-2, 'died-in-transaction')`);
    // Half an extended-protocol exchange, then the socket goes: no Sync ever comes.
    const stream = (dying as unknown as { connection: { stream: NodeJS.WritableStream & { destroy(): void } } }).connection.stream;
    stream.write(Buffer.from([0x50, 0, 0, 0, 9, 0, 0x3b, 0, 0, 0])); // Parse: unnamed statement ";", no parameter types
    stream.destroy();

    const idle = new Client({ connectionString: url });
    idle.on('error', () => undefined);
    await idle.connect();
    await idle.query('BEGIN');
    await idle.query(`INSERT INTO item (owner, label) VALUES (-3, 'idle-in-transaction')`);
    const idleEnded = new Promise<Error>((resolve) => idle.once('error', resolve));

    // Another connection waits for the idle transaction's end, then finds neither row.
    const other = new Client({ connectionString: url });
    const began = Date.now();
    const read = other.connect().then(() => other.query<{ label: string }>(`SELECT label FROM item WHERE owner IN (-2, -3)`));
    const { rows } = await within(IDLE_IN_TRANSACTION_MS + 10_000, 'a read behind an idle transaction', read);
    const waited = Date.now() - began;
    expect({ rows, idleEnded: (await idleEnded).message }).toEqual({ rows: [], idleEnded: expect.stringMatching(/idle-in-transaction timeout/) });
    expect(waited).toBeGreaterThanOrEqual(IDLE_IN_TRANSACTION_MS - 500);
    // The session was left outside any transaction: this one is the connection's own.
    await other.query('BEGIN');
    await other.query(`INSERT INTO item (owner, label) VALUES (-4, 'after-the-idle-one')`);
    await other.query('ROLLBACK');
    expect((await other.query<{ count: number }>(`SELECT count(*)::int AS count FROM item WHERE owner = -4`)).rows[0]!.count).toBe(0);
    await other.end();
  }, 60_000);
});
