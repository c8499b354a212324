import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { actorOf, AuditService } from '@tandem/audit';
import { authorize, Viewer } from '@tandem/authz';
import { PiiCipher, SealedTextTable } from '@tandem/crypto';
import { AgencyRepository } from '@tandem/identity';
import { Clock, NotFoundError, Transactions } from '@tandem/platform';
import { WebhookPolicy } from './webhook.policies';
import { WebhookRepository } from './webhook.repository';
import { WebhookTargets } from './webhook-targets.service';

export const WebhookAuditAction = {
  WEBHOOK_SET: 'WEBHOOK_SET',
  WEBHOOK_DISABLE: 'WEBHOOK_DISABLE',
  WEBHOOK_DEAD_LETTERS: 'WEBHOOK_DEAD_LETTERS',
  WEBHOOK_RETRY: 'WEBHOOK_RETRY',
} as const;

export interface AgencyWebhookSecretRecord {
  agencyId: string;
  url: string;
  secret: string;
}

/** The secret seals to its agency: a sealed value copied to another agency's row does not open. */
export const webhookSecretContext = (agencyId: string) => `webhook:${agencyId}`;
/** The signing secrets are sealed with the case data's keyring, each bound to its agency: `keys:rotate` re-seals them too. */
export const WEBHOOK_SEALED_TEXT: SealedTextTable = { table: 'agency_webhook', key: 'agency_id', columns: { secret_sealed: webhookSecretContext } };

/**
 * Agency webhooks, for the system administrator and the agency's own administrator: set (a new
 * secret each time) and disable ({@link WebhookDeadLetters} lists what died and retries it). Every
 * change is audited in its transaction.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly cipher: PiiCipher,
    private readonly clock: Clock,
    private readonly targets: WebhookTargets,
    private readonly webhooks: WebhookRepository,
    private readonly agencies: AgencyRepository,
  ) {}

  async set(viewer: Viewer, agencyId: string, rawUrl: string): Promise<AgencyWebhookSecretRecord> {
    authorize(WebhookPolicy.set, viewer, { agencyId }, { details: { agencyId } });
    const url = await this.targets.checked(viewer, agencyId, rawUrl);
    const secret = randomBytes(32).toString('base64url');
    const sealed = this.cipher.encrypt(secret, webhookSecretContext(agencyId));
    return this.transactions.run(async (tx) => {
      if (!(await this.agencies.findById(tx, agencyId))) throw new NotFoundError('Agency');
      const previous = await this.webhooks.findActive(tx, agencyId);
      await this.webhooks.upsert(tx, agencyId, url, sealed, this.clock.now());
      await this.audit.record(tx, {
        actor: actorOf(viewer),
        action: WebhookAuditAction.WEBHOOK_SET,
        subjectType: 'Agency',
        subjectId: agencyId,
        // Where alerts now go is on the trail; the secret is not, only that it was replaced.
        details: { url, secretRotated: previous !== null },
      });
      return { agencyId, url, secret };
    });
  }

  /** Stops calls to the agency's webhook; answers whether one was active. */
  async disable(viewer: Viewer, agencyId: string): Promise<boolean> {
    authorize(WebhookPolicy.disable, viewer, { agencyId }, { details: { agencyId } });
    return this.transactions.run(async (tx) => {
      if (!(await this.webhooks.disable(tx, agencyId, this.clock.now()))) return false;
      await this.audit.record(tx, {
        actor: actorOf(viewer),
        action: WebhookAuditAction.WEBHOOK_DISABLE,
        subjectType: 'Agency',
        subjectId: agencyId,
      });
      return true;
    });
  }
}
