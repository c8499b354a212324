import { Module } from '@nestjs/common';
import { CursorModule } from '@tandem/platform';
import { StatisticsResolver } from './graphql/statistics.resolver';
import { StatisticsReleases } from './statistics-releases.service';
import { StatisticsRepository } from './statistics.repository';
import { StatisticsService } from './statistics.service';

const CORE = [StatisticsRepository, StatisticsService, StatisticsReleases];

/** Statistics and releases without GraphQL: the worker adds `StatisticsProcessor` for the monthly release; the CLI seeds one. */
@Module({ imports: [CursorModule], providers: CORE, exports: CORE })
export class StatisticsCoreModule {}

/** Statistics, publishing and the public releases, for the API. */
@Module({ imports: [StatisticsCoreModule], providers: [StatisticsResolver] })
export class StatisticsModule {}
