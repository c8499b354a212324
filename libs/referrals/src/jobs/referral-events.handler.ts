import { Injectable, Logger } from '@nestjs/common';
import { EventHandler, EventPayload, EventTopic, HandlesEvent } from '@tandem/platform';

/**
 * Referral and handoff transitions, relayed from the outbox. Operations see them in the worker's
 * logs (ids and states only); the notifications module turns them into alerts for people.
 */
@HandlesEvent(EventTopic.REFERRAL_CHANGED)
@Injectable()
export class ReferralChangedHandler implements EventHandler {
  private readonly logger = new Logger('Referrals');

  async handle(payload: EventPayload): Promise<void> {
    this.logger.log({ event: 'referral', referralId: payload.referralId, caseId: payload.caseId, status: payload.status }, 'referral changed');
  }
}

@HandlesEvent(EventTopic.HANDOFF_CHANGED)
@Injectable()
export class HandoffChangedHandler implements EventHandler {
  private readonly logger = new Logger('Handoffs');

  async handle(payload: EventPayload): Promise<void> {
    this.logger.log({ event: 'handoff', handoffId: payload.handoffId, caseId: payload.caseId, status: payload.status }, 'handoff changed');
  }
}

/** An emergency referral shared data without consent: a security event, logged at warning level. */
@HandlesEvent(EventTopic.REFERRAL_EMERGENCY)
@Injectable()
export class EmergencyReferralHandler implements EventHandler {
  private readonly logger = new Logger('Security');

  async handle(payload: EventPayload): Promise<void> {
    this.logger.warn({ event: 'emergency-share', referralId: payload.referralId, caseId: payload.caseId, toAgencyId: payload.toAgencyId }, 'emergency referral shared data without consent');
  }
}
