import { Injectable } from '@nestjs/common';
import { NotificationService, Recipients } from '@tandem/notifications';
import { Clock, EventPayload, Transactions, Tx } from '@tandem/platform';
import { ReferralRepository } from '../referral.repository';
import { AlertAudience, AlertSubject, alertLedgerKey, plannedAlerts, REQUEST_KEYS } from './referral-alerts.rules';

/**
 * Turns a referral or handoff event into stored alerts (and, through the notification store, live,
 * email and webhook delivery). The event carries ids: the subject is read again here, and every
 * alert goes through the ledger, so an event handled twice tells nobody anything twice.
 */
@Injectable()
export class ReferralAlerts {
  constructor(
    private readonly transactions: Transactions,
    private readonly referrals: ReferralRepository,
    private readonly notifications: NotificationService,
    private readonly recipients: Recipients,
    private readonly clock: Clock,
  ) {}

  /** Raises the alerts of one event; answers how many notifications it stored (none when all were told before). */
  async raise(type: AlertSubject['type'], payload: EventPayload, emergencyShare = false): Promise<number> {
    const id = payload[type === 'referral' ? 'referralId' : 'handoffId'];
    const status = payload.status;
    if (typeof id !== 'string' || typeof status !== 'string') return 0;
    const actorId = typeof payload.actorId === 'string' ? payload.actorId : null;
    const now = this.clock.now();
    return this.transactions.run(async (tx) => {
      const subject = await this.referrals.alertSubject(tx, type, id);
      if (!subject) return 0;
      // Nobody is told of their own act; someone in two audiences hears the first alert naming them.
      const told = new Set(actorId ? [actorId] : []);
      let stored = 0;
      for (const alert of plannedAlerts(subject, { status, actorId, emergencyShare })) {
        const found = await this.resolve(tx, subject, alert.to);
        const recipientIds = found.filter((userId) => !told.has(userId));
        recipientIds.forEach((userId) => told.add(userId));
        const created = await this.notifications.notify(tx, {
          ledgerKey: alertLedgerKey(subject, alert.key),
          kind: alert.kind,
          caseId: subject.caseId,
          caseNumber: subject.caseNumber,
          text: alert.text,
          recipientIds,
          createdAt: now,
        });
        stored += created.length;
      }
      return stored;
    });
  }

  private async resolve(tx: Tx, subject: AlertSubject, audiences: AlertAudience[]): Promise<string[]> {
    const ids: string[] = [];
    for (const audience of audiences) {
      switch (audience) {
        case 'RECEIVING_STAFF':
          ids.push(...(await this.recipients.ofAgency(tx, subject.toAgencyId, ['STAFF', 'SUPERVISOR'])));
          break;
        case 'RECEIVING_SUPERVISORS':
          ids.push(...(await this.recipients.ofAgency(tx, subject.toAgencyId, ['SUPERVISOR'])));
          break;
        case 'SENDING_SUPERVISORS':
          ids.push(...(await this.recipients.ofAgency(tx, subject.fromAgencyId, ['SUPERVISOR'])));
          break;
        case 'SENDER': {
          const sender = await this.recipients.user(tx, subject.senderId);
          // The person left: their agency's supervisors hear instead.
          ids.push(...(sender.length ? sender : await this.recipients.ofAgency(tx, subject.fromAgencyId, ['SUPERVISOR'])));
          break;
        }
        case 'TOLD_OF_REQUEST':
          ids.push(...(await this.recipients.toldOf(tx, REQUEST_KEYS.map((key) => alertLedgerKey(subject, key)), subject.toAgencyId)));
          break;
      }
    }
    return [...new Set(ids)];
  }
}
