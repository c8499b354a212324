import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig, Clock, RedisService } from '@tandem/platform';
import { FLOW_TTL_SECONDS, HANDOVER_TTL_SECONDS } from './sso.types';

/** A started sign-in, kept until the provider sends the person back. */
export interface PendingFlow {
  agencyId: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  /** Digest of the value of the cookie set in the browser that started the sign-in. */
  browserDigest: string;
  expiresAt: number;
}

/** A sign-in the provider vouched for, waiting for the page to exchange its one-time code for tokens. */
export interface Handover {
  userId: string;
  agencyId: string;
  issuer: string;
  amr: string[];
  acr: string | null;
  providerMfa: boolean;
  mfaSatisfied: boolean;
  expiresAt: number;
}

const digest = (value: string) => createHash('sha256').update(value).digest('base64url');

/**
 * The short-lived, single-use values of a sign-in through a provider, in Redis: the `state` of a
 * started sign-in (with its nonce and PKCE verifier) and the one-time code that hands a finished
 * one to the page. Keys are digests, so Redis never holds a usable value; each is taken with
 * GETDEL, so two requests with the same value cannot both have it; each expires in Redis and is
 * also judged by Tandem's clock.
 */
@Injectable()
export class SsoFlows {
  constructor(
    private readonly redis: RedisService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * The page a finished sign-in goes back to, when it may: an http(s) URL of this API's origin or of an
   * origin CORS_ORIGINS allows (the web console's), so the one-time code never goes to another site.
   */
  returnTo(raw: unknown): string | null {
    if (typeof raw !== 'string' || raw.length > 2000) return null;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return null;
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) return null;
    const origins = [new URL(this.config.values.PUBLIC_URL).origin, ...this.config.values.CORS_ORIGINS];
    if (!origins.includes(url.origin)) return null;
    url.hash = '';
    return url.toString();
  }

  /**
   * Keeps a started sign-in; answers its `state` and the cookie that binds it to the browser that
   * started it (so that nobody can finish their own sign-in in someone else's browser).
   */
  async start(flow: Omit<PendingFlow, 'expiresAt' | 'browserDigest'>): Promise<{ state: string; cookie: { name: string; value: string } }> {
    const state = randomBytes(32).toString('base64url');
    const browserKey = randomBytes(32).toString('base64url');
    const pending: PendingFlow = { ...flow, browserDigest: digest(browserKey), expiresAt: this.clock.now().getTime() + FLOW_TTL_SECONDS * 1000 };
    await this.put('flow', state, pending, FLOW_TTL_SECONDS);
    return { state, cookie: { name: this.cookieName(state), value: browserKey } };
  }

  /** The cookie of a sign-in's browser is named after its `state`, so that sign-ins started side by side do not overwrite each other's. */
  cookieName(state: string): string {
    return `tandem_sso_${digest(state).slice(0, 16)}`;
  }

  /** Whether the cookie sent with the callback is the one set when this sign-in started. */
  sameBrowser(flow: PendingFlow, cookieValue: string | undefined): boolean {
    if (!cookieValue) return false;
    return timingSafeEqual(Buffer.from(digest(cookieValue)), Buffer.from(flow.browserDigest));
  }

  /** Takes the started sign-in of a `state` (once): null when unknown, used or expired. */
  takeFlow(state: string): Promise<PendingFlow | null> {
    return this.take<PendingFlow>('flow', state);
  }

  /** Keeps a vouched-for sign-in; answers the one-time code the page exchanges. */
  async handOver(handover: Omit<Handover, 'expiresAt'>): Promise<string> {
    const code = randomBytes(32).toString('base64url');
    await this.put('handover', code, { ...handover, expiresAt: this.clock.now().getTime() + HANDOVER_TTL_SECONDS * 1000 }, HANDOVER_TTL_SECONDS);
    return code;
  }

  takeHandover(code: string): Promise<Handover | null> {
    return this.take<Handover>('handover', code);
  }

  private async put(kind: string, secret: string, value: object, ttlSeconds: number): Promise<void> {
    await this.redis.client.set(this.redis.key('sso', kind, digest(secret)), JSON.stringify(value), 'EX', ttlSeconds);
  }

  private async take<T extends { expiresAt: number }>(kind: string, secret: string): Promise<T | null> {
    const raw = await this.redis.client.getdel(this.redis.key('sso', kind, digest(secret)));
    if (!raw) return null;
    const value = JSON.parse(raw) as T;
    return value.expiresAt > this.clock.now().getTime() ? value : null;
  }
}
