import { SessionState, whileSessionHolds } from './socket-session';

/** A source of the given values that records whether it was released. */
function source(values: number[]) {
  const state = { released: false };
  let index = 0;
  const iterator: AsyncIterator<number> = {
    next: async () => (index < values.length ? { done: false, value: values[index++]! } : { done: true, value: undefined }),
    return: async () => {
      state.released = true;
      return { done: true, value: undefined };
    },
  };
  return { iterator, state };
}

async function drain(iterator: AsyncIterable<number>): Promise<number[]> {
  const seen: number[] = [];
  for await (const value of iterator) seen.push(value);
  return seen;
}

describe('whileSessionHolds', () => {
  it('lets values through while the session is valid, and drops one whose check could not be made', async () => {
    const states: SessionState[] = ['valid', 'unknown', 'valid'];
    const { iterator, state } = source([1, 2, 3]);
    expect(await drain(whileSessionHolds(iterator, async () => states.shift()!))).toEqual([1, 3]);
    expect(state.released).toBe(false);
  });

  it('stops at the first value after the session ended, and releases the source', async () => {
    const states: SessionState[] = ['valid', 'ended', 'valid'];
    const { iterator, state } = source([1, 2, 3]);
    expect(await drain(whileSessionHolds(iterator, async () => states.shift()!))).toEqual([1]);
    expect(state.released).toBe(true);
  });
});
