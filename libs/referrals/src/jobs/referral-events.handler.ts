import { Injectable, Logger } from '@nestjs/common';
import { EventHandler, EventPayload, HandlesEvent } from '@tandem/platform';
import { ReferralTopic } from '../referral-topics';
import { ReferralAlerts } from './referral-alerts.service';

/**
 * Referral and handoff transitions, relayed from the outbox: the people concerned are alerted
 * (see referral-alerts.rules.ts), and operations see the transition in the worker's logs (ids and
 * states only).
 */
@HandlesEvent(ReferralTopic.CHANGED)
@Injectable()
export class ReferralChangedHandler implements EventHandler {
  private readonly logger = new Logger('Referrals');

  constructor(private readonly alerts: ReferralAlerts) {}

  async handle(payload: EventPayload): Promise<void> {
    const alerted = await this.alerts.raise('referral', payload);
    this.logger.log({ event: 'referral', referralId: payload.referralId, caseId: payload.caseId, status: payload.status, alerted }, 'referral changed');
  }
}

@HandlesEvent(ReferralTopic.HANDOFF_CHANGED)
@Injectable()
export class HandoffChangedHandler implements EventHandler {
  private readonly logger = new Logger('Handoffs');

  constructor(private readonly alerts: ReferralAlerts) {}

  async handle(payload: EventPayload): Promise<void> {
    const alerted = await this.alerts.raise('handoff', payload);
    this.logger.log({ event: 'handoff', handoffId: payload.handoffId, caseId: payload.caseId, status: payload.status, alerted }, 'handoff changed');
  }
}

/**
 * An emergency referral shared data without consent: a security event, logged at warning level,
 * and both agencies' supervisors are alerted besides the receiving agency's people of any new referral.
 */
@HandlesEvent(ReferralTopic.EMERGENCY)
@Injectable()
export class EmergencyReferralHandler implements EventHandler {
  private readonly logger = new Logger('Security');

  constructor(private readonly alerts: ReferralAlerts) {}

  async handle(payload: EventPayload): Promise<void> {
    const alerted = await this.alerts.raise('referral', payload, true);
    this.logger.warn(
      { event: 'emergency-share', referralId: payload.referralId, caseId: payload.caseId, toAgencyId: payload.toAgencyId, alerted },
      'emergency referral shared data without consent',
    );
  }
}
