import { Injectable } from '@nestjs/common';
import { ConflictError, OutboxService, Tx } from '@tandem/platform';
import { CapacityTopic } from './capacity-topics';
import { CapacityReason, CapacityFigure, CapacityRepository, CapacitySite } from './capacity.repository';

/** What a refused hold says in `extensions.reason` when the site has no bed left. */
export const NO_CAPACITY = 'NO_CAPACITY';

/** Why a hold ended: the referral's terminal state. */
export type HoldRelease = 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'EXPIRED';

/**
 * The beds held for accepted referrals: the directory's public face for the referrals lib, which
 * calls it inside the transaction that moves the referral, so that the bed and the referral's
 * state change together or not at all (docs/design.md, "Bed holds and suggestions").
 */
@Injectable()
export class BedHolds {
  constructor(
    private readonly capacity: CapacityRepository,
    private readonly outbox: OutboxService,
  ) {}

  /** The site a referral may name, or null when no site has the id. */
  site(tx: Tx, serviceAtLocationId: string): Promise<CapacitySite | null> {
    return this.capacity.findSite(tx, serviceAtLocationId);
  }

  /**
   * Holds a bed at the site for the referral: one fewer available, the hold recorded, the change in
   * the history. A site with no bed left (or that counts none) is a CONFLICT with reason NO_CAPACITY.
   */
  async hold(tx: Tx, hold: { referralId: string; serviceAtLocationId: string; referringAgencyId: string; by: string | null }, now: Date): Promise<CapacityFigure> {
    const taken = await this.capacity.takeBed(tx, hold.serviceAtLocationId);
    if (!taken) throw new ConflictError('No bed is available at this site: update its capacity or refer elsewhere', { reason: NO_CAPACITY });
    await this.capacity.insertHold(tx, { referralId: hold.referralId, capacityId: taken.id, serviceAtLocationId: hold.serviceAtLocationId, referringAgencyId: hold.referringAgencyId, heldAt: now });
    await this.changed(tx, taken, 'HOLD', now, hold.by);
    return taken;
  }

  /**
   * The child of the referral arrived: its bed, still held until the referral ends, is now occupied,
   * which a shelter's own count (an import) already counts as taken (docs/directory-import.md).
   */
  async arrived(tx: Tx, referralId: string, now: Date): Promise<void> {
    await this.capacity.markArrived(tx, referralId, now);
  }

  /** Releases the referral's hold, if it holds one still: the bed comes back (never above the maximum). */
  async release(tx: Tx, referralId: string, reason: HoldRelease, now: Date, by: string | null): Promise<CapacityFigure | null> {
    const ended = await this.capacity.endHold(tx, referralId, now, reason);
    if (!ended) return null;
    const returned = await this.capacity.returnBed(tx, ended.capacityId);
    if (!returned) return null;
    await this.changed(tx, returned, 'RELEASE', now, by);
    return returned;
  }

  /** The site answered that it has no bed: its figures go to none available, stamped as just updated by the user. */
  async markFull(tx: Tx, serviceAtLocationId: string, now: Date, by: string): Promise<CapacityFigure[]> {
    const figures = await this.capacity.markFull(tx, serviceAtLocationId, now, by);
    for (const figure of figures) await this.changed(tx, figure, 'DECLINED_NO_CAPACITY', now, by);
    return figures;
  }

  private changed(tx: Tx, figure: CapacityFigure, reason: CapacityReason, now: Date, by: string | null): Promise<void> {
    return recordCapacityChange(this.capacity, this.outbox, tx, { figure, reason, at: now, by });
  }
}

/** Appends a change of a figure to its history and announces it (ids and a reason code only), in the changer's transaction. */
export async function recordCapacityChange(
  capacity: CapacityRepository,
  outbox: OutboxService,
  tx: Tx,
  change: { figure: CapacityFigure; reason: CapacityReason; at: Date; by: string | null },
): Promise<void> {
  await capacity.appendHistory(tx, change.figure, change.reason, change.at, change.by);
  await outbox.publish(tx, { topic: CapacityTopic.CHANGED, payload: { capacityId: change.figure.id, serviceAtLocationId: change.figure.serviceAtLocationId, reason: change.reason } });
}
