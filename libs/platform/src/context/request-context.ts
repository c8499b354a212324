import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What every layer may need to know about the request it is serving, without passing it down by hand. */
export interface RequestMeta {
  requestId: string;
  clientAddress: string | null;
  userAgent: string | null;
}

const storage = new AsyncLocalStorage<RequestMeta>();

export const RequestContext = {
  run<T>(meta: RequestMeta, work: () => T): T {
    return storage.run(meta, work);
  },
  current(): RequestMeta | undefined {
    return storage.getStore();
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
