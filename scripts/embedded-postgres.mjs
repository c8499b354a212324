// Embedded PostgreSQL for trying Tandem without a database server: PGlite (PostgreSQL in
// WebAssembly) served over a loopback port, its data kept in a local folder. PGlite is one
// session: embedded-session.mjs lends it to one connection at a time, a whole transaction at a
// time (docs/2026-12-07-embedded-mode.md).
// While it runs, `tandem-embedded.json` in the data folder says where it listens (as PostgreSQL's
// own postmaster.pid does), so that the CLI finds it without DATABASE_URL.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { serveEmbeddedDatabase } from './embedded-session.mjs';

const dataDir = resolve(process.env.TANDEM_EMBEDDED_DATA || '.tandem/pgdata');
const port = Number(process.env.TANDEM_EMBEDDED_PORT || 54329);
const serverFile = join(dataDir, 'tandem-embedded.json');
// Every connection runs in the one session, in turns: named prepared statements (which live in the
// session, and would collide between connections) are off, and a process needs no more than one
// connection, since statements run one at a time anyway. Whoever connects applies these unless
// told otherwise.
const settings = { DATABASE_POOL_SIZE: '1', DATABASE_PREPARED_STATEMENTS: 'false' };
mkdirSync(dataDir, { recursive: true });

const db = await PGlite.create({ dataDir });
const server = await serveEmbeddedDatabase(db, {
  host: '127.0.0.1',
  port,
  maxConnections: 100,
  idleInTransactionMs: Number(process.env.TANDEM_EMBEDDED_IDLE_IN_TRANSACTION_MS || 60_000),
  log: (message) => console.error(message),
});
writeFileSync(serverFile, `${JSON.stringify({ pid: process.pid, host: '127.0.0.1', port, database: 'postgres', user: 'postgres', settings })}\n`);
process.send?.({ ready: true, port, settings });
console.log(`embedded PostgreSQL (PGlite) on 127.0.0.1:${port}, data in ${dataDir}`);

let stopping = false;
/** Closes the server and shuts the cluster down (a checkpoint), so the next start needs no recovery. */
async function stop() {
  if (stopping) return;
  stopping = true;
  rmSync(serverFile, { force: true });
  await server.stop();
  await db.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// Started by `npm start`: if that process goes away, so does the database.
process.on('disconnect', stop);
