import { Injectable } from '@nestjs/common';
import { EventHandler, EventPayload, HandlesEvent, RedisService, Transactions } from '@tandem/platform';
import { CAPACITY_CHANNEL, CapacityTopic } from '../capacity-topics';
import { CapacityRepository } from '../capacity.repository';
import { AnnouncedCapacity } from '../graphql/capacity.feed';

/**
 * Announces a changed figure on Redis to every API process (the `capacityChanged` subscription),
 * as it stands now: counts, the site's names and jurisdiction, never an address or a position.
 */
@HandlesEvent(CapacityTopic.CHANGED)
@Injectable()
export class CapacityChangedHandler implements EventHandler {
  constructor(
    private readonly capacity: CapacityRepository,
    private readonly transactions: Transactions,
    private readonly redis: RedisService,
  ) {}

  async handle(payload: EventPayload): Promise<void> {
    const capacityId = payload.capacityId as string | undefined;
    if (!capacityId) return;
    const tx = this.transactions.manager;
    const figure = await this.capacity.findCapacityById(tx, capacityId);
    if (!figure?.serviceAtLocationId) return;
    const site = await this.capacity.findSite(tx, figure.serviceAtLocationId);
    if (!site) return;
    const announced: AnnouncedCapacity = {
      serviceAtLocationId: site.serviceAtLocationId,
      serviceId: site.serviceId,
      serviceName: site.serviceName,
      // A confidential site is announced by its service and city only.
      locationName: site.confidential ? null : site.locationName,
      city: site.city,
      jurisdictionId: site.jurisdictionId,
      agencyId: site.agencyId,
      unitId: figure.unitId,
      available: figure.available,
      maximum: figure.maximum,
      updated: figure.updated.toISOString(),
      version: figure.version,
      reason: typeof payload.reason === 'string' ? payload.reason : 'UPDATE',
    };
    await this.redis.client.publish(this.redis.key(CAPACITY_CHANNEL), JSON.stringify(announced));
  }
}
