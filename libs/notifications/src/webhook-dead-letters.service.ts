import { Injectable, Logger } from '@nestjs/common';
import { actorOf, AuditService } from '@tandem/audit';
import { authorize, Viewer } from '@tandem/authz';
import { ConflictError, Transactions } from '@tandem/platform';
import { DeliveryRecovery } from './jobs/delivery.recovery';
import { WebhookPolicy } from './webhook.policies';
import { WebhookDeliveryRecord, WebhookRepository } from './webhook.repository';
import { WebhookAuditAction } from './webhooks.service';

/** The webhook calls of an agency that failed every retry: listed for its administrators, and sent again. */
@Injectable()
export class WebhookDeadLetters {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly recovery: DeliveryRecovery,
    private readonly webhooks: WebhookRepository,
  ) {}

  /** The agency's DEAD deliveries, most recently given up first. */
  async page(viewer: Viewer, agencyId: string, after: [string, string] | null, limit: number): Promise<WebhookDeliveryRecord[]> {
    authorize(WebhookPolicy.listDeadLetters, viewer, { agencyId }, { details: { agencyId } });
    return this.webhooks.pageDead(this.transactions.manager, agencyId, after, limit);
  }

  /** Gives a DEAD delivery its attempts again; one outside the viewer's agency is NOT_FOUND. */
  async retry(viewer: Viewer, deliveryId: string): Promise<WebhookDeliveryRecord> {
    const updated = await this.transactions.run(async (tx): Promise<WebhookDeliveryRecord> => {
      const found = await this.webhooks.lockDelivery(tx, deliveryId);
      authorize(WebhookPolicy.retry, viewer, found, { details: { deliveryId } });
      // Locked: the status read is the one the update sees, and only a DEAD delivery is revived.
      const row = await this.webhooks.revive(tx, deliveryId);
      if (!row) throw new ConflictError(`Only a DEAD delivery can be retried; this one is ${found?.status}`);
      await this.audit.record(tx, {
        actor: actorOf(viewer),
        action: WebhookAuditAction.WEBHOOK_RETRY,
        subjectType: 'Agency',
        subjectId: row.agencyId,
        details: { deliveryId },
      });
      return row;
    });
    // Committed PENDING first: if Redis is away now, the delivery sweep queues it later.
    await this.recovery.enqueueRetry(deliveryId).catch((error: Error) => {
      this.logger.warn(`webhook delivery ${deliveryId} could not be queued now (${error.message}); the sweep will`);
    });
    return updated;
  }
}
