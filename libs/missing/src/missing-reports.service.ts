import { Injectable } from '@nestjs/common';
import { authorize, Viewer } from '@tandem/authz';
import { CaseAccess, CaseSharing, READ_ONLY } from '@tandem/cases';
import { DeadlineKind, DeadlineService, HOUR } from '@tandem/deadlines';
import { BadInputError, Clock, ConflictError, isUniqueViolation, Transactions } from '@tandem/platform';
import { episodeToChange } from './episode-to-change';
import { MissingRecords } from './missing-records';
import { MISSING_REPORT_RECORD } from './missing.policies';
import { MissingRepository } from './missing.repository';
import { MissingReportRecord, ReportedTo } from './missing.types';

const REPORT_DEADLINE: Record<ReportedTo, DeadlineKind> = {
  [ReportedTo.LAW_ENFORCEMENT]: DeadlineKind.MISSING_REPORT_LE,
  [ReportedTo.NCMEC]: DeadlineKind.MISSING_REPORT_NCMEC,
  [ReportedTo.NCIC]: DeadlineKind.NCIC_ENTRY,
};

/**
 * The reports a missing episode needs: to law enforcement and to NCMEC within 24 hours of child
 * welfare learning of it, and the NCIC entry. Each meets its clock.
 */
@Injectable()
export class MissingReports {
  constructor(
    private readonly transactions: Transactions,
    private readonly missing: MissingRepository,
    private readonly access: CaseAccess,
    private readonly sharing: CaseSharing,
    private readonly deadlines: DeadlineService,
    private readonly records: MissingRecords,
    private readonly clock: Clock,
  ) {}

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
    const ncic = input.reportedTo === ReportedTo.NCIC;
    return this.transactions.run(async (tx) => {
      const { episode, view } = await episodeToChange(tx, this.missing, this.access, viewer, MISSING_REPORT_RECORD, input.episodeId, false);
      // The law-enforcement agency that received the report holds the NCIC clock (looked up for a case the viewer may change).
      const ncicAgencyId = ncic && view && view !== READ_ONLY ? await this.deadlines.latestAgency(tx, DeadlineKind.NCIC_ENTRY, episode.id) : null;
      authorize(MISSING_REPORT_RECORD, viewer, { view, reportedTo: input.reportedTo, ncicAgencyId }, { caseId: episode.caseId, subjectType: 'Case', subjectId: episode.caseId });
      if (input.reportedAt < episode.missingSince) throw BadInputError.field('input.reportedAt', 'must not be before the child went missing');
      if (input.receivingAgencyId && !(await this.sharing.reportableAgency(tx, input.receivingAgencyId))) {
        throw BadInputError.field('input.receivingAgencyId', 'must name an active law-enforcement agency');
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
        if (isUniqueViolation(error)) throw new ConflictError(`The report to ${input.reportedTo} is already recorded for this episode`);
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
        // Mandated reporting: the agency that must make the NCIC entry sees the case (docs/access-policy.md, "Who sees a case", rule 6).
        await this.sharing.shareByReport(tx, viewer, { caseId: episode.caseId, agencyId: input.receivingAgencyId, report: 'MISSING_REPORT', reportId: report.id });
      }
      await this.records.record(tx, viewer, {
        caseId: episode.caseId,
        kind: 'MISSING_REPORTED',
        action: 'MISSING_REPORT_RECORD',
        subjectType: 'MissingReport',
        subjectId: report.id,
        data: { reportedTo: input.reportedTo, ...(input.receivingAgencyId ? { receivingAgencyId: input.receivingAgencyId } : {}) },
        details: { reportedTo: input.reportedTo },
      });
      return report;
    });
  }
}
