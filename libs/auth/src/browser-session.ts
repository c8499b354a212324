import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { viewerFrom } from '@tandem/authz';
import { AppConfig, Transactions } from '@tandem/platform';
import type { CookieOptions, Request, Response } from 'express';
import { from, mergeMap, Observable } from 'rxjs';
import type { Tokens } from './session-tokens';
import { SessionRepository } from './session.repository';
import { TokenService } from './token.service';

/**
 * Browser session mode (docs/2026-12-07-browser-sessions.md). A request carrying the header
 * `Tandem-Session: browser` gets its refresh token in an HttpOnly, SameSite=Strict cookie limited
 * to /graphql instead of the answer's `refreshToken` (null then), and a second cookie, limited to the
 * queue dashboard, that names the session to it. A refresh by cookie needs that same header (which
 * no cross-site form or image can send, and which a cross-origin script may send only after a CORS
 * preflight the API answers for CORS_ORIGINS alone) and an Origin of the API itself or of CORS_ORIGINS.
 */
export const BROWSER_SESSION_HEADER = 'tandem-session';
export const BROWSER_SESSION_MODE = 'browser';
export const REFRESH_COOKIE = 'tandem_refresh';
export const BOARD_COOKIE = 'tandem_board';
export const REFRESH_COOKIE_PATH = '/graphql';
export const BOARD_COOKIE_PATH = '/admin/queues';

const ENDS_BROWSER_SESSION = 'tandem:ends-browser-session';

/** When an operation ends the browser's own session: always (signing out), or when its `id` argument names the current one. */
type Ends = 'always' | 'when its id is the current session';

/** Marks an operation after which a browser session's cookies are cleared (signing out, ending one's own session). */
export const EndsBrowserSession = (when: Ends = 'always') => SetMetadata(ENDS_BROWSER_SESSION, when);

type HttpRequest = Pick<Request, 'headers' | 'secure' | 'protocol'> & { host?: string };

/** Whether the request asks for browser session mode. */
export function isBrowserRequest(req: Pick<Request, 'headers'>): boolean {
  const value = req.headers[BROWSER_SESSION_HEADER];
  return (Array.isArray(value) ? value[0] : value)?.trim().toLowerCase() === BROWSER_SESSION_MODE;
}

/** One cookie's value from the request's Cookie header, or null. */
export function cookieOf(req: Pick<Request, 'headers'>, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at < 0 || part.slice(0, at).trim() !== name) continue;
    const value = part.slice(at + 1).trim();
    try {
      return value ? decodeURIComponent(value) : null;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Whether the request's Origin is the API's own (scheme and host as the request arrived, through
 * the trusted proxies) or one of CORS_ORIGINS. A request without Origin is not allowed: every
 * browser sends it on a POST, and only a browser holds the cookie.
 */
export function originAllowed(req: HttpRequest, allowed: readonly string[]): boolean {
  const raw = req.headers.origin;
  const origin = Array.isArray(raw) ? raw[0] : raw;
  if (!origin || origin === 'null') return false;
  if (allowed.includes(origin)) return true;
  // Express's host: the Host header, or X-Forwarded-Host from a trusted proxy.
  const host = req.host ?? (typeof req.headers.host === 'string' ? req.headers.host : undefined);
  return host !== undefined && origin === `${req.protocol}://${host}`;
}

/** The attributes of a browser session's cookies: HttpOnly, SameSite=Strict, Secure under HTTPS, one path each. */
export function cookieOptions(req: Pick<Request, 'secure'>, path: string): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure: req.secure, path };
}

/** Sets and clears a browser session's cookies. */
@Injectable()
export class BrowserSessions {
  constructor(
    private readonly transactions: Transactions,
    private readonly sessions: SessionRepository,
    private readonly tokens: TokenService,
    private readonly config: AppConfig,
  ) {}

  /** Puts the tokens' refresh token and the dashboard's session key in cookies, and marks the session a browser one. */
  async deliver(req: HttpRequest, res: Response, tokens: Tokens): Promise<void> {
    await this.transactions.run((tx) => this.sessions.markBrowser(tx, tokens.sessionId));
    // Cookies without Max-Age: the browser forgets them when it closes; the server's limits apply meanwhile.
    res.cookie(REFRESH_COOKIE, tokens.refreshToken, cookieOptions(req, REFRESH_COOKIE_PATH));
    res.cookie(BOARD_COOKIE, this.tokens.boardKey(tokens.user.id, tokens.sessionId), cookieOptions(req, BOARD_COOKIE_PATH));
  }

  clear(req: HttpRequest, res: Response): void {
    res.clearCookie(REFRESH_COOKIE, cookieOptions(req, REFRESH_COOKIE_PATH));
    res.clearCookie(BOARD_COOKIE, cookieOptions(req, BOARD_COOKIE_PATH));
  }

  /** Why a refresh by cookie may not go on (the cross-site checks), or null when it may. */
  refusalOf(req: HttpRequest): string | null {
    if (!isBrowserRequest(req)) return 'cookie refresh without the browser session header';
    if (!originAllowed(req, this.config.values.CORS_ORIGINS)) return 'cookie refresh from an origin not allowed';
    return null;
  }
}

function issuedTokens(value: unknown): Tokens | null {
  if (!value || typeof value !== 'object') return null;
  const candidate = value as Partial<Tokens>;
  return typeof candidate.refreshToken === 'string' && typeof candidate.sessionId === 'string' && candidate.user ? (candidate as Tokens) : null;
}

/**
 * For a browser request, moves the refresh token of any operation answering tokens (sign-in,
 * refresh, and any later step that completes a sign-in) into the cookies, and clears them after
 * an operation marked {@link EndsBrowserSession}. Other requests pass as they are.
 */
@Injectable()
export class BrowserSessionInterceptor implements NestInterceptor {
  constructor(
    private readonly browser: BrowserSessions,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<GqlContextType>() !== 'graphql') return next.handle();
    const { req, res } = GqlExecutionContext.create(context).getContext<{ req?: Request; res?: Response }>();
    if (!req || !res || !isBrowserRequest(req)) return next.handle();
    const ends = this.endsCurrent(context, this.reflector.get<Ends | undefined>(ENDS_BROWSER_SESSION, context.getHandler()));
    return next.handle().pipe(
      mergeMap((result: unknown) => {
        if (ends) {
          this.browser.clear(req, res);
          return [result];
        }
        const tokens = issuedTokens(result);
        if (!tokens) return [result];
        return from(this.browser.deliver(req, res, tokens).then(() => ({ ...tokens, refreshToken: null })));
      }),
    );
  }

  private endsCurrent(context: ExecutionContext, when: Ends | undefined): boolean {
    if (when === 'always') return true;
    if (when !== 'when its id is the current session') return false;
    const id = GqlExecutionContext.create(context).getArgs<{ id?: unknown }>().id;
    const current = viewerFrom(context)?.sessionId;
    return typeof id === 'string' && current !== undefined && id.toLowerCase() === current.toLowerCase();
  }
}
