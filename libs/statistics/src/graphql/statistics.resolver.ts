import { Args, ID, Info, Int, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { PublicThrottle } from '@tandem/auth';
import { Allow, CurrentViewer, Viewer } from '@tandem/authz';
import { Connection, ParseIdPipe } from '@tandem/platform';
import { GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';
import { releaseCsv, releaseJson, StatisticsRelease, StatisticsReleases } from '../statistics-releases.service';
import { STATISTICS_PUBLISH, STATISTICS_READ, STATISTICS_READ_PUBLISHED } from '../statistics.policies';
import { StatisticsService, StatisticsTable } from '../statistics.service';
import { StatisticsDimension, StatisticsFilterInput, StatisticsMeasure, StatisticsReleaseConnection, StatisticsReleaseModel, StatisticsTableModel } from './statistics.model';

/** Whether the operation selects a field of this name anywhere under the current field. */
function selects(info: GraphQLResolveInfo, name: string): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === name || visit(selection.selectionSet);
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      return visit(info.fragments[selection.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}

@Resolver(() => StatisticsReleaseModel)
export class StatisticsResolver {
  constructor(
    private readonly service: StatisticsService,
    private readonly releases: StatisticsReleases,
  ) {}

  @Query(() => StatisticsTableModel, { description: "A measure cut by up to two dimensions (one for a share), with totals; a supervisor also reads their own agency's operational measures" })
  @Allow(STATISTICS_READ)
  statistics(
    @CurrentViewer() viewer: Viewer,
    @Args('measure', { type: () => StatisticsMeasure }) measure: string,
    @Args('dimensions', { type: () => [StatisticsDimension] }) dimensions: string[],
    @Args('filter', { type: () => StatisticsFilterInput }) filter: StatisticsFilterInput,
    @Info() info: GraphQLResolveInfo,
  ): Promise<StatisticsTable> {
    // Medians cost a second aggregate: only when asked for.
    const medians = selects(info, 'medianHours');
    return this.service.table(viewer, { measure, dimensions, from: filter.from, to: filter.to, jurisdictionIds: filter.jurisdictionIds ?? null, medians });
  }

  @Mutation(() => StatisticsReleaseModel, { description: 'Publishes a frozen release of the months from `from` to `to` (YYYY-MM, at most 12, in quarters that have ended)' })
  @Allow(STATISTICS_PUBLISH)
  publishStatistics(@CurrentViewer() viewer: Viewer, @Args('from') from: string, @Args('to') to: string): Promise<StatisticsRelease> {
    return this.releases.publish(viewer, from, to);
  }

  @Query(() => StatisticsReleaseConnection, { description: 'Published statistics releases, the latest first; no account needed' })
  @Allow(STATISTICS_READ_PUBLISHED)
  @PublicThrottle()
  publishedStatistics(
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<Connection<StatisticsRelease>> {
    return this.releases.published(first, after);
  }

  @Query(() => StatisticsReleaseModel, { description: 'One published release; no account needed' })
  @Allow(STATISTICS_READ_PUBLISHED)
  @PublicThrottle()
  publishedStatisticsRelease(@Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string): Promise<StatisticsRelease> {
    return this.releases.release(id);
  }

  @ResolveField(() => String, { description: 'The release as CSV: one line per figure, suppressed ones empty and marked; text neutralised for spreadsheets' })
  csv(release: StatisticsRelease): string {
    return releaseCsv(release);
  }

  @ResolveField(() => String, { description: 'The release as JSON, as it was frozen' })
  json(release: StatisticsRelease): string {
    return releaseJson(release);
  }
}
