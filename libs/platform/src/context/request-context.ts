import { randomUUID } from 'node:crypto';
import { storage, Store } from 'nestjs-pino/storage';
import type { Logger } from 'pino';

/** What every layer may need to know about the request it is serving, without passing it down by hand. */
export interface RequestMeta {
  requestId: string;
  clientAddress: string | null;
  userAgent: string | null;
}

/**
 * How many statements outside a transaction one request runs at once. The rest wait their turn in the
 * request, so that an operation of many lists cannot fill the pool's queue, where a wait is limited,
 * and keep every other request waiting behind it.
 */
export const REQUEST_STATEMENTS = 4;

/** A fixed number of turns, handed out in the order they were asked for. */
export class Turns {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(count: number) {
    this.free = count;
  }

  /** Resolves when a turn is the caller's; each must be given back with {@link give}. */
  take(): Promise<void> | void {
    if (this.free > 0) {
      this.free -= 1;
      return;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }
}

/**
 * The request's metadata rides in the store nestjs-pino keeps the request's logger in: one
 * AsyncLocalStorage for both, since every one enabled is propagated to every promise the process
 * makes. nestjs-pino's loggers read the logger from it; `RequestContext.current()` the metadata.
 */
class RequestStore extends Store {
  /** The request's turns at the pool's connections (database/sql.ts). */
  readonly statementTurns = new Turns(REQUEST_STATEMENTS);

  constructor(
    readonly meta: RequestMeta,
    logger: Logger | undefined,
  ) {
    // Without a request logger, nestjs-pino logs with its logger outside any request.
    super(logger as Logger);
  }
}

export const RequestContext = {
  /** Runs `work` with the request's metadata and logger (by default the logger of the context it is called in). */
  run<T>(meta: RequestMeta, work: () => T, logger?: Logger): T {
    return storage.run(new RequestStore(meta, logger ?? storage.getStore()?.logger), work);
  },
  /** The turns at the pool of the request (or job) running, if any. */
  statementTurns(): Turns | undefined {
    const store = storage.getStore();
    return store instanceof RequestStore ? store.statementTurns : undefined;
  },
  current(): RequestMeta | undefined {
    const store = storage.getStore();
    return store instanceof RequestStore ? store.meta : undefined;
  },
  /** A context for work that no HTTP request started (jobs, CLI). */
  system(): RequestMeta {
    return { requestId: randomUUID(), clientAddress: null, userAgent: null };
  },
};

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Accepts a caller's request id when it is well-formed; otherwise makes a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && REQUEST_ID.test(value) ? value : randomUUID();
}
