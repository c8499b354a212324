import autocannon from 'autocannon';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadOptions {
  /** http://host:port */
  origin: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** The next request to send; `null` when a pool of one-off requests (ids to accept) is used up. */
  next: () => LoadRequest | null;
  /** GraphQL answers: a 200 whose body carries `errors` counts as an error too. */
  graphql: boolean;
  /** Read around the measured run only (not the warm-up): what the processes under load spent. */
  meter?: Meter;
}

/** What the processes under load spent during the measured run, per request. */
export interface Costs {
  /** CPU time (user + system) of the server process, in ms per request. */
  serverCpuMs: number;
  /** CPU time of all PostgreSQL processes, in ms per request. */
  postgresCpuMs: number;
  /** Statements the server sent through pg, per request (null where the server does not count them). */
  statements: number | null;
}

export interface Meter {
  begin(): Promise<void>;
  end(requests: number): Promise<Costs>;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  latencyMs: { p50: number; p95: number; p99: number; mean: number; max: number };
  errors: number;
  errorKinds: { non2xx: number; graphql: number; transport: number };
  errorSample: string | null;
  /** The request pool ran out before the time was up. */
  exhausted: boolean;
  costs: Costs | null;
}

const round = (value: number) => Math.round(value * 10) / 10;

export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function once(options: LoadOptions, seconds: number): Promise<LoadResult> {
  const latencies: number[] = [];
  let non2xx = 0;
  let graphql = 0;
  let sample: string | null = null;
  let exhausted = false;
  let last: LoadRequest | null = null;
  let instance: autocannon.Instance | null = null;
  const started = process.hrtime.bigint();
  instance = autocannon({
    url: options.origin,
    connections: options.connections,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        setupRequest: (request) => {
          const next = options.next();
          if (!next) {
            // Out of one-off requests: stop, and let the last few connections repeat the last one.
            if (!exhausted) setImmediate(() => instance?.stop());
            exhausted = true;
            return { ...request, ...last! };
          }
          last = next;
          return { ...request, ...next };
        },
        onResponse: (status, body) => {
          if (status < 200 || status >= 300) {
            non2xx += 1;
            sample ??= `${status} ${body.slice(0, 300)}`;
          } else if (options.graphql && body.includes('"errors":')) {
            graphql += 1;
            sample ??= body.slice(0, 300);
          }
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, time: number) => {
    latencies.push(time);
  });
  const result = await instance;
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const transport = result.errors;
  return {
    requests: latencies.length,
    seconds: round(elapsed),
    rps: Math.round(latencies.length / elapsed),
    latencyMs: {
      p50: round(percentile(latencies, 0.5)),
      p95: round(percentile(latencies, 0.95)),
      p99: round(percentile(latencies, 0.99)),
      mean: round(latencies.reduce((sum, value) => sum + value, 0) / Math.max(1, latencies.length)),
      max: round(latencies.at(-1) ?? 0),
    },
    errors: non2xx + graphql + transport,
    errorKinds: { non2xx, graphql, transport },
    errorSample: sample,
    exhausted,
    costs: null,
  };
}

/** Drives `origin` with autocannon: a warm-up whose figures are dropped, then the measured run. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  if (options.warmupSeconds > 0) await once(options, options.warmupSeconds);
  await options.meter?.begin();
  const result = await once(options, options.seconds);
  return options.meter ? { ...result, costs: await options.meter.end(result.requests) } : result;
}
