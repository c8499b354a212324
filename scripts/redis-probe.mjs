// What answers on a TCP port: Redis (it answers PING with +PONG), nothing (the connection is
// refused), or something else (any other answer, or none within the time allowed).
import { accessSync, constants } from 'node:fs';
import { connect, createServer } from 'node:net';
import { delimiter, join } from 'node:path';

/** 'redis', 'nothing' or 'other'. */
export function pingRedis(host, port, timeoutMs = 1_000) {
  return new Promise((resolve) => {
    let answer = '';
    let settled = false;
    const socket = connect({ host, port });
    const settle = (verdict) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(verdict);
    };
    const timer = setTimeout(() => settle('other'), timeoutMs);
    socket.setEncoding('latin1');
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk;
      if (answer.includes('\r\n') || answer.length >= 7) settle(answer.startsWith('+PONG\r\n') ? 'redis' : 'other');
    });
    socket.once('error', (error) => settle(error.code === 'ECONNREFUSED' ? 'nothing' : 'other'));
    socket.once('end', () => settle('other'));
  });
}

/** The first executable `name` on `path`, or null. */
export function findOnPath(name, path = process.env.PATH ?? '') {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** A TCP port free on 127.0.0.1 at the time of asking. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
