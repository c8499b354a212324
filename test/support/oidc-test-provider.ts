import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export interface ProviderClientRegistration {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
}

/** Who signs in at the provider, and what it says of them. */
export interface ProviderPerson {
  sub: string;
  email?: string;
  verified?: boolean;
  amr?: string[];
  acr?: string;
}

export type Tamper = 'none' | 'foreign-key' | 'audience' | 'nonce';

/**
 * A real OpenID provider (`oidc-provider`, ES modules only) in a child Node process on loopback,
 * and a browser's part of signing in there: follow the authorization URL, sign a person in on the
 * interaction page, and come back with the redirect to Tandem's callback.
 */
export class OidcTestProvider {
  private constructor(
    private readonly child: ChildProcess,
    readonly issuer: string,
  ) {}

  static async start(clients: ProviderClientRegistration[]): Promise<OidcTestProvider> {
    const child = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs')], {
      env: { PATH: process.env.PATH, OIDC_CLIENTS: JSON.stringify(clients) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const issuer = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n')[0];
        if (out.includes('\n')) resolve((JSON.parse(line!) as { issuer: string }).issuer);
      });
      child.once('exit', (code) => reject(new Error(`the test provider stopped (${code}): ${stderr}`)));
    });
    return new OidcTestProvider(child, issuer);
  }

  /** Makes the provider's next token answers carry a forged or misdirected ID token (or none of that). */
  async tamper(mode: Tamper): Promise<void> {
    const response = await fetch(`${this.issuer}/test/tamper`, { method: 'POST', body: JSON.stringify({ mode }) });
    if (response.status !== 204) throw new Error(`tamper answered ${response.status}`);
  }

  /**
   * Follows the provider's authorization URL as a browser, signs the person in, and answers the
   * URL the provider then redirects to (Tandem's callback with `code` and `state`).
   */
  async signIn(authorizationUrl: string, person: ProviderPerson): Promise<URL> {
    const jar = new Map<string, string>();
    const go = async (url: URL) => {
      const response = await fetch(url, { redirect: 'manual', headers: { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') } });
      for (const cookie of response.headers.getSetCookie()) {
        const pair = cookie.split(';')[0]!;
        jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
      }
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) throw new Error(`the provider answered ${response.status}: ${await response.text()}`);
      return new URL(location, this.issuer);
    };
    const interaction = await go(new URL(authorizationUrl));
    interaction.searchParams.set('sub', person.sub);
    if (person.email) interaction.searchParams.set('email', person.email);
    if (person.verified !== false) interaction.searchParams.set('verified', '1');
    if (person.amr) interaction.searchParams.set('amr', person.amr.join(','));
    if (person.acr) interaction.searchParams.set('acr', person.acr);
    const resume = await go(interaction);
    return go(resume);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
