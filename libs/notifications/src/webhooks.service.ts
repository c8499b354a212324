import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { Injectable, Logger } from '@nestjs/common';
import { actorOf, AuditAction, AuditService } from '@tandem/audit';
import { Role, Viewer } from '@tandem/authz';
import { PiiCipher, SealedTextTable } from '@tandem/crypto';
import { AgencyRepository } from '@tandem/identity';
import { AppConfig, BadInputError, Clock, ConflictError, ForbiddenError, NotFoundError, Transactions, Tx } from '@tandem/platform';
import { DeliveryRecovery } from './jobs/delivery.recovery';
import { WebhookDeliveryRecord, WebhookRepository } from './webhook.repository';
import { resolvedHostProblem, untilAborted, WebhookDns, webhookHostKey, webhookUrlForTrail, webhookUrlProblem } from './webhook-target';

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
 * secret each time), disable, list what died, retry it. Every change is audited in its transaction.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly cipher: PiiCipher,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly recovery: DeliveryRecovery,
    private readonly dns: WebhookDns,
    private readonly webhooks: WebhookRepository,
    private readonly agencies: AgencyRepository,
  ) {}

  async set(viewer: Viewer, agencyId: string, rawUrl: string): Promise<AgencyWebhookSecretRecord> {
    await this.assertManages(viewer, agencyId, WebhookAuditAction.WEBHOOK_SET);
    const url = rawUrl.trim();
    const rules = { production: this.config.isProduction, allowHosts: this.config.values.WEBHOOK_ALLOW_HOSTS };
    const problem = webhookUrlProblem(url, rules) ?? (await this.resolvedProblem(url, rules.allowHosts));
    if (problem) {
      // Pointing a webhook inward is how one would probe the internal network: the trail keeps the try.
      await this.deny(viewer, WebhookAuditAction.WEBHOOK_SET, 'webhook target refused', {
        agencyId,
        url: webhookUrlForTrail(url),
      });
      throw BadInputError.field('url', problem);
    }
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

  /**
   * Where the URL's host name leads now, by DNS (its form alone was checked already). Only a
   * non-public answer refuses it: a name that does not resolve, or not in time, is the delivery's
   * to check, as every delivery checks again on the addresses it connects to.
   */
  private async resolvedProblem(url: string, allowHosts: readonly string[]): Promise<string | null> {
    const host = webhookHostKey(new URL(url).hostname);
    if (isIP(host) || allowHosts.includes(host)) return null;
    try {
      return resolvedHostProblem(await untilAborted(this.dns.lookup(host), AbortSignal.timeout(this.config.values.WEBHOOK_TIMEOUT_MS)));
    } catch {
      return null;
    }
  }

  /** Stops calls to the agency's webhook; answers whether one was active. */
  async disable(viewer: Viewer, agencyId: string): Promise<boolean> {
    await this.assertManages(viewer, agencyId, WebhookAuditAction.WEBHOOK_DISABLE);
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

  /** The agency's DEAD deliveries, most recently given up first. */
  async deadLetters(viewer: Viewer, agencyId: string, after: [string, string] | null, limit: number): Promise<WebhookDeliveryRecord[]> {
    await this.assertManages(viewer, agencyId, WebhookAuditAction.WEBHOOK_DEAD_LETTERS);
    return this.webhooks.pageDead(this.transactions.manager, agencyId, after, limit);
  }

  /** Gives a DEAD delivery its attempts again; one outside the viewer's agency is NOT_FOUND. */
  async retry(viewer: Viewer, deliveryId: string): Promise<WebhookDeliveryRecord> {
    const updated = await this.transactions.run(async (tx): Promise<WebhookDeliveryRecord | null> => {
      const found = await this.webhooks.lockDelivery(tx, deliveryId);
      if (!found || !this.manages(viewer, found.agencyId)) return null;
      if (found.status !== 'DEAD') throw new ConflictError(`Only a DEAD delivery can be retried; this one is ${found.status}`);
      const row = await this.webhooks.revive(tx, deliveryId);
      await this.audit.record(tx, {
        actor: actorOf(viewer),
        action: WebhookAuditAction.WEBHOOK_RETRY,
        subjectType: 'Agency',
        subjectId: found.agencyId,
        details: { deliveryId },
      });
      return row;
    });
    if (!updated) {
      await this.deny(viewer, WebhookAuditAction.WEBHOOK_RETRY, 'no such delivery in purview', { deliveryId });
      throw new NotFoundError('Webhook delivery');
    }
    // Committed PENDING first: if Redis is away now, the delivery sweep queues it later.
    await this.recovery.enqueueRetry(deliveryId).catch((error: Error) => {
      this.logger.warn(`webhook delivery ${deliveryId} could not be queued now (${error.message}); the sweep will`);
    });
    return updated;
  }

  private manages(viewer: Viewer, agencyId: string): boolean {
    if (viewer.role === Role.SYSTEM_ADMIN) return true;
    return viewer.role === Role.AGENCY_ADMIN && viewer.agencyId === agencyId;
  }

  private async assertManages(viewer: Viewer, agencyId: string, action: string): Promise<void> {
    if (this.manages(viewer, agencyId)) return;
    await this.deny(viewer, action, 'agency administrators manage only their own agency', { agencyId });
    throw new ForbiddenError("You may manage only your own agency's webhook", 'policy');
  }

  private async deny(viewer: Viewer, action: string, reason: string, details: Record<string, unknown>): Promise<void> {
    await this.transactions.run((tx: Tx) =>
      this.audit.record(tx, {
        actor: actorOf(viewer),
        action: AuditAction.ACCESS_DENIED,
        outcome: 'DENIED',
        reason,
        details: { attempted: action, ...details },
      }),
    );
  }
}
