// The embedded database's wire server: many client connections over one PGlite session, taken in
// turns. PGlite is one PostgreSQL backend, so every connection shares its session; this server
// makes that safe by lending the session to one connection at a time, for a whole unit of work:
//
// - a connection takes the session when it has a message to run and the session is free
//   (connections waiting for it are served first come, first served);
// - it keeps the session until PGlite answers one of its messages with ReadyForQuery outside a
//   transaction block: a statement of the simple protocol, a Parse/Bind/Execute/Sync sequence, a
//   COPY with its data, or a whole BEGIN … COMMIT/ROLLBACK runs with no other connection's message
//   between;
// - a connection that goes away, or keeps the session idle in a transaction longer than
//   `idleInTransactionMs`, gives it back in a clean state: its unfinished exchange is ended (a
//   CopyFail and a Sync) and its transaction rolled back, before anyone else runs.
//
// docs/2026-12-07-embedded-mode.md explains why the database is served this way.
import { createServer } from 'node:net';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
const READY_FOR_QUERY = 0x5a;
const IDLE = 0x49;
/** CopyFail then Sync: ends whatever exchange a connection left half done (outside a COPY, the CopyFail is ignored). */
const END_EXCHANGE = Buffer.concat([Buffer.from([0x66, 0, 0, 0, 5, 0]), Buffer.from([0x53, 0, 0, 0, 4])]);

/**
 * Follows the messages of PGlite's answer to one message, chunk by chunk, and keeps the status of
 * its ReadyForQuery: 'I' idle, 'T' in a transaction, 'E' in a failed one; null when the answer has
 * none (the exchange goes on: a Parse before its Sync, a COPY waiting for its data).
 */
class ReplyScanner {
  header = Buffer.alloc(0);
  type = 0;
  remaining = 0;
  status = null;

  push(chunk) {
    let at = 0;
    while (at < chunk.length) {
      if (this.remaining === 0 && this.header.length < 5) {
        const take = chunk.subarray(at, at + 5 - this.header.length);
        this.header = Buffer.concat([this.header, take]);
        at += take.length;
        if (this.header.length < 5) return;
        this.type = this.header[0];
        this.remaining = this.header.readInt32BE(1) - 4;
        this.header = Buffer.alloc(0);
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - at);
      if (this.type === READY_FOR_QUERY && take === this.remaining) this.status = chunk[at + take - 1];
      this.remaining -= take;
      at += take;
    }
  }
}

