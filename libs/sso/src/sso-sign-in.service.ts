import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PiiCipher } from '@tandem/crypto';
import { isUniqueViolation, Transactions } from '@tandem/platform';
import { ProviderAnswerRefused, ProviderClient, ProviderClientSettings } from './openid';
import { SsoAccounts } from './sso-accounts';
import { SsoFlows } from './sso-flows';
import { SsoRefusals } from './sso-refusals';
import { SSO_ONE_SUBJECT_PER_ACCOUNT, SsoRepository } from './sso.repository';
import { AgencySsoWithSecret, providerMfa, ssoSecretContext } from './sso.types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Signing in through an agency's identity provider (authorization code with PKCE): the start sends
 * the browser to the provider with a `state`, a `nonce` and a code challenge kept here; the callback
 * takes them back once, redeems the code, checks the ID token, and matches the person to an
 * existing account of that agency. A matched sign-in is handed to the page as a one-time code,
 * which {@link SsoHandoverService} exchanges for tokens. Every refusal is audited.
 */
@Injectable()
export class SsoSignInService {
  constructor(
    private readonly transactions: Transactions,
    private readonly sso: SsoRepository,
    private readonly flows: SsoFlows,
    private readonly provider: ProviderClient,
    private readonly cipher: PiiCipher,
    private readonly accounts: SsoAccounts,
    private readonly refusals: SsoRefusals,
  ) {}

  /** The provider's authorization URL for a new sign-in into the agency, returning to `returnTo`, and the cookie binding it to this browser. */
  async start(agencyId: string, rawReturnTo: unknown): Promise<{ url: URL; cookie: { name: string; value: string } }> {
    const returnTo = this.flows.returnTo(rawReturnTo);
    if (!returnTo) return this.refusals.refuse('return address not allowed', null, { agencyId: UUID.test(agencyId) ? agencyId : null });
    if (!UUID.test(agencyId)) return this.refusals.refuse('single sign-on not enabled', returnTo);
    const settings = await this.enabled(agencyId, returnTo);
    const codeVerifier = randomBytes(32).toString('base64url');
    const nonce = randomBytes(32).toString('base64url');
    const { state, cookie } = await this.flows.start({ agencyId, nonce, codeVerifier, returnTo });
    let url: URL;
    try {
      url = await this.provider.authorizationUrl(this.clientSettings(settings), { redirectUri: this.provider.redirectUri(), state, nonce, codeVerifier });
    } catch {
      // The provider's discovery document could not be had: the person goes back to the page, told it failed.
      return this.refusals.refuse('provider unreachable', returnTo, { agencyId, issuer: settings.issuer });
    }
    return { url, cookie };
  }

  /**
   * Finishes a sign-in from the provider's answer (the callback's query) in the browser that started
   * it (`cookies`); answers where to send the browser.
   */
  async callback(query: Record<string, unknown>, rawQuery: string, cookies: Record<string, string>): Promise<URL> {
    const state = typeof query.state === 'string' ? query.state : '';
    const flow = state ? await this.flows.takeFlow(state) : null;
    if (!flow) return this.refusals.refuse('unknown, used or expired state', null);
    const { agencyId, returnTo } = flow;
    if (!this.flows.sameBrowser(flow, cookies[this.flows.cookieName(state)])) {
      return this.refusals.refuse('finished in another browser than the one that started it', returnTo, { agencyId });
    }
    const settings = await this.enabled(agencyId, returnTo);
    const facts = { agencyId, issuer: settings.issuer };
    if (typeof query.error === 'string') {
      return this.refusals.refuse('the provider did not sign the person in', returnTo, { ...facts, details: { error: query.error.slice(0, 60) } });
    }

    let assertion;
    try {
      const callbackUrl = new URL(`${this.provider.redirectUri()}?${rawQuery}`);
      assertion = await this.provider.redeem(this.clientSettings(settings), callbackUrl, { state, nonce: flow.nonce, codeVerifier: flow.codeVerifier });
    } catch (error) {
      if (!(error instanceof ProviderAnswerRefused)) throw error;
      return this.refusals.refuse('provider answer refused', returnTo, { ...facts, details: { check: error.code, ...(error.claim ? { claim: error.claim } : {}) } });
    }

    const mfa = providerMfa(settings, assertion);
    const handover = await this.transactions
      .run(async (tx) => {
        const outcome = await this.accounts.match(tx, agencyId, settings.issuer, assertion);
        if (!outcome.matched) return outcome;
        await this.accounts.recordSignIn(tx, { id: outcome.userId, agencyId }, settings.issuer, assertion.subject, mfa, outcome.link);
        return { matched: true as const, userId: outcome.userId };
      })
      .catch((error: unknown) => {
        // Another subject of this provider was linked to the same account between the match and the
        // link (two first sign-ins at once): the one that linked first wins, as a later sign-in would find.
        if (!isUniqueViolation(error, SSO_ONE_SUBJECT_PER_ACCOUNT)) throw error;
        return { matched: false as const, reason: 'email linked to another subject' as const, userId: null, userAgencyId: null };
      });
    if (!handover.matched) {
      return this.refusals.refuse(handover.reason, returnTo, { ...facts, userId: handover.userId, userAgencyId: handover.userAgencyId, details: { subject: assertion.subject } });
    }
    const code = await this.flows.handOver({
      userId: handover.userId,
      agencyId,
      issuer: settings.issuer,
      amr: mfa.amr,
      acr: mfa.acr,
      providerMfa: mfa.asserted,
      mfaSatisfied: mfa.satisfied,
    });
    const back = new URL(returnTo);
    back.searchParams.set('signInCode', code);
    return back;
  }

  private async enabled(agencyId: string, returnTo: string): Promise<AgencySsoWithSecret> {
    const settings = await this.sso.findWithSecret(this.transactions.manager, agencyId);
    if (!settings?.enabled) return this.refusals.refuse('single sign-on not enabled', returnTo, { agencyId });
    return settings;
  }

  private clientSettings(settings: AgencySsoWithSecret): ProviderClientSettings {
    return { issuer: settings.issuer, clientId: settings.clientId, clientSecret: this.cipher.decrypt(settings.clientSecretSealed, ssoSecretContext(settings.agencyId)) };
  }
}
