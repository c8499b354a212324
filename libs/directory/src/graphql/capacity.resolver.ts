import { Args, ID, Int, Mutation, Resolver, Subscription } from '@nestjs/graphql';
import { Allow, CurrentViewer, decide, Viewer } from '@tandem/authz';
import { AppConfig, Clock } from '@tandem/platform';
import { CAPACITY_SUBSCRIBE, CAPACITY_UPDATE } from '../capacity.policies';
import { CapacityService } from '../capacity.service';
import { isFresh } from '../suggestions/suggestion.rules';
import { AnnouncedCapacity, CapacityFeed } from './capacity.feed';
import { CapacityChange } from './capacity.model';
import { Capacity } from './directory.model';

@Resolver(() => CapacityChange)
export class CapacityResolver {
  constructor(
    private readonly service: CapacityService,
    private readonly feed: CapacityFeed,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  private stale(updated: Date): boolean {
    return !isFresh(updated, this.clock.now(), this.config.values.CAPACITY_STALE_HOURS);
  }

  @Mutation(() => Capacity, { description: "Sets a site's available (and maximum) count in a unit; staff, supervisors and the admin of the site's own agency" })
  @Allow(CAPACITY_UPDATE)
  async updateCapacity(
    @CurrentViewer() viewer: Viewer,
    @Args('serviceAtLocationId', { type: () => ID }) serviceAtLocationId: string,
    @Args('unit', { description: 'The unit counted, by id or name (bed)' }) unit: string,
    @Args('available', { type: () => Int }) available: number,
    @Args('maximum', { type: () => Int, nullable: true }) maximum?: number | null,
    @Args('expectedVersion', { type: () => Int, nullable: true, description: 'The version you read: CONFLICT if it changed since' }) expectedVersion?: number | null,
  ): Promise<Capacity> {
    const figure = await this.service.update(viewer, { serviceAtLocationId, unit, available, maximum, expectedVersion });
    return { ...figure, stale: this.stale(figure.updated) };
  }

  @Subscription(() => CapacityChange, {
    description: "Capacity changes of the sites of your agency's jurisdiction, as they happen",
    resolve(this: CapacityResolver, change: AnnouncedCapacity): CapacityChange {
      const updated = new Date(change.updated);
      return { ...change, updated, stale: this.stale(updated) };
    },
  })
  @Allow(CAPACITY_SUBSCRIBE)
  capacityChanged(@CurrentViewer() viewer: Viewer): AsyncIterableIterator<AnnouncedCapacity> {
    return this.feed.changes((change) => decide(CAPACITY_SUBSCRIBE, viewer, { site: change }).allowed);
  }
}
