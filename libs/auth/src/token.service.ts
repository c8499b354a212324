import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig, Clock, UnauthenticatedError } from '@tandem/platform';

export interface AccessClaims {
  sub: string;
  sid: string;
}

const ISSUER = 'tandem';
const AUDIENCE = 'tandem-api';

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
      { subject: claims.sub, issuer: ISSUER, audience: AUDIENCE, algorithm: 'HS256' },
    );
    return { token, expiresAt: new Date((now + ttl) * 1000) };
  }

  verifyAccess(token: string): AccessClaims {
    try {
      const payload = this.jwt.verify<{ sub?: string; sid?: string }>(token, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
      if (!payload.sub || !payload.sid) throw new Error('incomplete token');
      return { sub: payload.sub, sid: payload.sid };
    } catch {
      throw new UnauthenticatedError('Your session is invalid or has expired; sign in again');
    }
  }

  newRefreshToken(): { token: string; hash: Buffer } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: this.hashRefresh(token) };
  }

  hashRefresh(token: string): Buffer {
    return createHash('sha256').update(token).digest();
  }
}
