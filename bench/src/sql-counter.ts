// Preloaded into the API process by the benchmark (`node -r .../sql-counter.js`): counts every
// statement sent through pg, and answers the count over the IPC channel, so the benchmark can tell
// how many statements one GraphQL operation costs in the real process.
import { Client } from 'pg';

let statements = 0;
const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
const original = proto.query;
proto.query = function query(this: unknown, ...args: unknown[]) {
  statements += 1;
  return original.apply(this, args);
};

process.on('message', (message: unknown) => {
  if (message === 'sql-count') process.send?.({ sqlCount: statements });
});