/** A FATAL ErrorResponse, as a backend sends before it closes a connection. */
function fatal(code, message) {
  const fields = Buffer.concat([
    Buffer.from('SFATAL\0'),
    Buffer.from('VFATAL\0'),
    Buffer.from(`C${code}\0`),
    Buffer.from(`M${message}\0`),
    Buffer.from('\0'),
  ]);
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

/** The session and its turns. */
class Session {
  holder = null;
  waiting = [];

  constructor(db) {
    this.db = db;
  }

  /** Resolves when `connection` holds the session. */
  take(connection) {
    if (this.holder === connection) return Promise.resolve();
    if (!this.holder) {
      this.holder = connection;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push({ connection, resolve }));
  }

  give(connection) {
    if (this.holder !== connection) return;
    const next = this.waiting.shift();
    this.holder = next?.connection ?? null;
    next?.resolve();
  }

  /** Removes a connection that went away while waiting. */
  forget(connection) {
    this.waiting = this.waiting.filter((entry) => entry.connection !== connection);
  }

  /** Runs one protocol message; the answer goes to `onData` as PGlite produces it. */
  run(message, onData) {
    return this.db.runExclusive(() => this.db.execProtocolRawStream(message, { onRawData: onData }));
  }
}

class Connection {
  buffer = Buffer.alloc(0);
  pending = [];
  started = false;
  closed = false;
  pumping = false;
  /** The message being run, if any. */
  running = null;
  idleTimer = null;

  constructor(socket, session, options) {
    this.socket = socket;
    this.session = session;
    this.options = options;
    socket.setNoDelay(true);
    socket.on('data', (data) => this.receive(data));
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
  }

  receive(data) {
    if (this.closed) return;
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const message = this.nextMessage();
      if (!message) break;
      if (message === 'close') return this.close();
      this.pending.push(message);
    }
    void this.pump();
  }

  /** The next whole message of the buffer, null when it is incomplete, 'close' for a Terminate or a cancel request. */
  nextMessage() {
    const buffer = this.buffer;
    if (!this.started) {
      if (buffer.length < 8) return null;
      const length = buffer.readInt32BE(0);
      if (buffer.length < length) return null;
      const code = buffer.readInt32BE(4);
      this.buffer = buffer.subarray(length);
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
        this.socket.write('N');
        return this.nextMessage();
      }
      // PGlite has no backend of its own to signal: a cancel request is dropped, as PostgreSQL may.
      if (code === CANCEL_REQUEST) return 'close';
      if (code !== PROTOCOL_3) {
        this.socket.end(fatal('08P01', 'unsupported frontend protocol'));
        return 'close';
      }
      this.started = true;
      return new Uint8Array(buffer.subarray(0, length));
    }
    if (buffer.length < 5) return null;
    const length = buffer.readInt32BE(1) + 1;
    if (buffer.length < length) return null;
    this.buffer = buffer.subarray(length);
    // Terminate: the connection ends here, and PGlite's one backend must not see it.
    if (buffer[0] === 0x58) return 'close';
    return new Uint8Array(buffer.subarray(0, length));
  }

  /** Runs the pending messages while holding the session, and gives it back at the end of a unit of work. */
  async pump() {
    if (this.pumping || this.closed) return;
    this.pumping = true;
    try {
      while (this.pending.length && !this.closed) {
        this.stopIdleTimer();
        await this.session.take(this);
        if (this.closed) return;
        const message = this.pending.shift();
        const reply = new ReplyScanner();
        this.running = this.session.run(message, (data) => {
          reply.push(data);
          if (!this.closed && data.length) this.socket.write(Buffer.from(data));
        });
        await this.running;
        this.running = null;
        // Closed meanwhile: close() cleans the session up and gives it back.
        if (this.closed) return;
        // The exchange is over and no transaction is open: the unit of work is done.
        if (reply.status === IDLE) this.session.give(this);
      }
      if (this.session.holder === this && !this.closed) this.startIdleTimer();
    } catch (error) {
      this.running = null;
      this.options.log?.(`embedded database: a connection failed and was closed (${error.message})`);
      this.socket.destroy();
      await this.close();
    } finally {
      this.pumping = false;
    }
  }

  startIdleTimer() {
    const ms = this.options.idleInTransactionMs;
    if (!ms) return;
    this.idleTimer = setTimeout(() => {
      if (this.closed || this.pending.length) return;
      this.socket.end(fatal('25P03', 'terminating connection due to idle-in-transaction timeout'));
      void this.close();
    }, ms);
  }

  stopIdleTimer() {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  /** Ends the connection; if it held the session, leaves the session clean before the next one runs. */
  async close() {
    if (this.closed) return;
    this.closed = true;
    this.stopIdleTimer();
    this.pending = [];
    this.options.onClose(this);
    this.session.forget(this);
    if (!this.socket.destroyed) this.socket.end();
    // A message of this connection may still be running: wait for it before cleaning up.
    await this.running?.catch(() => undefined);
    if (this.session.holder !== this) return;
    try {
      const db = this.session.db;
      await this.session.run(END_EXCHANGE, () => undefined);
      if (db.isInTransaction()) await db.exec('ROLLBACK');
    } catch (error) {
      this.options.log?.(`embedded database: could not clean up after a closed connection (${error.message})`);
    } finally {
      this.session.give(this);
    }
  }
}

/**
 * Serves `db` on host:port. Returns `{ port, stop() }` once listening; `stop` closes every
 * connection and the listener (the caller closes `db`).
 */
export async function serveEmbeddedDatabase(db, { host = '127.0.0.1', port = 0, maxConnections = 100, idleInTransactionMs = 60_000, log } = {}) {
  await db.waitReady;
  const session = new Session(db);
  const connections = new Set();
  const options = { idleInTransactionMs, log, onClose: (connection) => connections.delete(connection) };
  const server = createServer((socket) => {
    if (connections.size >= maxConnections) {
      socket.end(fatal('53300', 'sorry, too many clients already'));
      return;
    }
    connections.add(new Connection(socket, session, options));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: server.address().port,
    async stop() {
      const closing = new Promise((resolve) => server.close(resolve));
      await Promise.all([...connections].map((connection) => connection.close()));
      await closing;
    },
  };
}
