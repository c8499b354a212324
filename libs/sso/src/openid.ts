import { Injectable } from '@nestjs/common';
import { AppConfig, Clock } from '@tandem/platform';

// `openid-client` is published as ES modules only: Node 20.19+ loads it with require() (the tests
// compile it to CommonJS, see jest.config.js).
import * as openid from 'openid-client';

/** How long a provider's discovery document is kept before it is fetched again. */
const METADATA_TTL_MS = 10 * 60_000;
const REQUEST_TIMEOUT_SECONDS = 10;

/** Where the provider sends people back, for every agency: the redirect URI registered at each provider. */
export const CALLBACK_PATH = '/auth/sso/callback';
/** Where a page sends an agency's people to sign in through its provider. */
export const signInPath = (agencyId: string) => `/auth/sso/${agencyId}/start`;

export interface ProviderClientSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** What the provider vouched for, once its answer has passed every check. */
export interface ProviderAssertion {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  amr: unknown;
  acr: unknown;
}

/** A refused provider answer; `code` is what the audit trail keeps (no token, no claim value). */
export class ProviderAnswerRefused extends Error {
  constructor(readonly code: string, readonly claim: string | null) {
    super(`provider answer refused: ${code}${claim ? ` (${claim})` : ''}`);
  }
}

/**
 * The relying party's side of OpenID Connect (authorization code with PKCE, `state` and `nonce`),
 * through `openid-client`. The ID token's signature, issuer, audience, expiry and nonce are checked
 * there; its time is Tandem's clock, so that a test can move it.
 */
@Injectable()
export class ProviderClient {
  private readonly metadata = new Map<string, { at: number; server: openid.ServerMetadata }>();

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** A path of this API as browsers reach it. */
  publicUrl(path: string): string {
    return `${this.config.values.PUBLIC_URL}${path}`;
  }

  redirectUri(): string {
    return this.publicUrl(CALLBACK_PATH);
  }

  /** Whether an issuer URL may be used: https, or http to a host allowed for tests and development. */
  issuerAllowed(issuer: string): boolean {
    let url: URL;
    try {
      url = new URL(issuer);
    } catch {
      return false;
    }
    if (url.username || url.password || url.search || url.hash) return false;
    if (url.protocol === 'https:') return true;
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    return url.protocol === 'http:' && this.config.values.SSO_ALLOW_HTTP_HOSTS.includes(host);
  }

  /**
   * Fetches the issuer's discovery document and answers the issuer as it names itself, or null when
   * it cannot be had or names another issuer.
   */
  async discover(issuer: string): Promise<string | null> {
    try {
      return (await this.server(issuer, true)).issuer;
    } catch {
      return null;
    }
  }

  async authorizationUrl(settings: ProviderClientSettings, params: { redirectUri: string; state: string; nonce: string; codeVerifier: string }): Promise<URL> {
    const configuration = await this.configuration(settings);
    return openid.buildAuthorizationUrl(configuration, {
      redirect_uri: params.redirectUri,
      scope: 'openid email',
      response_type: 'code',
      code_challenge: await openid.calculatePKCECodeChallenge(params.codeVerifier),
      code_challenge_method: 'S256',
      state: params.state,
      nonce: params.nonce,
    });
  }

  /** Redeems the authorization code and checks the answer; throws {@link ProviderAnswerRefused}. */
  async redeem(settings: ProviderClientSettings, callbackUrl: URL, expected: { state: string; nonce: string; codeVerifier: string }): Promise<ProviderAssertion> {
    try {
      const configuration = await this.configuration(settings);
      const tokens = await openid.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: expected.codeVerifier,
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims()!;
      let email = typeof claims.email === 'string' ? claims.email : null;
      let emailVerified = verified(claims.email_verified);
      // Providers that keep the ID token small give the email at the userinfo endpoint (for the same subject, checked there).
      if (email === null && configuration.serverMetadata().userinfo_endpoint) {
        const info = await openid.fetchUserInfo(configuration, tokens.access_token, claims.sub);
        email = typeof info.email === 'string' ? info.email : null;
        emailVerified = verified(info.email_verified);
      }
      return { subject: claims.sub, email, emailVerified, amr: claims.amr, acr: claims.acr };
    } catch (error) {
      if (error instanceof ProviderAnswerRefused) throw error;
      throw refusalOf(error);
    }
  }

