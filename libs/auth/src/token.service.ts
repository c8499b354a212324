import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig, Clock } from '@tandem/platform';
import { TokenRefusal, TokenRefusedError } from './auth.errors';

export interface AccessClaims {
  sub: string;
  sid: string;
}

const ISSUER = 'tandem';
const AUDIENCE = 'tandem-api';
const ALGORITHM = 'HS256';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface AccessPayload {
  sub?: unknown;
  sid?: unknown;
  iat?: unknown;
  exp?: unknown;
}

/** The audit reason of a jsonwebtoken verification error (told apart by name and message, its only contract). */
function refusalOf(error: unknown): TokenRefusal {
  const { name, message } = error instanceof Error ? error : { name: '', message: '' };
  if (name === 'TokenExpiredError') return 'expired';
  if (name === 'NotBeforeError') return 'not yet valid';
  if (message === 'invalid signature') return 'bad signature';
  if (message.startsWith('jwt issuer invalid') || message.startsWith('jwt audience invalid')) return 'wrong issuer or audience';
  if (message === 'invalid algorithm' || message === 'jwt signature is required') return 'algorithm not allowed';
  return 'malformed token';
}

/** Short-lived signed access tokens and opaque refresh tokens (stored only as hashes). */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  signAccess(claims: AccessClaims): { token: string; expiresAt: Date } {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const ttl = this.config.values.JWT_ACCESS_TTL_SECONDS;
    const token = this.jwt.sign(
      { sid: claims.sid, iat: now, exp: now + ttl },
      { subject: claims.sub, issuer: ISSUER, audience: AUDIENCE, algorithm: ALGORITHM },
    );
    return { token, expiresAt: new Date((now + ttl) * 1000) };
  }

  /**
   * The claims of an access token this API signed, or a TokenRefusedError naming why not. The
   * algorithm is pinned before anything else is read, and a token must say when it expires, no
   * later than an access token's lifetime after it was issued.
   */
  verifyAccess(token: string): AccessClaims {
    const decoded = this.jwt.decode<{ header?: { alg?: unknown } } | null>(token, { complete: true });
    if (!decoded || typeof decoded !== 'object' || !decoded.header) throw new TokenRefusedError('malformed token');
    if (decoded.header.alg !== ALGORITHM) throw new TokenRefusedError('algorithm not allowed');
    let payload: AccessPayload;
    try {
      payload = this.jwt.verify<AccessPayload>(token, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
    } catch (error) {
      throw new TokenRefusedError(refusalOf(error));
    }
    if (typeof payload.exp !== 'number' || typeof payload.iat !== 'number') throw new TokenRefusedError('no expiry');
    if (payload.exp - payload.iat > this.config.values.JWT_ACCESS_TTL_SECONDS) throw new TokenRefusedError('lifetime too long');
    if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || !UUID.test(payload.sub) || !UUID.test(payload.sid)) {
      throw new TokenRefusedError('incomplete claims');
    }
    return { sub: payload.sub, sid: payload.sid };
  }

  newRefreshToken(): { token: string; hash: Buffer } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: this.hashRefresh(token) };
  }

  hashRefresh(token: string): Buffer {
    return createHash('sha256').update(token).digest();
  }

  /**
   * The queue dashboard's key to a browser session: the user and session ids with a MAC under the
   * API's secret. It proves nothing by itself: the session it names is checked on every request.
   */
  boardKey(userId: string, sessionId: string): string {
    return `${userId}.${sessionId}.${this.boardMac(userId, sessionId).toString('base64url')}`;
  }

  /** The user and session a dashboard key names, or null for one this API did not make. */
  verifyBoardKey(key: string): AccessClaims | null {
    const [sub, sid, mac, ...rest] = key.split('.');
    if (rest.length > 0 || !sub || !sid || !mac || !UUID.test(sub) || !UUID.test(sid)) return null;
    // Compared as text: decoding would let a key whose last character differs in unused bits through.
    const expected = Buffer.from(this.boardMac(sub, sid).toString('base64url'));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected) ? { sub, sid } : null;
  }

  private boardMac(userId: string, sessionId: string): Buffer {
    return createHmac('sha256', this.config.values.JWT_SECRET).update(`tandem-queue-board:${userId.toLowerCase()}:${sessionId.toLowerCase()}`).digest();
  }
}
