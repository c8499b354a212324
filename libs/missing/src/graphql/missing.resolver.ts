import { Args, Mutation, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, CurrentViewer, DataScope, Viewer } from '@tandem/authz';
import { Case, CaseLoaders, pathOf } from '@tandem/cases';
import { PiiCipher } from '@tandem/crypto';
import { GraphQLContext, Transactions } from '@tandem/platform';
import DataLoader from 'dataloader';
import { GraphQLResolveInfo } from 'graphql';
import { MISSING_EPISODE_RECORD, MISSING_REPORT_RECORD, MISSING_RETURN_RECORD, RETURN_INTERVIEW_RECORD } from '../missing.policies';
import { MissingReports } from '../missing-reports.service';
import { MissingService } from '../missing.service';
import { LastSeen, lastSeenContext, MissingEpisodeRecord, MissingReportRecord } from '../missing.types';
import { MissingEpisode, RecordMissingEpisodeInput, RecordMissingReportInput, RecordReturnInput, RecordReturnInterviewInput, MissingReport } from './missing.model';

const EPISODES = Symbol('missing-episodes');

@Resolver(() => MissingEpisode)
export class MissingResolver {
  constructor(
    private readonly service: MissingService,
    private readonly reports: MissingReports,
    private readonly cipher: PiiCipher,
  ) {}

  @Mutation(() => MissingEpisode, { description: 'The child is missing: flags MISSING; for child welfare, starts the 24-hour reports to law enforcement and NCMEC' })
  @Allow(MISSING_EPISODE_RECORD)
  async recordMissingEpisode(@CurrentViewer() viewer: Viewer, @Args('input') input: RecordMissingEpisodeInput): Promise<MissingEpisode> {
    const episode = await this.service.recordEpisode(viewer, { ...input, caseId: input.caseId.toLowerCase() });
    return this.toEpisode(episode, [], [DataScope.SUMMARY, DataScope.LOCATION, DataScope.INVESTIGATION]);
  }

  @Mutation(() => MissingReport, { description: 'A report to LAW_ENFORCEMENT or NCMEC, or the NCIC entry; meets its deadline' })
  @Allow(MISSING_REPORT_RECORD)
  async recordMissingReport(@CurrentViewer() viewer: Viewer, @Args('input') input: RecordMissingReportInput): Promise<MissingReport> {
    return this.reports.recordReport(viewer, { ...input, episodeId: input.episodeId.toLowerCase(), receivingAgencyId: input.receivingAgencyId?.toLowerCase() ?? null });
  }

  @Mutation(() => MissingEpisode, { description: 'The child returned: MISSING becomes RECENT_RECOVERY; the 72-hour return interview is due' })
  @Allow(MISSING_RETURN_RECORD)
  async recordReturn(@CurrentViewer() viewer: Viewer, @Args('input') input: RecordReturnInput): Promise<MissingEpisode> {
    const episode = await this.service.recordReturn(viewer, { ...input, episodeId: input.episodeId.toLowerCase() });
    return this.toEpisode(episode, [], [DataScope.SUMMARY]);
  }

  @Mutation(() => MissingEpisode, { description: 'The return interview (and its screening) is done; meets the 72-hour deadline' })
  @Allow(RETURN_INTERVIEW_RECORD)
  async recordReturnInterview(@CurrentViewer() viewer: Viewer, @Args('input') input: RecordReturnInterviewInput): Promise<MissingEpisode> {
    const episode = await this.service.recordReturnInterview(viewer, { ...input, episodeId: input.episodeId.toLowerCase() });
    return this.toEpisode(episode, [], [DataScope.SUMMARY]);
  }

  toEpisode(record: MissingEpisodeRecord, reports: MissingReportRecord[], scopes: DataScope[]): MissingEpisode {
    const location = scopes.includes(DataScope.LOCATION);
    const lastSeen = location && record.lastSeenSealed ? this.cipher.decryptJson<LastSeen>(record.lastSeenSealed, lastSeenContext(record.id)) : null;
    const investigation = scopes.includes(DataScope.INVESTIGATION);
    return {
      id: record.id,
      caseId: record.caseId,
      missingSince: record.missingSince,
      learnedAt: record.learnedAt,
      lastSeenPlace: lastSeen?.place ?? null,
      lastSeenWith: lastSeen?.with ?? null,
      reports: reports.map((report) => ({ ...report, reportNumber: investigation ? report.reportNumber : null, numberWithheld: !investigation })),
      returnedAt: record.returnedAt,
      returnInterviewAt: record.interviewedAt,
      screeningDone: record.screeningDone,
      lastSeenWithheld: !location && record.lastSeenSealed !== null,
    };
  }

  @ResolveField('lastSeenPlace', () => String, { nullable: true })
  lastSeenPlace(episode: MissingEpisode, _args: unknown, context: GraphQLContext, info: GraphQLResolveInfo): string | null {
    if (episode.lastSeenWithheld) context.redacted.push(pathOf(info));
    return episode.lastSeenPlace;
  }

  @ResolveField('lastSeenWith', () => String, { nullable: true })
  lastSeenWith(episode: MissingEpisode, _args: unknown, context: GraphQLContext, info: GraphQLResolveInfo): string | null {
    if (episode.lastSeenWithheld) context.redacted.push(pathOf(info));
    return episode.lastSeenWith;
  }
}

/** Case.missingEpisodes: visibility follows the case's scopes (LOCATION for where, INVESTIGATION for report numbers). */
@Resolver(() => Case)
export class CaseMissingResolver {
  constructor(
    private readonly service: MissingService,
    private readonly transactions: Transactions,
    private readonly loaders: CaseLoaders,
    private readonly episodes: MissingResolver,
  ) {}

  @ResolveField(() => [MissingEpisode], { description: 'Newest first' })
  async missingEpisodes(node: Case, _args: unknown, context: GraphQLContext): Promise<MissingEpisode[]> {
    const view = await this.loaders.view(context, node.id);
    if (!view) return [];
    let loader = context.state.get(EPISODES) as DataLoader<string, { episode: MissingEpisodeRecord; reports: MissingReportRecord[] }[]> | undefined;
    if (!loader) {
      loader = new DataLoader(async (ids: readonly string[]) =>
        this.transactions.run(async (tx) => {
          const episodes = await this.service.episodesOf(tx, ids);
          const reports = await this.service.reportsOf(tx, episodes.map((e) => e.id));
          return ids.map((id) => episodes.filter((e) => e.caseId === id).map((episode) => ({ episode, reports: reports.filter((r) => r.episodeId === episode.id) })));
        }),
      );
      context.state.set(EPISODES, loader);
    }
    const found = await loader.load(node.id);
    return found.map(({ episode, reports }) => this.episodes.toEpisode(episode, reports, view.scopes));
  }
}

@Resolver(() => MissingReport)
export class MissingReportResolver {
  @ResolveField('reportNumber', () => String, { nullable: true, description: 'INVESTIGATION: null outside that scope (see extensions.redacted)' })
  reportNumber(report: MissingReport, _args: unknown, context: GraphQLContext, info: GraphQLResolveInfo): string | null {
    if (report.numberWithheld) context.redacted.push(pathOf(info));
    return report.reportNumber;
  }
}
