import { Module } from '@nestjs/common';
import { CasesCoreModule } from '@tandem/cases';
import { CursorModule } from '@tandem/platform';
import { EpisodeFactsRepository } from './episode-facts.repository';
import { EpisodeFacts } from './episode-facts.service';
import { StatisticsResolver } from './graphql/statistics.resolver';
import { ChildChangedHandler } from './jobs/child-changed.handler';
import { StatisticsLattices } from './statistics-lattices.service';
import { StatisticsReleases } from './statistics-releases.service';
import { StatisticsRepository } from './statistics.repository';
import { StatisticsService } from './statistics.service';

const CORE = [StatisticsRepository, StatisticsLattices, StatisticsService, StatisticsReleases, EpisodeFactsRepository, EpisodeFacts];

/**
 * Statistics and releases without GraphQL, with the handler that derives episodes' facts when a child
 * changes: the worker adds `StatisticsProcessor` for its scheduled jobs; the CLI seeds a release.
 */
@Module({ imports: [CursorModule, CasesCoreModule], providers: [...CORE, ChildChangedHandler], exports: [...CORE, ChildChangedHandler] })
export class StatisticsCoreModule {}

/** Statistics, publishing and the public releases, for the API. */
@Module({ imports: [StatisticsCoreModule], providers: [StatisticsResolver] })
export class StatisticsModule {}
