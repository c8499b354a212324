import { Injectable } from '@nestjs/common';
import { UserRecord } from '@tandem/identity';
import { AppConfig, Clock, Tx } from '@tandem/platform';
import { SessionRepository } from './session.repository';
import { TokenService } from './token.service';

export interface Tokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
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

  /** Opens a session for the user and issues its first tokens. Returns the session's id with them. */
  async open(tx: Tx, user: UserRecord): Promise<{ sessionId: string; tokens: Tokens }> {
    const sessionId = await this.sessions.createSession(tx, user.id, this.refreshExpiry());
    return { sessionId, tokens: await this.issue(tx, user, sessionId) };
  }

  /** A new access token and a new refresh token for the session. */
  async issue(tx: Tx, user: UserRecord, sessionId: string): Promise<Tokens> {
    const access = this.tokens.signAccess({ sub: user.id, sid: sessionId });
    const refresh = this.tokens.newRefreshToken();
    await this.sessions.addRefreshToken(tx, sessionId, refresh.hash, this.refreshExpiry());
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: refresh.token, user };
  }

  private refreshExpiry(): Date {
    return new Date(this.clock.now().getTime() + this.config.values.REFRESH_TOKEN_TTL_SECONDS * 1000);
  }
}