  private async configuration(settings: ProviderClientSettings): Promise<openid.Configuration> {
    const server = await this.server(settings.issuer, false);
    // The clock skew makes the library judge token times by Tandem's clock, not the machine's.
    const skew = Math.round((this.clock.now().getTime() - Date.now()) / 1000);
    // client_secret_basic, OpenID Connect's default, unless the provider announces only client_secret_post.
    const methods = server.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
    const authentication = methods.includes('client_secret_basic') || !methods.includes('client_secret_post')
      ? openid.ClientSecretBasic(settings.clientSecret)
      : openid.ClientSecretPost(settings.clientSecret);
    const configuration = new openid.Configuration(server, settings.clientId, { client_secret: settings.clientSecret, [openid.clockSkew]: skew }, authentication);
    configuration.timeout = REQUEST_TIMEOUT_SECONDS;
    if (new URL(settings.issuer).protocol === 'http:') openid.allowInsecureRequests(configuration);
    // The ID token's signature is checked against the provider's published keys even though it comes
    // straight from the token endpoint (which OpenID Connect lets a client skip): the sign-in rests on it.
    openid.enableNonRepudiationChecks(configuration);
    return configuration;
  }

  private async server(issuer: string, fresh: boolean): Promise<openid.ServerMetadata> {
    if (!this.issuerAllowed(issuer)) throw new ProviderAnswerRefused('issuer not allowed', null);
    const cached = this.metadata.get(issuer);
    if (!fresh && cached && Date.now() - cached.at < METADATA_TTL_MS) return cached.server;
    const discovered = await openid.discovery(new URL(issuer), 'discovery', undefined, undefined, {
      timeout: REQUEST_TIMEOUT_SECONDS,
      ...(new URL(issuer).protocol === 'http:' ? { execute: [openid.allowInsecureRequests] } : {}),
    });
    const server = discovered.serverMetadata();
    this.metadata.set(issuer, { at: Date.now(), server });
    return server;
  }
}

/** `email_verified` as providers send it: true, or the text "true" some write at their userinfo endpoint. */
function verified(value: unknown): boolean {
  return value === true || value === 'true';
}

/** What failed, in words the audit trail keeps: the library's error code and, for a claim, its name. */
function refusalOf(error: unknown): ProviderAnswerRefused {
  // The library wraps the check that failed in `cause`s: the innermost code and claim say most.
  const chain: { code?: unknown; error?: unknown; claim?: unknown; message?: unknown }[] = [];
  for (let link = error as { cause?: unknown } | undefined, depth = 0; link && typeof link === 'object' && depth < 5; link = link.cause as { cause?: unknown }, depth += 1) {
    chain.push(link as (typeof chain)[number]);
  }
  const first = <K extends keyof (typeof chain)[number]>(key: K) => chain.map((link) => link[key]).find((value): value is string => typeof value === 'string') ?? null;
  // A provider's own refusal (invalid_grant for a used or foreign code) says so in `error`.
  const oauthError = first('error');
  if (oauthError) return new ProviderAnswerRefused(`provider error ${oauthError}`, null);
  if (chain.some((link) => typeof link.message === 'string' && /signature verification failed/i.test(link.message))) return new ProviderAnswerRefused('bad signature', null);
  const codes = chain.map((link) => link.code).filter((code): code is string => typeof code === 'string');
  return new ProviderAnswerRefused(codes[codes.length - 1] ?? 'unexpected answer', first('claim'));
}
