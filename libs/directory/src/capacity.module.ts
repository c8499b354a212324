import { Module } from '@nestjs/common';
import { NotificationsCoreModule } from '@tandem/notifications';
import { BedHolds } from './bed-holds';
import { CapacityStaleWatch } from './capacity-stale.service';
import { CapacityRepository } from './capacity.repository';
import { CapacityService } from './capacity.service';
import { CapacityFeed } from './graphql/capacity.feed';
import { CapacityResolver } from './graphql/capacity.resolver';
import { CapacityChangedHandler } from './jobs/capacity-changed.handler';

const CORE = [CapacityRepository, BedHolds, CapacityService, CapacityStaleWatch];

/** Live capacity and bed holds without GraphQL: the referrals lib holds beds through it; the worker adds `DirectoryProcessor` for the stale scan. */
@Module({ imports: [NotificationsCoreModule], providers: [...CORE, CapacityChangedHandler], exports: CORE })
export class CapacityCoreModule {}

/** Live capacity's mutation and subscription, for the API. */
@Module({ imports: [CapacityCoreModule], providers: [CapacityResolver, CapacityFeed] })
export class CapacityModule {}
