// Embedded PostgreSQL for trying Tandem without a database server: PGlite (PostgreSQL in
// WebAssembly) served over a loopback port by pglite-socket, its data kept in a local folder.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const dataDir = process.env.TANDEM_EMBEDDED_DATA ?? '.tandem/pgdata';
const port = Number(process.env.TANDEM_EMBEDDED_PORT ?? 54329);
mkdirSync(dataDir, { recursive: true });

const db = await PGlite.create({ dataDir });
const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 40 });
await server.start();
process.send?.({ ready: true, port });
console.log(`embedded PostgreSQL (PGlite) on 127.0.0.1:${port}, data in ${dataDir}`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.stop();
  await db.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.on('disconnect', stop);
