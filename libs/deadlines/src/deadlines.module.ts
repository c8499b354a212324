import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { IdentityCoreModule } from '@tandem/identity';
import { NotificationsCoreModule } from '@tandem/notifications';
import { DeadlineAlerts } from './deadline-alerts';
import { DeadlineEffects } from './deadline-effect';
import { DeadlineStages } from './deadline-stages';
import { DeadlineEngine } from './deadline.engine';
import { DeadlineRepository } from './deadline.repository';
import { DeadlineService } from './deadline.service';
import { DeadlineResolver } from './graphql/deadline.resolver';
import { DeadlineChangedHandler } from './jobs/deadlines.processor';

const CORE = [DeadlineService, DeadlineEngine];

/**
 * Deadlines without GraphQL: starting and meeting clocks (domain modules), running stages (worker, tests).
 * The repository is exported for this lib's own resolver module; index.ts leaves it out, so other libs
 * go through DeadlineService.
 */
@Module({
  imports: [NotificationsCoreModule, DiscoveryModule],
  providers: [DeadlineRepository, DeadlineEffects, DeadlineAlerts, DeadlineStages, ...CORE, DeadlineChangedHandler],
  exports: [...CORE, DeadlineRepository],
})
export class DeadlinesCoreModule {}

/** The `deadlines` query, for the API. */
@Module({ imports: [DeadlinesCoreModule, IdentityCoreModule], providers: [DeadlineResolver] })
export class DeadlinesModule {}
