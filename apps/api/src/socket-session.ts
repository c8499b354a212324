/**
 * What a look at a socket's session found: still valid; ended (signed out, token expired,
 * account or agency disabled: the socket is being closed); or unknown (the database could not
 * be asked).
 */
export type SessionState = 'valid' | 'ended' | 'unknown';

/**
 * The values of a subscription, each let through only while the session holds: its session is
 * checked again before every value leaves. On a session that ended the subscription stops; a
 * value whose check could not be made is dropped (the notification stays stored and listed).
 */
export function whileSessionHolds<T>(source: AsyncIterator<T>, check: () => Promise<SessionState>): AsyncGenerator<T, undefined> {
  const done = (): IteratorResult<T, undefined> => ({ done: true, value: undefined });
  const iterator: AsyncGenerator<T, undefined> = {
    async next(): Promise<IteratorResult<T, undefined>> {
      for (;;) {
        const result = await source.next();
        if (result.done) return done();
        const state = await check();
        if (state === 'valid') return result;
        if (state === 'ended') {
          await source.return?.();
          return done();
        }
      }
    },
    async return(): Promise<IteratorResult<T, undefined>> {
      await source.return?.();
      return done();
    },
    async throw(error: unknown): Promise<IteratorResult<T, undefined>> {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
    async [Symbol.asyncDispose]() {
      await source.return?.();
    },
  };
  return iterator;
}

/**
 * Checks a socket's session every `everyMs` until stopped, one check at a time, so that a socket
 * that hears nothing is still closed soon after its session ends (the check closes it).
 */
export function watchSession(check: () => Promise<SessionState>, everyMs: number): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void check().finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
