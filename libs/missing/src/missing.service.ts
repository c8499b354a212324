import { Injectable } from '@nestjs/common';
import { actorOf, AuditService } from '@tandem/audit';
import { AgencyType, DataScope, Role, Viewer } from '@tandem/authz';
import { CaseAccess, CaseEvents, CaseFlag, CaseRepository, CaseSharing, CaseView, READ_ONLY } from '@tandem/cases';
import { DeadlineKind, DeadlineService, HOUR } from '@tandem/deadlines';
import { BadInputError, Clock, ConflictError, ForbiddenError, isUniqueViolation, NotFoundError, Transactions, Tx } from '@tandem/platform';
import { MissingRepository } from './missing.repository';
import { MissingEpisodeRecord, MissingReportRecord, ReportedTo } from './missing.types';

type Refusal = { notFound: string; caseId: string | null } | { forbidden: string; caseId: string } | { conflict: string } | { badInput: [string, string] };

const REPORT_DEADLINE: Record<ReportedTo, DeadlineKind> = {
  [ReportedTo.LAW_ENFORCEMENT]: DeadlineKind.MISSING_REPORT_LE,
  [ReportedTo.NCMEC]: DeadlineKind.MISSING_REPORT_NCMEC,
  [ReportedTo.NCIC]: DeadlineKind.NCIC_ENTRY,
};

/**
 * Missing-child episodes: a child in care goes missing, is reported to law enforcement and to
 * NCMEC within 24 hours of child welfare learning of it, is entered in NCIC, returns, and is
 * interviewed within 72 hours of returning. Each step starts or meets its clock.
 */
