import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { AppConfig, Clock, QueueName, Transactions } from '@tandem/platform';
import { Queue } from 'bullmq';
import { NotificationRepository } from '../notification.repository';
import { CreatedAtRow } from '../notification.types';
import { WebhookRepository } from '../webhook.repository';
import { DeliveryJob, emailJobId, NotificationCreatedHandler } from './notification-created.handler';

const BATCH = 500;

/**
 * PostgreSQL is the truth of what is still to be sent; Redis only holds the jobs. `requeue` adds
 * the job of every webhook delivery still PENDING and every notification not yet emailed (last
 * 24 hours), under the same deterministic job ids, so a job that exists is left as it is and one
 * that a flushed or lost Redis dropped comes back. The deadline sweep calls it every minute.
 */
@Injectable()
export class DeliveryRecovery {
  constructor(
    private readonly transactions: Transactions,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly created: NotificationCreatedHandler,
    @InjectQueue(QueueName.DELIVERY) private readonly queue: Queue,
    private readonly notifications: NotificationRepository,
    private readonly webhooks: WebhookRepository,
  ) {}

  /** Re-adds lost jobs; answers how many rows it looked at (a job that still exists is not added twice). */
  async requeue(): Promise<{ webhooks: number; emails: number }> {
    // Rows younger than a minute are still on their way through the outbox. A delivery is stamped
    // by the database's clock, a notification with the time of its alert: each is aged by its own.
    const before = new Date(this.clock.now().getTime() - 60_000);
    const webhooks = await this.each(
      (after) => this.webhooks.pageStalePending(this.transactions.manager, after, BATCH),
      (ids) => this.queue.addBulk(ids.map((id) => ({ name: DeliveryJob.WEBHOOK, data: { deliveryId: id }, opts: this.created.webhookJobOptions(id) }))),
    );
    let emails = 0;
    if (this.config.values.SMTP_URL) {
      const since = new Date(before.getTime() - 24 * 3600_000);
      emails = await this.each(
        (after) => this.notifications.pageUnemailed(this.transactions.manager, since, before, after, BATCH),
        (ids) => this.queue.addBulk(ids.map((id) => ({ name: DeliveryJob.EMAIL, data: { notificationId: id }, opts: { jobId: emailJobId(id) } }))),
      );
    }
    return { webhooks, emails };
  }

  /**
   * Queues a delivery again after an administrator's retry. The job of its last run is removed
   * first: it still holds the deterministic id, and adding under that id would do nothing.
   */
  async enqueueRetry(deliveryId: string): Promise<void> {
    const options = this.created.webhookJobOptions(deliveryId);
    const previous = await this.queue.getJob(options.jobId);
    if (previous) await previous.remove();
    await this.queue.add(DeliveryJob.WEBHOOK, { deliveryId }, options);
  }

  /** Walks the rows `page` answers in keyset order, a batch at a time, handing each batch's ids to `add`. */
  private async each(page: (after: CreatedAtRow | null) => Promise<CreatedAtRow[]>, add: (ids: string[]) => Promise<unknown>): Promise<number> {
    let after: CreatedAtRow | null = null;
    let seen = 0;
    for (;;) {
      const rows = await page(after);
      if (rows.length) await add(rows.map((row) => row.id));
      seen += rows.length;
      if (rows.length < BATCH) return seen;
      after = rows[rows.length - 1]!;
    }
  }
}
