import { Client } from 'pg';

interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

const CHUNK = 1 << 20;

/**
 * `COPY table (columns) FROM STDIN` with a prepared text-format body, as a pg "submittable"
 * (the interface pg's client offers for custom protocol flows): the server asks for the data
 * (CopyInResponse), the body goes in 1 MiB CopyData messages, CopyDone ends it.
 */
class CopyIn {
  private rowCount = 0;
  private settled = false;

  constructor(
    private readonly text: string,
    private readonly body: Buffer,
    private readonly callback: (error: Error | null, rows: number) => void,
  ) {}

  submit(connection: CopyConnection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    for (let offset = 0; offset < this.body.length; offset += CHUNK) connection.sendCopyFromChunk(this.body.subarray(offset, offset + CHUNK));
    connection.endCopyFrom();
  }

  handleCommandComplete(message: { text?: string }): void {
    const match = /COPY (\d+)/.exec(message.text ?? '');
    if (match) this.rowCount = Number(match[1]);
  }

  // The client forgets a query once it fails, so an error settles it at once.
  handleError(error: Error): void {
    this.settle(error);
  }

  handleReadyForQuery(): void {
    this.settle(null);
  }

  private settle(error: Error | null): void {
    if (this.settled) return;
    this.settled = true;
    this.callback(error, this.rowCount);
  }

  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/** Sends `lines` (COPY text format, each ending in a newline) into `table`; resolves with the row count. */
export function copyInto(client: Client, table: string, columns: readonly string[], lines: string, freeze = false): Promise<number> {
  return new Promise((resolve, reject) => {
    const text = `COPY ${table} (${columns.join(', ')}) FROM STDIN${freeze ? ' WITH (FREEZE)' : ''}`;
    const copy = new CopyIn(text, Buffer.from(lines, 'utf8'), (error, rows) => (error ? reject(error) : resolve(rows)));
    void (client.query as unknown as (submittable: unknown) => unknown)(copy);
  });
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** One field in COPY text format: `\N` for null, t/f, and text with backslash, tab and newlines escaped. */
export function field(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : value;
}

/** A PostgreSQL array literal of simple tokens (uuids, enum codes). */
export function pgArray(items: readonly string[]): string {
  return `{${items.join(',')}}`;
}

/** A bytea value in hex input form (escaped once more by {@link field}). */
export function pgBytea(bytes: Buffer): string {
  return `\\x${bytes.toString('hex')}`;
}

/** A table's place in a {@link CopyWriter}: its own connection, and whether it is loaded frozen. */
export interface Lane {
  /** The index of the connection that writes every row of the table, in one transaction. */
  lane: number;
  /**
   * `TRUNCATE` the table in that transaction and `COPY ... WITH (FREEZE)`: the rows arrive frozen
   * and the pages all-visible, so no VACUUM has to rewrite them afterwards. Only for tables no
   * foreign key references (TRUNCATE refuses those).
   */
  freeze: boolean;
}

interface Buffered {
  columns: readonly string[];
  lines: string[];
  size: number;
  lane: Lane | null;
}

/**
 * Buffers COPY lines per table and sends them over a few connections at once, so generating the
 * data and loading it overlap. A table without a lane goes over whichever connection is free, one
 * transaction per COPY; a table with a lane always over its connection, in one transaction that
 * {@link drain} commits. Foreign keys and triggers are the caller's business (the seeder runs
 * with `session_replication_role = replica` and writes consistent ids).
 */
export class CopyWriter {
  private readonly buffers = new Map<string, Buffered>();
  private readonly idle: Client[];
  private readonly waiting: ((client: Client) => void)[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  /** The COPY each connection of a lane is busy with, the lanes in a transaction, the tables truncated in it. */
  private readonly laneJobs = new Map<number, Promise<void>>();
  private readonly openLanes = new Set<number>();
  private readonly truncated = new Set<string>();
  private readonly committed = new Set<string>();
  readonly counts = new Map<string, number>();
  private failure: Error | null = null;

  constructor(
    private readonly clients: Client[],
    private readonly flushBytes = 4 << 20,
  ) {
    this.idle = [...clients];
  }

  table(name: string, columns: readonly string[], lane: Lane | null = null): (values: (string | number | boolean | null | undefined)[]) => void {
    if (lane && !this.clients[lane.lane]) throw new Error(`no connection ${lane.lane} for ${name}`);
    const buffer: Buffered = { columns, lines: [], size: 0, lane };
    this.buffers.set(name, buffer);
    this.counts.set(name, 0);
    return (values) => {
      const line = values.map(field).join('\t');
      buffer.lines.push(line);
      buffer.size += line.length + 1;
    };
  }

  /** Starts sending every table whose buffer is full; waits only when its connection (or all, without a lane) is busy. */
  async pump(force = false): Promise<void> {
    if (this.failure) throw this.failure;
    for (const [name, buffer] of this.buffers) {
      if (buffer.lines.length === 0 || (!force && buffer.size < this.flushBytes)) continue;
      const lines = buffer.lines;
      buffer.lines = [];
      buffer.size = 0;
      if (buffer.lane) {
        await this.sendInLane(name, buffer.columns, buffer.lane, `${lines.join('\n')}\n`);
        continue;
      }
      const client = await this.acquire();
      // Tracked in inFlight: drain() waits for it, and a failure is kept for the next pump().
      void this.track(
        name,
        copyInto(client, name, buffer.columns, `${lines.join('\n')}\n`).finally(() => this.release(client)),
      );
    }
  }

  /** Sends everything buffered, waits for every COPY to finish and commits the lanes' transactions. */
  async drain(): Promise<void> {
    await this.pump(true);
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
    if (this.failure) throw this.failure;
    for (const lane of this.openLanes) await this.clients[lane]!.query('COMMIT');
    this.openLanes.clear();
    for (const name of this.truncated) this.committed.add(name);
    this.truncated.clear();
  }

  private async sendInLane(name: string, columns: readonly string[], { lane, freeze }: Lane, body: string): Promise<void> {
    // One COPY at a time per connection: the generator waits here when it runs ahead of the server.
    await this.laneJobs.get(lane);
    if (this.failure) throw this.failure;
    if (freeze && this.committed.has(name)) throw new Error(`${name} is loaded frozen and was committed already`);
    const client = this.clients[lane]!;
    const job = this.track(
      name,
      (async () => {
        if (!this.openLanes.has(lane)) {
          this.openLanes.add(lane);
          await client.query('BEGIN');
        }
        if (freeze && !this.truncated.has(name)) {
          this.truncated.add(name);
          await client.query(`TRUNCATE ${name}`);
        }
        return copyInto(client, name, columns, body, freeze);
      })(),
    );
    this.laneJobs.set(lane, job);
  }

  private track(name: string, copy: Promise<number>): Promise<void> {
    const job: Promise<void> = copy
      .then((rows) => {
        this.counts.set(name, (this.counts.get(name) ?? 0) + rows);
      })
      .catch((error: Error) => {
        this.failure ??= new Error(`COPY ${name}: ${error.message}`);
      })
      .finally(() => {
        this.inFlight.delete(job);
      });
    this.inFlight.add(job);
    return job;
  }

  private acquire(): Promise<Client> {
    const client = this.idle.pop();
    if (client) return Promise.resolve(client);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(client: Client): void {
    const next = this.waiting.shift();
    if (next) next(client);
    else this.idle.push(client);
  }
}

const DAY_MS = 86_400_000;
const DIGITS2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const DIGITS3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const days = new Map<number, string>();

/**
 * `new Date(ms).toISOString()` for whole milliseconds, with each day's date part made once: the
 * data set writes tens of millions of times over a few thousand days.
 */
export function isoTime(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let date = days.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 11);
    days.set(day, date);
  }
  let rest = ms - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `${date}${DIGITS2[hours]}:${DIGITS2[minutes]}:${DIGITS2[seconds]}.${DIGITS3[rest - seconds * 1000]}Z`;
}
