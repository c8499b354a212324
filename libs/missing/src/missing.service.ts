import { Injectable } from '@nestjs/common';
import { AgencyType, Viewer } from '@tandem/authz';
import { authorizeOnCase, CaseAccess, CaseFlag, CaseRepository } from '@tandem/cases';
import { DeadlineKind, DeadlineService, HOUR } from '@tandem/deadlines';
import { BadInputError, Clock, ConflictError, isUniqueViolation, Transactions, Tx } from '@tandem/platform';
import { episodeToChange } from './episode-to-change';
import { MissingRecords } from './missing-records';
import { MISSING_EPISODE_RECORD, MISSING_RETURN_RECORD, RETURN_INTERVIEW_RECORD } from './missing.policies';
import { MissingRepository } from './missing.repository';
import { MissingEpisodeRecord, MissingReportRecord } from './missing.types';

/**
 * Missing-child episodes: a child in care goes missing, returns, and is interviewed within 72
 * hours of returning; each step starts or meets its clock. The reports an episode needs are
 * {@link MissingReports}'.
 */
@Injectable()
export class MissingService {
  constructor(
    private readonly transactions: Transactions,
    private readonly missing: MissingRepository,
    private readonly cases: CaseRepository,
    private readonly access: CaseAccess,
    private readonly deadlines: DeadlineService,
    private readonly records: MissingRecords,
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
    return this.transactions.run(async (tx) => {
      const facts = { view: await this.access.findToChange(tx, viewer, input.caseId, true) };
      authorizeOnCase(MISSING_EPISODE_RECORD, viewer, facts, { caseId: input.caseId, subjectType: 'Case', subjectId: input.caseId });
      if (facts.view.record.status === 'CLOSED') throw new ConflictError('A CLOSED case takes no missing episode; reopen it first');
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
        if (isUniqueViolation(error)) throw new ConflictError('The child is already missing: record the return of the open episode first');
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
      await this.records.record(tx, viewer, { caseId: input.caseId, kind: 'MISSING_EPISODE', action: 'MISSING_EPISODE_RECORD', subjectType: 'MissingEpisode', subjectId: episode.id });
      return episode;
    });
  }

  /** The child is back: MISSING becomes RECENT_RECOVERY and the 72-hour return interview clock starts. */
  async recordReturn(viewer: Viewer, input: { episodeId: string; returnedAt: Date }): Promise<MissingEpisodeRecord> {
    const now = this.clock.now();
    if (input.returnedAt > now) throw BadInputError.field('input.returnedAt', 'must not be in the future');
    return this.transactions.run(async (tx) => {
      const { episode, ...facts } = await episodeToChange(tx, this.missing, this.access, viewer, MISSING_RETURN_RECORD, input.episodeId, true);
      authorizeOnCase(MISSING_RETURN_RECORD, viewer, facts, { caseId: episode.caseId, subjectType: 'Case', subjectId: episode.caseId });
      if (episode.returnedAt) throw new ConflictError('The return is already recorded');
      if (input.returnedAt < episode.missingSince) throw BadInputError.field('input.returnedAt', 'must not be before the child went missing');
      const updated = await this.missing.markReturned(tx, episode.id, input.returnedAt, viewer.userId);
      await this.cases.setFlags(tx, episode.caseId, [CaseFlag.RECENT_RECOVERY], [CaseFlag.MISSING]);
      await this.deadlines.start(tx, {
        kind: DeadlineKind.RETURN_INTERVIEW,
        caseId: episode.caseId,
        subjectType: 'MissingEpisode',
        subjectId: episode.id,
        agencyId: facts.view.record.leadAgencyId,
        startedAt: input.returnedAt,
      });
      await this.records.record(tx, viewer, { caseId: episode.caseId, kind: 'MISSING_RETURNED', action: 'MISSING_RETURN_RECORD', subjectType: 'MissingEpisode', subjectId: episode.id });
      return updated;
    });
  }

  /** The return interview (with its screening) is done: the 72-hour clock is met. */
  async recordReturnInterview(viewer: Viewer, input: { episodeId: string; interviewedAt: Date; screeningDone: boolean }): Promise<MissingEpisodeRecord> {
    const now = this.clock.now();
    if (input.interviewedAt > now) throw BadInputError.field('input.interviewedAt', 'must not be in the future');
    return this.transactions.run(async (tx) => {
      const { episode, ...facts } = await episodeToChange(tx, this.missing, this.access, viewer, RETURN_INTERVIEW_RECORD, input.episodeId, true);
      authorizeOnCase(RETURN_INTERVIEW_RECORD, viewer, facts, { caseId: episode.caseId, subjectType: 'Case', subjectId: episode.caseId });
      if (!episode.returnedAt) throw new ConflictError('The child has not returned: record the return first');
      if (episode.interviewedAt) throw new ConflictError('The return interview is already recorded');
      if (input.interviewedAt < episode.returnedAt) throw BadInputError.field('input.interviewedAt', 'must not be before the return');
      const updated = await this.missing.markInterviewed(tx, episode.id, input.interviewedAt, viewer.userId, input.screeningDone);
      await this.deadlines.meet(tx, [DeadlineKind.RETURN_INTERVIEW], episode.id, viewer.userId, now);
      await this.records.record(tx, viewer, {
        caseId: episode.caseId,
        kind: 'RETURN_INTERVIEWED',
        action: 'RETURN_INTERVIEW_RECORD',
        subjectType: 'MissingEpisode',
        subjectId: episode.id,
        data: { screeningDone: input.screeningDone },
      });
      return updated;
    });
  }

  async episodesOf(tx: Tx, caseIds: readonly string[]): Promise<MissingEpisodeRecord[]> {
    return this.missing.episodesOf(tx, caseIds);
  }

  async reportsOf(tx: Tx, episodeIds: readonly string[]): Promise<MissingReportRecord[]> {
    return this.missing.reportsOf(tx, episodeIds);
  }
}
