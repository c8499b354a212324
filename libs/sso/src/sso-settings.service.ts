import { Injectable } from '@nestjs/common';
import { actorOf, AuditService } from '@tandem/audit';
import { authorize, Viewer } from '@tandem/authz';
import { PiiCipher } from '@tandem/crypto';
import { AgencyRepository } from '@tandem/identity';
import { BadInputError, Clock, NotFoundError, Transactions } from '@tandem/platform';
import { ProviderClient, signInPath } from './openid';
import { SsoPolicy } from './sso.policies';
import { SsoRepository } from './sso.repository';
import { AgencySsoRecord, ssoSecretContext, SsoAuditAction } from './sso.types';

export interface AgencySsoSettingsInput {
  agencyId: string;
  issuer: string;
  clientId: string;
  clientSecret?: string | null;
  trustProviderMfa: boolean;
  acceptedAmr?: string[] | null;
  acceptedAcr?: string[] | null;
  enabled: boolean;
}

/** The settings with what an administrator registers at the provider and links from a sign-in page. */
export interface AgencySsoView extends AgencySsoRecord {
  redirectUri: string;
  signInUrl: string;
}


/**
 * An agency's identity provider, for system administrators: set (the secret sealed to the agency,
 * never answered) and read. Enabling it needs a provider that answers its discovery document.
 * Every change is audited in its transaction, without the secret.
 */
@Injectable()
export class SsoSettingsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly cipher: PiiCipher,
    private readonly clock: Clock,
    private readonly sso: SsoRepository,
    private readonly agencies: AgencyRepository,
    private readonly provider: ProviderClient,
  ) {}

  async configure(viewer: Viewer, input: AgencySsoSettingsInput): Promise<AgencySsoView> {
    authorize(SsoPolicy.configure, viewer, undefined, { details: { agencyId: input.agencyId } });
    if (!this.provider.issuerAllowed(input.issuer)) throw BadInputError.field('input.issuer', 'must be an https URL without credentials, query or fragment');
    // Kept as the provider's discovery document writes it, which is what its tokens will say.
    let issuer = input.issuer;
    if (input.enabled) {
      const discovered = await this.provider.discover(input.issuer);
      if (!discovered) {
        throw BadInputError.field('input.issuer', 'answers no OpenID Connect discovery document naming this issuer (copy it exactly as the provider writes it)');
      }
      issuer = discovered;
    }
    const sealed = input.clientSecret ? this.cipher.encrypt(input.clientSecret, ssoSecretContext(input.agencyId)) : null;
    const stored = await this.transactions.run(async (tx) => {
      if (!(await this.agencies.findById(tx, input.agencyId))) throw new NotFoundError('Agency');
      const previous = await this.sso.find(tx, input.agencyId);
      if (!previous && !sealed) throw BadInputError.field('input.clientSecret', 'is required the first time');
      const settings = {
        agencyId: input.agencyId,
        issuer,
        clientId: input.clientId,
        trustProviderMfa: input.trustProviderMfa,
        acceptedAmr: [...new Set(input.acceptedAmr ?? [])],
        acceptedAcr: [...new Set(input.acceptedAcr ?? [])],
        enabled: input.enabled,
      };
      const saved = await this.sso.upsert(tx, settings, sealed, this.clock.now());
      await this.audit.record(tx, {
        actor: actorOf(viewer),
        action: SsoAuditAction.SSO_CONFIGURE,
        subjectType: 'Agency',
        subjectId: input.agencyId,
        // What changed is on the trail; the secret is not, only whether it was replaced.
        details: { ...settings, secretReplaced: sealed !== null && previous !== null, wasEnabled: previous?.enabled ?? false },
      });
      return saved;
    });
    return this.view(stored);
  }

  async read(viewer: Viewer, agencyId: string): Promise<AgencySsoView | null> {
    authorize(SsoPolicy.read, viewer, undefined, { details: { agencyId } });
    const settings = await this.sso.find(this.transactions.manager, agencyId);
    return settings ? this.view(settings) : null;
  }

  private view(settings: AgencySsoRecord): AgencySsoView {
    return { ...settings, redirectUri: this.provider.redirectUri(), signInUrl: this.provider.publicUrl(signInPath(settings.agencyId)) };
  }
}

