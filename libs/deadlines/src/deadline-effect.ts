import { SetMetadata } from '@nestjs/common';
import { Tx } from '@tandem/platform';
import { DeadlineKind, DeadlineRecord } from './deadline.types';

export const DEADLINE_EFFECT = 'tandem:deadline-effect';

/**
 * What happens in the domain when a deadline passes unmet (a referral EXPIRED, scopes withdrawn),
 * run in the transaction that marks it BREACHED. The module that owns the subject provides it,
 * so the deadline engine needs no knowledge of referrals or consents.
 */
export interface DeadlineEffectHandler {
  onDue(tx: Tx, deadline: DeadlineRecord, now: Date): Promise<void>;
}

/** Marks a provider as the one effect of a deadline kind. */
export const DeadlineEffect = (kind: DeadlineKind) => SetMetadata(DEADLINE_EFFECT, kind);