@Injectable()
export class MissingService {
  constructor(
    private readonly transactions: Transactions,
    private readonly missing: MissingRepository,
    private readonly cases: CaseRepository,
    private readonly access: CaseAccess,
    private readonly sharing: CaseSharing,
    private readonly deadlines: DeadlineService,
    private readonly events: CaseEvents,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async recordEpisode(
    viewer: Viewer,
    input: { caseId: string; missingSince: Date; learnedAt: Date; lastSeenPlace?: string | null; lastSeenWith?: string | null },
  ): Promise<MissingEpisodeRecord> {
    const now = this.clock.now();
    if (input.missingSince > now) throw BadInputError.field('input.missingSince', 'must not be in the future');
    if (input.learnedAt > now) throw BadInputError.field('input.learnedAt', 'must not be in the future');
    if (input.learnedAt < input.missingSince) throw BadInputError.field('input.learnedAt', 'must not be before missingSince');
    const outcome = await this.transactions.run(async (tx): Promise<{ episode: MissingEpisodeRecord } | Refusal> => {
      const view = await this.access.findToChange(tx, viewer, input.caseId, true);
      if (!view) return { notFound: 'case not visible', caseId: input.caseId };
      if (view === READ_ONLY) return { forbidden: READ_ONLY, caseId: input.caseId };
      if (view.record.leadAgencyId !== viewer.agencyId) return { forbidden: 'the lead agency records missing episodes', caseId: input.caseId };
      if (view.record.status === 'CLOSED') return { conflict: 'A CLOSED case takes no missing episode; reopen it first' };
      const lastSeen = input.lastSeenPlace || input.lastSeenWith ? { place: input.lastSeenPlace ?? null, with: input.lastSeenWith ?? null } : null;
      let episode: MissingEpisodeRecord;
      try {
        episode = await this.missing.insertEpisode(tx, {
          caseId: input.caseId,
          missingSince: input.missingSince,
          learnedAt: input.learnedAt,
          lastSeen,
          recordedBy: viewer.userId,
          agencyId: viewer.agencyId,
          createdAt: now,
        });
      } catch (error) {
        if (isUniqueViolation(error)) return { conflict: 'The child is already missing: record the return of the open episode first' };
        throw error;
      }
      await this.cases.setFlags(tx, input.caseId, [CaseFlag.MISSING], []);
      // The 24-hour reporting duty (42 U.S.C. 671(a)(35)(B)) binds child welfare, from when it learned of it.
      if (viewer.agencyType === AgencyType.CHILD_WELFARE) {
        for (const kind of [DeadlineKind.MISSING_REPORT_LE, DeadlineKind.MISSING_REPORT_NCMEC]) {
          await this.deadlines.start(tx, {
            kind,
            caseId: input.caseId,
            subjectType: 'MissingEpisode',
            subjectId: episode.id,
            agencyId: viewer.agencyId!,
            startedAt: input.learnedAt,
            dueAt: new Date(input.learnedAt.getTime() + 24 * HOUR),
          });
        }
      }
      await this.events.record(tx, { caseId: input.caseId, kind: 'MISSING_EPISODE', scope: DataScope.SUMMARY, actor: viewer, subjectId: episode.id });
      await this.audit.record(tx, { actor: actorOf(viewer), action: 'MISSING_EPISODE_RECORD', caseId: input.caseId, subjectType: 'MissingEpisode', subjectId: episode.id });
      return { episode };
    });
    return this.settle(viewer, 'MISSING_EPISODE_RECORD', outcome, (o) => o.episode);
  }

  /**
   * A report made for an episode. Reports to law enforcement and NCMEC are recorded by the lead;
   * the NCIC entry by the lead or by the law-enforcement agency that received the report. A report
   * to a law-enforcement agency on Tandem starts that agency's 2-hour NCIC clock (34 U.S.C. 41308).
   */
  async recordReport(
    viewer: Viewer,
    input: { episodeId: string; reportedTo: ReportedTo; reportedAt: Date; reportNumber: string; receivingAgencyId?: string | null },
  ): Promise<MissingReportRecord> {
    const now = this.clock.now();
    if (input.reportedAt > now) throw BadInputError.field('input.reportedAt', 'must not be in the future');
    if (input.receivingAgencyId && input.reportedTo !== ReportedTo.LAW_ENFORCEMENT) throw BadInputError.field('input.receivingAgencyId', 'is only for reports to LAW_ENFORCEMENT');
    const outcome = await this.transactions.run(async (tx): Promise<{ report: MissingReportRecord } | Refusal> => {
      const found = await this.findEpisode(tx, viewer, input.episodeId);
      if (!('episode' in found)) return found;
      const { episode, view } = found;
      const isLead = view.record.leadAgencyId === viewer.agencyId;
      if (input.reportedTo === ReportedTo.NCIC) {
        // The law-enforcement agency that received the report holds the NCIC clock.
        const ncicAgency = await this.deadlines.latestAgency(tx, DeadlineKind.NCIC_ENTRY, episode.id);
        if (!isLead && (ncicAgency === null || ncicAgency !== viewer.agencyId)) return { forbidden: 'the lead agency or the law-enforcement agency that received the report records the NCIC entry', caseId: episode.caseId };
      } else if (!isLead) {
        return { forbidden: 'the lead agency records its reports', caseId: episode.caseId };
      }
      if (input.reportedAt < episode.missingSince) return { badInput: ['input.reportedAt', 'must not be before the child went missing'] };
      if (input.receivingAgencyId && !(await this.sharing.reportableAgency(tx, input.receivingAgencyId))) {
        return { badInput: ['input.receivingAgencyId', 'must name an active law-enforcement agency'] };
      }
      let report: MissingReportRecord;
      try {
        report = await this.missing.insertReport(tx, {
          episodeId: episode.id,
          reportedTo: input.reportedTo,
          reportedAt: input.reportedAt,
          reportNumber: input.reportNumber,
          receivingAgencyId: input.receivingAgencyId ?? null,
          recordedBy: viewer.userId,
          createdAt: now,
        });
      } catch (error) {
        if (isUniqueViolation(error)) return { conflict: `The report to ${input.reportedTo} is already recorded for this episode` };
        throw error;
      }
      await this.deadlines.meet(tx, [REPORT_DEADLINE[input.reportedTo]], episode.id, viewer.userId, now);
      if (input.receivingAgencyId) {
        await this.deadlines.start(tx, {
          kind: DeadlineKind.NCIC_ENTRY,
          caseId: episode.caseId,
          subjectType: 'MissingEpisode',
          subjectId: episode.id,
          agencyId: input.receivingAgencyId,
          startedAt: input.reportedAt,
          dueAt: new Date(input.reportedAt.getTime() + 2 * HOUR),
        });
        // Mandated reporting: the agency that must make the NCIC entry sees the case (POLICY.md rule 6).
        await this.sharing.shareByReport(tx, viewer, { caseId: episode.caseId, agencyId: input.receivingAgencyId, report: 'MISSING_REPORT', reportId: report.id });
      }
      await this.events.record(tx, { caseId: episode.caseId, kind: 'MISSING_REPORTED', scope: DataScope.SUMMARY, actor: viewer, subjectId: report.id, data: { reportedTo: input.reportedTo, ...(input.receivingAgencyId ? { receivingAgencyId: input.receivingAgencyId } : {}) } });
      await this.audit.record(tx, { actor: actorOf(viewer), action: 'MISSING_REPORT_RECORD', caseId: episode.caseId, subjectType: 'MissingReport', subjectId: report.id, details: { reportedTo: input.reportedTo } });
      return { report };
    });
    return this.settle(viewer, 'MISSING_REPORT_RECORD', outcome, (o) => o.report);
  }

  /** The child is back: MISSING becomes RECENT_RECOVERY and the 72-hour return interview clock starts. */
  async recordReturn(viewer: Viewer, input: { episodeId: string; returnedAt: Date }): Promise<MissingEpisodeRecord> {
    const now = this.clock.now();
    if (input.returnedAt > now) throw BadInputError.field('input.returnedAt', 'must not be in the future');
    const outcome = await this.transactions.run(async (tx): Promise<{ episode: MissingEpisodeRecord } | Refusal> => {
      const found = await this.findEpisode(tx, viewer, input.episodeId, true);
      if (!('episode' in found)) return found;
      const { episode, view } = found;
      if (view.record.leadAgencyId !== viewer.agencyId) return { forbidden: 'the lead agency records the return', caseId: episode.caseId };
      if (episode.returnedAt) return { conflict: 'The return is already recorded' };
      if (input.returnedAt < episode.missingSince) return { badInput: ['input.returnedAt', 'must not be before the child went missing'] };
      const updated = await this.missing.markReturned(tx, episode.id, input.returnedAt, viewer.userId);
      await this.cases.setFlags(tx, episode.caseId, [CaseFlag.RECENT_RECOVERY], [CaseFlag.MISSING]);
      await this.deadlines.start(tx, {
        kind: DeadlineKind.RETURN_INTERVIEW,
        caseId: episode.caseId,
        subjectType: 'MissingEpisode',
        subjectId: episode.id,
        agencyId: view.record.leadAgencyId,
        startedAt: input.returnedAt,
      });
      await this.events.record(tx, { caseId: episode.caseId, kind: 'MISSING_RETURNED', scope: DataScope.SUMMARY, actor: viewer, subjectId: episode.id });
      await this.audit.record(tx, { actor: actorOf(viewer), action: 'MISSING_RETURN_RECORD', caseId: episode.caseId, subjectType: 'MissingEpisode', subjectId: episode.id });
      return { episode: updated };
    });
    return this.settle(viewer, 'MISSING_RETURN_RECORD', outcome, (o) => o.episode);
  }

  /** The return interview (with its screening) is done: the 72-hour clock is met. */
  async recordReturnInterview(viewer: Viewer, input: { episodeId: string; interviewedAt: Date; screeningDone: boolean }): Promise<MissingEpisodeRecord> {
    const now = this.clock.now();
    if (input.interviewedAt > now) throw BadInputError.field('input.interviewedAt', 'must not be in the future');
    const outcome = await this.transactions.run(async (tx): Promise<{ episode: MissingEpisodeRecord } | Refusal> => {
      const found = await this.findEpisode(tx, viewer, input.episodeId, true);
      if (!('episode' in found)) return found;
      const { episode, view } = found;
      if (view.record.leadAgencyId !== viewer.agencyId || (viewer.role !== Role.STAFF && viewer.role !== Role.SUPERVISOR)) {
        return { forbidden: 'the lead agency records the return interview', caseId: episode.caseId };
      }
      if (!episode.returnedAt) return { conflict: 'The child has not returned: record the return first' };
      if (episode.interviewedAt) return { conflict: 'The return interview is already recorded' };
      if (input.interviewedAt < episode.returnedAt) return { badInput: ['input.interviewedAt', 'must not be before the return'] };
      const updated = await this.missing.markInterviewed(tx, episode.id, input.interviewedAt, viewer.userId, input.screeningDone);
      await this.deadlines.meet(tx, [DeadlineKind.RETURN_INTERVIEW], episode.id, viewer.userId, now);
      await this.events.record(tx, { caseId: episode.caseId, kind: 'RETURN_INTERVIEWED', scope: DataScope.SUMMARY, actor: viewer, subjectId: episode.id, data: { screeningDone: input.screeningDone } });
      await this.audit.record(tx, { actor: actorOf(viewer), action: 'RETURN_INTERVIEW_RECORD', caseId: episode.caseId, subjectType: 'MissingEpisode', subjectId: episode.id });
      return { episode: updated };
    });
    return this.settle(viewer, 'RETURN_INTERVIEW_RECORD', outcome, (o) => o.episode);
  }

  async episodesOf(tx: Tx, caseIds: readonly string[]): Promise<MissingEpisodeRecord[]> {
    return this.missing.episodesOf(tx, caseIds);
  }

  async reportsOf(tx: Tx, episodeIds: readonly string[]): Promise<MissingReportRecord[]> {
    return this.missing.reportsOf(tx, episodeIds);
  }

  private async findEpisode(tx: Tx, viewer: Viewer, episodeId: string, lock = false): Promise<{ episode: MissingEpisodeRecord; view: CaseView } | { notFound: string; caseId: string | null } | { forbidden: string; caseId: string }> {
    const episode = await this.missing.findEpisode(tx, episodeId, lock);
    if (!episode) return { notFound: 'no such missing episode', caseId: null };
    const view = await this.access.findToChange(tx, viewer, episode.caseId, true);
    if (!view) return { notFound: 'case not visible', caseId: episode.caseId };
    if (view === READ_ONLY) return { forbidden: READ_ONLY, caseId: episode.caseId };
    return { episode, view };
  }

  /** Refusals become errors; an episode on a case the viewer does not see is NOT_FOUND exactly like one that does not exist. */
  private async settle<O extends object, T>(viewer: Viewer, action: string, outcome: O | Refusal, pick: (o: O) => T): Promise<T> {
    if ('notFound' in outcome) {
      await this.access.denied(viewer, action, outcome.caseId, outcome.notFound);
      throw new NotFoundError(action === 'MISSING_EPISODE_RECORD' ? 'Case' : 'Missing episode');
    }
    if ('forbidden' in outcome) {
      await this.access.denied(viewer, action, outcome.caseId, outcome.forbidden);
      throw new ForbiddenError(`You may not do this: ${outcome.forbidden}`, 'policy');
    }
    if ('conflict' in outcome) throw new ConflictError(outcome.conflict);
    if ('badInput' in outcome) throw BadInputError.field(outcome.badInput[0], outcome.badInput[1]);
    return pick(outcome as O);
  }
}
