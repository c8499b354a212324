import { Injectable, OnModuleInit, SetMetadata, Type } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { Tx } from '@tandem/platform';
import { DEADLINE_RULES } from './deadline.rules';
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

/**
 * The effects of the deadline kinds, found among the providers marked with {@link DeadlineEffect}:
 * each kind whose rule has an effect must have exactly one.
 */
@Injectable()
export class DeadlineEffects implements OnModuleInit {
  private readonly effects = new Map<DeadlineKind, DeadlineEffectHandler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      if (!wrapper.metatype || !wrapper.instance) continue;
      const kind = this.reflector.get<DeadlineKind | undefined>(DEADLINE_EFFECT, wrapper.metatype as Type);
      if (!kind) continue;
      if (this.effects.has(kind)) throw new Error(`Deadline kind "${kind}" has two effects`);
      this.effects.set(kind, wrapper.instance as DeadlineEffectHandler);
    }
  }

  /** The worker refuses to start when a kind's effect is missing: a breach must never be half done. */
  assertComplete(): void {
    const missing = Object.values(DeadlineKind).filter((kind) => DEADLINE_RULES[kind].effect && !this.effects.has(kind));
    if (missing.length) throw new Error(`Deadline kinds without an effect: ${missing.join(', ')}`);
  }

  /** Runs the effect of a deadline that passed unmet, when its kind has one. */
  async onDue(tx: Tx, deadline: DeadlineRecord, now: Date): Promise<void> {
    if (!DEADLINE_RULES[deadline.kind].effect) return;
    const effect = this.effects.get(deadline.kind);
    if (!effect) throw new Error(`No effect for deadline kind ${deadline.kind}`);
    await effect.onDue(tx, deadline, now);
  }
}
