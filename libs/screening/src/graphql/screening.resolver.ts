import { Args, Context, Info, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { readLog } from '@tandem/audit';
import { Allow, CurrentViewer, Viewer } from '@tandem/authz';
import { Case, CaseLoaders, pathOf } from '@tandem/cases';
import { MissingEpisode } from '@tandem/missing';
import { GraphQLContext, perRequest, Transactions } from '@tandem/platform';
import DataLoader from 'dataloader';
import { GraphQLResolveInfo } from 'graphql';
import { inLanguage } from '../instrument-definition';
import { ScreeningInstruments } from '../screening-instruments.service';
import { SCREENING_INSTRUMENTS_READ, SCREENING_SUBMIT } from '../screening.policies';
import { ScreeningService } from '../screening.service';
import { InstrumentDefinition, InstrumentRecord, ScreeningRecord } from '../screening.types';
import { Screening, ScreeningInstrument, ScreeningInstrumentFilter, SubmitScreeningInput } from './screening.model';

const SCREENINGS = Symbol('screenings');
const DEFINITIONS = Symbol('screening-definitions');

/** A screening as the API shows it, with its instrument version's texts. */
export function screeningNode(record: ScreeningRecord, definition: InstrumentDefinition | null): Screening {
  const threshold = definition?.thresholds.find((t) => t.id === record.thresholdId) ?? null;
  return {
    id: record.id,
    caseId: record.caseId,
    instrumentId: record.instrumentId,
    instrumentVersion: record.instrumentVersion,
    instrumentTitle: definition ? inLanguage(definition.title, 'en') : record.instrumentId,
    practice: definition?.practice ?? false,
    scope: record.scope,
    mode: record.mode,
    respondent: record.respondent,
    administeredAt: record.administeredAt,
    administeredById: record.administeredBy,
    agencyId: record.agencyId,
    assent: record.assent,
    consentBy: record.consentBy,
    score: record.score,
    maxScore: record.maxScore,
    outcome: record.outcome,
    thresholdId: record.thresholdId,
    thresholdLabel: threshold ? inLanguage(threshold.label, 'en') : null,
    riskLevel: record.riskLevel,
    caseRiskBefore: record.caseRiskBefore,
    caseRiskAfter: record.caseRiskAfter,
    recommendedAction: threshold ? inLanguage(threshold.outcome.recommendedAction, 'en') : null,
    followUpDueAt: record.followUpDueAt,
    missingCount: record.missingCount,
    missingEpisodeId: record.missingEpisodeId,
    answers: record.answers,
  };
}

/** An instrument version as the API shows it, in one language. */
export function instrumentNode(record: InstrumentRecord, language: string | null | undefined): ScreeningInstrument {
  const d = record.definition;
  return {
    id: d.id,
    version: d.version,
    title: inLanguage(d.title, language),
    languages: d.languages,
    practice: d.practice,
    scope: d.scope,
    modes: d.modes,
    respondents: d.respondents,
    licenseName: d.license.name,
    licenseUrl: d.license.url ?? null,
    citation: d.citation,
    maxMissing: d.scoring.maxMissing ?? null,
    items: d.items.map((item) => ({
      id: item.id,
      text: inLanguage(item.text, language),
      answerType: item.answerType,
      weight: item.weight,
      required: item.required,
      min: item.min ?? null,
      max: item.max ?? null,
      options: (item.options ?? []).map((option) => ({ code: option.code, points: option.points, text: inLanguage(option.text, language) })),
    })),
    thresholds: d.thresholds.map((t) => ({
      id: t.id,
      label: inLanguage(t.label, language),
      minScore: t.minScore ?? null,
      anyYesOf: t.anyYesOf ?? [],
      riskLevel: t.outcome.riskLevel ?? null,
      positive: t.outcome.positive,
      recommendedAction: inLanguage(t.outcome.recommendedAction, language),
      followUpWithinHours: t.outcome.followUp?.withinHours ?? null,
      followUpServiceTypes: (t.outcome.followUp?.serviceTypes ?? []) as ScreeningInstrument['thresholds'][number]['followUpServiceTypes'],
    })),
    digest: record.digest,
    loadedAt: record.loadedAt,
  };
}

@Resolver(() => Screening)
export class ScreeningResolver {
  constructor(
    private readonly service: ScreeningService,
    private readonly instruments: ScreeningInstruments,
    private readonly transactions: Transactions,
  ) {}

  @Mutation(() => Screening, {
    description: 'Scores a screening on the server with the instrument version named; over a positive threshold, raises the case risk level, flags SCREENED_POSITIVE, alerts and starts the follow-up clock',
  })
  @Allow(SCREENING_SUBMIT)
  async submitScreening(@CurrentViewer() viewer: Viewer, @Args('input') input: SubmitScreeningInput): Promise<Screening> {
    const { screening, definition } = await this.service.submit(viewer, {
      ...input,
      caseId: input.caseId.toLowerCase(),
      missingEpisodeId: input.missingEpisodeId?.toLowerCase() ?? null,
      answers: input.answers.map((answer) => ({ itemId: answer.itemId, value: answer.value ?? null, status: answer.status ?? null })),
    });
    return screeningNode(screening, definition);
  }

  @Query(() => [ScreeningInstrument], { description: 'The loaded screening instrument versions, oldest version first' })
  @Allow(SCREENING_INSTRUMENTS_READ)
  async screeningInstruments(@Args('filter', { type: () => ScreeningInstrumentFilter, nullable: true }) filter?: ScreeningInstrumentFilter): Promise<ScreeningInstrument[]> {
    const all = await this.instruments.list(this.transactions.manager);
    return all
      .filter((record) => !filter?.instrumentId || record.instrumentId === filter.instrumentId)
      .filter((record) => filter?.includePractice !== false || !record.definition.practice)
      .map((record) => instrumentNode(record, filter?.language));
  }
}

/**
 * A case's screenings as the viewer reads them (null: withheld, named in extensions.redacted), in
 * one statement per request for every case asked about, with their instrument versions' texts.
 */
abstract class ScreeningsOfCase {
  constructor(
    protected readonly service: ScreeningService,
    protected readonly instruments: ScreeningInstruments,
    protected readonly transactions: Transactions,
    protected readonly loaders: CaseLoaders,
  ) {}

  protected async read(caseId: string, viewer: Viewer, context: GraphQLContext, info: GraphQLResolveInfo, only?: (record: ScreeningRecord) => boolean): Promise<Screening[] | null> {
    const view = await this.loaders.view(context, caseId);
    if (!view) return [];
    const loader = perRequest(context, SCREENINGS, () => new DataLoader(async (ids: readonly string[]) => {
      const found = await this.service.screeningsOf(this.transactions.manager, ids);
      return ids.map((id) => found.filter((record) => record.caseId === id));
    }));
    const records = (await loader.load(caseId)).filter((record) => !only || only(record));
    const shown = this.service.readable(viewer, view, records, readLog(context));
    if (shown === null) {
      context.redacted.push(pathOf(info));
      return null;
    }
    const definitions = perRequest(context, DEFINITIONS, () => new DataLoader(async (keys: readonly string[]) => {
      const all = await this.instruments.list(this.transactions.manager);
      return keys.map((key) => all.find((record) => `${record.instrumentId}@${record.version}` === key)?.definition ?? null);
    }));
    return Promise.all(shown.map(async (record) => screeningNode(record, await definitions.load(`${record.instrumentId}@${record.instrumentVersion}`))));
  }
}

/** Case.screenings: the history of the child's screenings, withheld as SERVICES data is. */
@Resolver(() => Case)
export class CaseScreeningsResolver extends ScreeningsOfCase {
  constructor(service: ScreeningService, instruments: ScreeningInstruments, transactions: Transactions, loaders: CaseLoaders) {
    super(service, instruments, transactions, loaders);
  }

  @ResolveField(() => [Screening], {
    nullable: true,
    description: 'Newest first. SERVICES: null without it (see extensions.redacted); screenings kept as CLINICAL only to the agency that administered them',
  })
  screenings(@Parent() node: Case, @CurrentViewer() viewer: Viewer, @Context() context: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<Screening[] | null> {
    return this.read(node.id, viewer, context, info);
  }
}

/** MissingEpisode.screenings: those its return interview carried, read as Case.screenings are. */
@Resolver(() => MissingEpisode)
export class EpisodeScreeningsResolver extends ScreeningsOfCase {
  constructor(service: ScreeningService, instruments: ScreeningInstruments, transactions: Transactions, loaders: CaseLoaders) {
    super(service, instruments, transactions, loaders);
  }

  @ResolveField(() => [Screening], { nullable: true, description: 'The screenings its return interview carried. SERVICES: null without it (see extensions.redacted)' })
  screenings(@Parent() episode: MissingEpisode, @CurrentViewer() viewer: Viewer, @Context() context: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<Screening[] | null> {
    return this.read(episode.caseId, viewer, context, info, (record) => record.missingEpisodeId === episode.id);
  }
}
