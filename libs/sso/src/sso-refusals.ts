import { Injectable } from '@nestjs/common';
import { actorOf, ANONYMOUS, AuditService } from '@tandem/audit';
import { Transactions } from '@tandem/platform';
import { SsoAuditAction } from './sso.types';

/** A refused sign-in through a provider: where to send the person back, if known. */
export class SsoSignInRefused extends Error {
  constructor(
    readonly reason: string,
    readonly returnTo: string | null,
  ) {
    super(`single sign-on refused: ${reason}`);
  }
}

export interface SsoRefusalFacts {
  agencyId?: string | null;
  issuer?: string | null;
  /** The account the provider's person was matched to, when the refusal is about it. */
  userId?: string | null;
  userAgencyId?: string | null;
  details?: Record<string, unknown>;
}

/** The one place a refused sign-in through a provider is audited (and answered). */
@Injectable()
export class SsoRefusals {
  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  async refuse(reason: string, returnTo: string | null, facts: SsoRefusalFacts = {}): Promise<never> {
    await this.transactions.run((tx) =>
      this.audit.record(tx, {
        actor: facts.userId ? actorOf({ userId: facts.userId, agencyId: facts.userAgencyId ?? null }) : ANONYMOUS,
        action: SsoAuditAction.SSO_SIGN_IN_REFUSED,
        outcome: 'DENIED',
        reason,
        subjectType: facts.userId ? 'User' : facts.agencyId ? 'Agency' : null,
        subjectId: facts.userId ?? facts.agencyId ?? null,
        details: { ...(facts.agencyId ? { agencyId: facts.agencyId } : {}), ...(facts.issuer ? { issuer: facts.issuer } : {}), ...facts.details },
      }),
    );
    throw new SsoSignInRefused(reason, returnTo);
  }
}
