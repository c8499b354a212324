import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { actorOf, ReadLog } from '@tandem/audit';
import { DataScope, Viewer } from '@tandem/authz';
import { authorizeOnCase, CaseAccess, CaseView, ConsentGrantor } from '@tandem/cases';
import { MissingService } from '@tandem/missing';
import { BadInputError, Clock, ConflictError, FieldProblem, Transactions, Tx } from '@tandem/platform';
import { answerProblems, scoreScreening } from './scoring';
import { ScreeningInstruments } from './screening-instruments.service';
import { ScreeningOutcomes } from './screening-outcomes';
import { SCREENING_SUBMIT } from './screening.policies';
import { ScreeningRepository } from './screening.repository';
import { AnswerInput, InstrumentDefinition, ScreeningMode, ScreeningRecord, ScreeningRespondent } from './screening.types';

export interface SubmitScreeningData {
  caseId: string;
  instrumentId: string;
  version: string;
  answers: AnswerInput[];
  mode: ScreeningMode;
  respondent: ScreeningRespondent;
  administeredAt: Date;
  /** The young person agreed to be screened. */
  assent: boolean;
  /** Who consented to the screening, where consent was needed beyond the young person's assent. */
  consentBy?: ConsentGrantor | null;
  /** The missing episode whose return interview the screening was part of. */
  missingEpisodeId?: string | null;
}

/** Modes in which the young person takes part, and so must have agreed to. */
const ASKS_THE_YOUTH = new Set([ScreeningMode.INTERVIEW, ScreeningMode.SELF_REPORT]);

/**
 * Screenings of a child: validated against the instrument version named, scored on the server,
 * stored with their answers, who administered them and the assent and consent given; what the
 * result does to the case is {@link ScreeningOutcomes}'.
 */
@Injectable()
export class ScreeningService {
  constructor(
    private readonly transactions: Transactions,
    private readonly access: CaseAccess,
    private readonly instruments: ScreeningInstruments,
    private readonly screenings: ScreeningRepository,
    private readonly missing: MissingService,
    private readonly outcomes: ScreeningOutcomes,
    private readonly clock: Clock,
  ) {}

  async submit(viewer: Viewer, input: SubmitScreeningData): Promise<{ screening: ScreeningRecord; definition: InstrumentDefinition }> {
    const now = this.clock.now();
    if (input.administeredAt > now) throw BadInputError.field('input.administeredAt', 'must not be in the future');
    return this.transactions.run(async (tx) => {
      const facts = { view: await this.access.findToChange(tx, viewer, input.caseId, true) };
      authorizeOnCase(SCREENING_SUBMIT, viewer, facts, { caseId: input.caseId, subjectType: 'Case', subjectId: input.caseId });
      const { view } = facts;
      if (view.record.status === 'CLOSED') throw new ConflictError('A CLOSED case takes no screening; reopen it first');
      const instrument = await this.instruments.find(tx, input.instrumentId, input.version);
      if (!instrument) {
        const known = (await this.instruments.list(tx)).some((found) => found.instrumentId === input.instrumentId);
        throw known ? BadInputError.field('input.version', `is not a loaded version of ${input.instrumentId}`) : BadInputError.field('input.instrumentId', 'does not name a loaded screening instrument');
      }
      const definition = instrument.definition;
      const problems = [...this.administrationProblems(definition, input), ...answerProblems(definition, input.answers), ...(await this.episodeProblems(tx, view, input))];
      if (problems.length) throw new BadInputError(problems, `The screening does not fit ${definition.id} version ${definition.version}: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);

      const result = scoreScreening(definition, input.answers);
      const effects = await this.outcomes.apply(tx, view, result, input.administeredAt);
      const screening: ScreeningRecord = {
        id: randomUUID(),
        caseId: input.caseId,
        instrumentId: definition.id,
        instrumentVersion: definition.version,
        agencyId: viewer.agencyId!,
        administeredBy: viewer.userId,
        administeredAt: input.administeredAt,
        mode: input.mode,
        respondent: input.respondent,
        assent: input.assent,
        consentBy: input.consentBy ?? null,
        scope: definition.scope,
        score: result.score,
        maxScore: result.maxScore,
        outcome: result.outcome,
        thresholdId: result.threshold?.id ?? null,
        riskLevel: result.riskLevel,
        caseRiskBefore: view.record.riskLevel,
        caseRiskAfter: effects.caseRiskAfter,
        missingCount: result.missingCount,
        answers: result.answers,
        missingEpisodeId: input.missingEpisodeId ?? null,
        followUpDueAt: effects.followUpDueAt,
        createdAt: now,
      };
      await this.screenings.insertScreening(tx, screening);
      await this.outcomes.record(tx, viewer, view, definition, result, screening, now);
      return { screening, definition };
    });
  }

  /** The mode, respondent and assent the instrument allows. */
  private administrationProblems(definition: InstrumentDefinition, input: SubmitScreeningData): FieldProblem[] {
    const problems: FieldProblem[] = [];
    if (!definition.modes.includes(input.mode)) problems.push({ path: 'input.mode', message: `must be one of ${definition.modes.join(', ')} for ${definition.id}` });
    if (!definition.respondents.includes(input.respondent)) problems.push({ path: 'input.respondent', message: `must be one of ${definition.respondents.join(', ')} for ${definition.id}` });
    if (ASKS_THE_YOUTH.has(input.mode) && !input.assent) problems.push({ path: 'input.assent', message: `must be true: a young person is screened by ${input.mode} only with their assent` });
    return problems;
  }

  /** A screening carried by a return interview names an episode of this case the child has returned from, and follows the return. */
  private async episodeProblems(tx: Tx, view: CaseView, input: SubmitScreeningData): Promise<FieldProblem[]> {
    if (!input.missingEpisodeId) return [];
    const path = 'input.missingEpisodeId';
    const episode = (await this.missing.episodesOf(tx, [view.record.id])).find((found) => found.id === input.missingEpisodeId);
    if (!episode) return [{ path, message: 'does not name a missing episode of this case' }];
    if (!episode.returnedAt) return [{ path, message: 'names an episode the child has not returned from: record the return first' }];
    if (input.administeredAt < episode.returnedAt) return [{ path: 'input.administeredAt', message: 'must not be before the return it follows' }];
    return [];
  }

  /** The screenings of the cases, newest first, for the resolver's batch. */
  async screeningsOf(tx: Tx, caseIds: readonly string[]): Promise<ScreeningRecord[]> {
    return this.screenings.screeningsOf(tx, caseIds);
  }

  /**
   * Which of a case's screenings the viewer reads: none (withheld) without SERVICES; with it, those
   * kept as SERVICES, and those kept as CLINICAL that their own agency administered and that they see
   * through its membership (as CLINICAL notes). Those shown are audited as read.
   */
  readable(viewer: Viewer, view: CaseView, records: readonly ScreeningRecord[], log: ReadLog): ScreeningRecord[] | null {
    if (!view.scopes.includes(DataScope.SERVICES)) return null;
    const member = this.access.seesAsMember(viewer, view);
    const shown = records.filter((record) => record.scope === DataScope.SERVICES || (record.agencyId === viewer.agencyId && member));
    if (shown.length) {
      log({ actor: actorOf(viewer), action: 'SCREENING_VIEW', caseId: view.record.id, subjectType: 'Screening', scopes: [...new Set(shown.map((s) => s.scope))], details: { screeningIds: shown.map((s) => s.id) } });
    }
    return shown;
  }
}
