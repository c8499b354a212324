import { Injectable } from '@nestjs/common';
import { DeadlineEffect, DeadlineEffectHandler, DeadlineKind, DeadlineRecord } from '@tandem/deadlines';
import { Tx } from '@tandem/platform';
import { ReferralEffects } from '../referral-effects';
import { ReferralTopic } from '../referral-topics';
import { ReferralRepository } from '../referral.repository';
import { HANDOFF_TRANSITIONS, REFERRAL_TRANSITIONS } from '../referrals.types';

interface Subject {
  table: 'referral' | 'handoff';
  name: 'Referral' | 'Handoff';
  topic: ReferralTopic;
  /** The lifecycle's `expire` move: from which states, and where to. */
  move: { from: readonly string[]; to: string };
}

/**
 * Moves a referral or handoff unanswered by its response time along its lifecycle's `expire` move
 * (REQUESTED to EXPIRED), with its timeline entry, audit event and outbox event. A request answered
 * first has left the move's states and stays as it is.
 */
@Injectable()
abstract class Expiry implements DeadlineEffectHandler {
  protected abstract readonly subject: Subject;

  constructor(
    private readonly referrals: ReferralRepository,
    private readonly effects: ReferralEffects,
  ) {}

  async onDue(tx: Tx, deadline: DeadlineRecord, now: Date): Promise<void> {
    const { table, name, topic, move } = this.subject;
    const expired = await this.referrals.expire(tx, table, deadline.subjectId, move, now);
    if (expired) await this.effects.expired(tx, name, topic, expired, deadline.id, now);
  }
}

/** A referral unanswered by its response time is EXPIRED: the receiving agency's inbox view of the case ends with it. */
@DeadlineEffect(DeadlineKind.REFERRAL_RESPONSE)
@Injectable()
export class ReferralExpiry extends Expiry {
  protected readonly subject: Subject = { table: 'referral', name: 'Referral', topic: ReferralTopic.CHANGED, move: REFERRAL_TRANSITIONS.expire };
}

/** A handoff unanswered in 48 hours is EXPIRED; the lead stays where it was. */
@DeadlineEffect(DeadlineKind.HANDOFF_RESPONSE)
@Injectable()
export class HandoffExpiry extends Expiry {
  protected readonly subject: Subject = { table: 'handoff', name: 'Handoff', topic: ReferralTopic.HANDOFF_CHANGED, move: HANDOFF_TRANSITIONS.expire };
}
