import { Injectable, Logger } from '@nestjs/common';
import { Role } from '@tandem/authz';
import { NotificationService, Recipients } from '@tandem/notifications';
import { AppConfig, Clock, Transactions } from '@tandem/platform';
import { CapacityRepository, StaleCapacity } from './capacity.repository';

const HOUR = 3600_000;
/** Stale figures handled per scan; the next scan takes the rest. */
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
    const stale = await this.capacity.staleCapacities(this.transactions.manager, new Date(now.getTime() - hours * HOUR), SCAN_BATCH);
    let notified = 0;
    for (const figure of stale) {
      notified += await this.transactions.run(async (tx) => {
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
    if (notified) this.logger.log(`stale capacity: ${notified} notification(s) for ${stale.length} stale figure(s)`);
    return notified;
  }
}
