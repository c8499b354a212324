import { AddressInfo, createServer } from 'node:net';
import { LoggerService } from '@nestjs/common';
import IORedis from 'ioredis';
import { SMTPServer } from 'smtp-server';

// What suites that run a real worker share: a wait on a condition, a free port, a local SMTP server
// that keeps what it is sent, a logger that keeps every line (to prove what is never written) and
// the removal of a queue prefix's keys.

/**
 * Polls the probe every everyMs until it answers something truthy; fails after timeoutMs, never
 * sleeps a fixed time. The bound is a ceiling for a broken run, not the time the step takes.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 30_000,
  everyMs = 50,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** A TCP port nobody listens on at this moment, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Deletes every Redis key under a queue prefix (`<prefix>:*`), as a suite leaves Redis when it ends. */
export async function deletePrefixKeys(redis: IORedis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

export interface Mail {
  to: string[];
  raw: string;
}

/** An SMTP server on this machine, without TLS or sign-in, that keeps every message. */
export class MailCatcher {
  readonly mails: Mail[] = [];
  private server?: SMTPServer;

  /** Starts listening; answers the SMTP_URL that reaches it. */
  async start(): Promise<string> {
    const mails = this.mails;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw: Buffer.concat(chunks).toString('utf8') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.server = server;
    return `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The readable text of a raw message: quoted-printable soft breaks and escapes undone. */
export function readable(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Every log line of a Nest application, objects as JSON. */
export class CollectingLogger implements LoggerService {
  readonly lines: string[] = [];
  private add = (...parts: unknown[]) => void this.lines.push(parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' '));
  log = this.add;
  warn = this.add;
  error = this.add;
  debug = this.add;
  verbose = this.add;
}
