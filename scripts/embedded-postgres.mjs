// Embedded PostgreSQL for trying Tandem without a database server: PGlite (PostgreSQL in
// WebAssembly) served over a loopback port by pglite-socket, its data kept in a local folder.
// While it runs, `tandem-embedded.json` in the data folder says where it listens (as PostgreSQL's
// own postmaster.pid does), so that the CLI finds it without DATABASE_URL.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const dataDir = resolve(process.env.TANDEM_EMBEDDED_DATA || '.tandem/pgdata');
const port = Number(process.env.TANDEM_EMBEDDED_PORT || 54329);
const serverFile = join(dataDir, 'tandem-embedded.json');
// The server runs every connection in one session, and messages of two connections' statements
// can interleave there: each process keeps to one connection, and named prepared statements
// (which would collide) are off. Whoever connects applies these unless told otherwise.
const settings = { DATABASE_POOL_SIZE: '1', DATABASE_PREPARED_STATEMENTS: 'false' };
mkdirSync(dataDir, { recursive: true });

const db = await PGlite.create({ dataDir });
const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 40 });
await server.start();
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
