import { ThrottlerStorage } from '@nestjs/throttler';
import { ErrorCode, RateLimitedError } from '@tandem/platform';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

const WINDOW_MS = 60_000;

/**
 * Counts every request to /graphql per client address, before its body is parsed or its
 * operation read, so that parsing and validation cost a client its quota like anything else.
 * A socket's handshake counts as a request. The per-operation limits of the guard still apply.
 */
export class RequestRateLimit {
  constructor(
    private readonly storage: ThrottlerStorage,
    private readonly perMinute: number,
  ) {}

  /** Seconds to wait when the address is over its limit; null when the request may go on. */
  async admit(address: string | null | undefined): Promise<number | null> {
    const record = await this.storage.increment(address ?? 'unknown', WINDOW_MS, this.perMinute, 0, 'request');
    return record.isBlocked ? Math.max(1, record.timeToBlockExpire) : null;
  }

  middleware(): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      this.admit(req.ip ?? req.socket.remoteAddress).then((wait) => {
        if (wait === null) return next();
        const refused = new RateLimitedError(wait);
        res.set('Retry-After', String(wait));
        res.status(429).json({ errors: [{ message: refused.message, extensions: { code: ErrorCode.RATE_LIMITED, ...refused.details } }] });
      }, next);
    };
  }
}
