import { Injectable } from '@nestjs/common';
import { UserRecord } from '@tandem/identity';
import { AppConfig, Clock, RequestContext, Tx } from '@tandem/platform';
import { describeDevice } from './device';
import { SessionRepository } from './session.repository';
import { TokenService } from './token.service';

export interface Tokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  /** When the refresh token stops working at the latest (the idle lock may come first). */
  refreshTokenExpiresAt: Date;
  /** The session the tokens carry: a browser session's cookies are set from it. */
  sessionId: string;
  user: UserRecord;
}

/** Sessions and the tokens that carry them: a session opened at sign-in, a token pair issued for it on each sign-in or refresh. */
@Injectable()
export class SessionTokens {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly tokens: TokenService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Opens a session for the user and issues its first tokens. The session ends SESSION_MAX_HOURS
   * after it opens, however active; it records the device (coarsely) and address it was opened from.
   */
  async open(tx: Tx, user: UserRecord): Promise<{ sessionId: string; tokens: Tokens }> {
    const now = this.clock.now();
    const meta = RequestContext.current();
    const expiresAt = new Date(now.getTime() + this.config.values.SESSION_MAX_HOURS * 3600 * 1000);
    const sessionId = await this.sessions.createSession(tx, user.id, now, expiresAt, {
      device: describeDevice(meta?.userAgent),
      clientAddress: meta?.clientAddress?.slice(0, 64) ?? null,
      browser: false,
    });
    return { sessionId, tokens: await this.issue(tx, user, sessionId, expiresAt) };
  }

  /** A new access token and a new refresh token for the session, which ends at `sessionExpiresAt`. */
  async issue(tx: Tx, user: UserRecord, sessionId: string, sessionExpiresAt: Date): Promise<Tokens> {
    const access = this.tokens.signAccess({ sub: user.id, sid: sessionId });
    const refresh = this.tokens.newRefreshToken();
    const refreshExpiresAt = this.refreshExpiry(sessionExpiresAt);
    await this.sessions.addRefreshToken(tx, sessionId, refresh.hash, refreshExpiresAt);
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken: refresh.token,
      refreshTokenExpiresAt: refreshExpiresAt,
      sessionId,
      user,
    };
  }

  /** A session locked when last used at or before this instant. */
  idleSince(now: Date): Date {
    return new Date(now.getTime() - this.config.values.SESSION_IDLE_MINUTES * 60 * 1000);
  }

  private refreshExpiry(sessionExpiresAt: Date): Date {
    const own = this.clock.now().getTime() + this.config.values.REFRESH_TOKEN_TTL_SECONDS * 1000;
    return new Date(Math.min(own, sessionExpiresAt.getTime()));
  }
}
