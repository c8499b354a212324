import { Injectable, Logger } from '@nestjs/common';
import { Role } from '@tandem/authz';
import { NotificationService, Recipients } from '@tandem/notifications';
import { AppConfig, Clock, Transactions } from '@tandem/platform';
import { CapacityRepository, StaleCapacity } from './capacity.repository';

const HOUR = 3600_000;
/** Stale figures read at a time; a scan reads them all, page after page. */
const SCAN_BATCH = 500;

/** The alert's ledger key: one per figure and staleness period (a new update starts a new period). */
export const staleLedgerKey = (figure: Pick<StaleCapacity, 'id' | 'updated'>) => `capacity-stale:${figure.id}:${figure.updated.toISOString()}`;

/**
 * Tells a shelter's supervisors when its figure goes stale (not updated for CAPACITY_STALE_HOURS):
 * an in-app notification (with its email and webhook), once per figure and staleness period, however
 * often the scan runs; an update starts a new period.
 */
@Injectable()
export class CapacityStaleWatch {
  private readonly logger = new Logger('CapacityStaleWatch');

  constructor(
    private readonly capacity: CapacityRepository,
    private readonly transactions: Transactions,
    private readonly notifications: NotificationService,
    private readonly recipients: Recipients,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Alerts for every stale figure not alerted in its period yet; returns the notifications created. */
  async scan(): Promise<number> {
    const now = this.clock.now();
    const hours = this.config.values.CAPACITY_STALE_HOURS;
    const cutoff = new Date(now.getTime() - hours * HOUR);
    let notified = 0;
    let seen = 0;
    let after: StaleCapacity | null = null;
    for (;;) {
      const page = await this.capacity.staleCapacities(this.transactions.manager, cutoff, after, SCAN_BATCH);
      for (const figure of page) notified += await this.alert(figure, hours, now);
      seen += page.length;
      if (page.length < SCAN_BATCH) break;
      after = page[page.length - 1]!;
    }
    if (notified) this.logger.log(`stale capacity: ${notified} notification(s) for ${seen} stale figure(s)`);
    return notified;
  }

  /** Tells the figure's supervisors, unless they were told in this staleness period; the notifications created. */
  private async alert(figure: StaleCapacity, hours: number, now: Date): Promise<number> {
    return this.transactions.run(async (tx) => {
      const supervisors = await this.recipients.ofAgency(tx, figure.agencyId, [Role.SUPERVISOR]);
      const site = figure.locationName ? `${figure.serviceName} (${figure.locationName})` : figure.serviceName;
      const ids = await this.notifications.notify(tx, {
        ledgerKey: staleLedgerKey(figure),
        kind: 'CAPACITY_STALE',
        caseId: null,
        caseNumber: null,
        text: `The capacity of ${site} was last updated ${figure.updated.toISOString().slice(0, 16).replace('T', ' ')} UTC, more than ${hours} hours ago: caseworkers see it as stale. Update it.`,
        recipientIds: supervisors,
        createdAt: now,
      });
      return ids.length;
    });
  }
}
