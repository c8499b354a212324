import { Injectable } from '@nestjs/common';
import { DeadlineEffect, DeadlineEffectHandler, DeadlineKind, DeadlineRecord } from '@tandem/deadlines';
import { Tx } from '@tandem/platform';
import { ReferralEffects } from '../referral-effects';
import { ReferralTopic } from '../referral-topics';
import { ReferralRepository } from '../referral.repository';
import { HANDOFF_TRANSITIONS, REFERRAL_EXPIRY_FROM, REFERRAL_TRANSITIONS } from '../referrals.types';

interface Subject {
  table: 'referral' | 'handoff';
  name: 'Referral' | 'Handoff';
  topic: ReferralTopic;
  /** The lifecycle's `expire` move, from the states this clock ends: from which states, and where to. */
  move: { from: readonly string[]; to: string };
}

/** The lifecycle's `expire` move of a referral, from the one state a clock ends (REFERRAL_EXPIRY_FROM), which the move must draw. */
function referralExpiry(kind: keyof typeof REFERRAL_EXPIRY_FROM): Subject['move'] {
  const from = REFERRAL_EXPIRY_FROM[kind];
  if (!REFERRAL_TRANSITIONS.expire.from.includes(from)) throw new Error(`The referral lifecycle does not expire a referral from ${from}`);
  return { from: [from], to: REFERRAL_TRANSITIONS.expire.to };
}

/**
 * Moves a referral or handoff along its lifecycle's `expire` move when its clock runs out (a request
 * unanswered, REQUESTED to EXPIRED; a held bed whose child never arrived, ACCEPTED to EXPIRED), with
 * its timeline entry, audit event and outbox event. One that moved on first has left the clock's
 * state and stays as it is.
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
    if (expired) await this.effects.expired(tx, name, topic, expired, move.from[0]!, deadline.id, now);
  }
}

/** A referral unanswered by its response time is EXPIRED: the receiving agency's inbox view of the case ends with it. */
@DeadlineEffect(DeadlineKind.REFERRAL_RESPONSE)
@Injectable()
export class ReferralExpiry extends Expiry {
  protected readonly subject: Subject = { table: 'referral', name: 'Referral', topic: ReferralTopic.CHANGED, move: referralExpiry(DeadlineKind.REFERRAL_RESPONSE) };
}

/** An accepted shelter referral whose child has not arrived (not started) when the bed-hold clock runs out is EXPIRED: its bed is given back. */
@DeadlineEffect(DeadlineKind.BED_HOLD)
@Injectable()
export class BedHoldExpiry extends Expiry {
  protected readonly subject: Subject = { table: 'referral', name: 'Referral', topic: ReferralTopic.CHANGED, move: referralExpiry(DeadlineKind.BED_HOLD) };
}

/** A handoff unanswered in 48 hours is EXPIRED; the lead stays where it was. */
@DeadlineEffect(DeadlineKind.HANDOFF_RESPONSE)
@Injectable()
export class HandoffExpiry extends Expiry {
  protected readonly subject: Subject = { table: 'handoff', name: 'Handoff', topic: ReferralTopic.HANDOFF_CHANGED, move: HANDOFF_TRANSITIONS.expire };
}
