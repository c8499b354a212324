import { Injectable } from '@nestjs/common';
import { actorOf } from '@tandem/audit';
import { DataScope, Viewer } from '@tandem/authz';
import { DeadlineKind, DeadlineRecord, DeadlineService } from '@tandem/deadlines';
import { BadInputError, Clock, ConflictError, lifecycleRefusal, Transactions } from '@tandem/platform';
import { CaseAccess } from './case-access.service';
import { CaseJournal } from './case-journal';
import { CASE_REVIEW, VICTIM_REPORT_RECORD } from './case.policies';
import { authorizeOnCase } from './case-sight';
import { CaseSharing } from './case-sharing.service';
import { CaseFlag } from './cases.types';
import { VictimReportRecord, VictimReportRepository } from './victim-report.repository';

export type { VictimReportRecord } from './victim-report.repository';

/**
 * The acts that meet the lead's clocks: the periodic case review and the report to law
 * enforcement of an identified victim (a break glass's review is the break-glass service's).
 */
@Injectable()
export class CaseReviewsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly access: CaseAccess,
    private readonly deadlines: DeadlineService,
    private readonly journal: CaseJournal,
    private readonly reports: VictimReportRepository,
    private readonly sharing: CaseSharing,
    private readonly clock: Clock,
  ) {}

  /** The lead's supervisor or PRIMARY assignee reviewed the case: this cycle is MET and the next 30 days start. */
  async recordCaseReview(viewer: Viewer, caseId: string): Promise<DeadlineRecord> {
    const now = this.clock.now();
    return this.transactions.run(async (tx) => {
      const facts = { view: await this.access.findToChange(tx, viewer, caseId, true) };
      authorizeOnCase(CASE_REVIEW, viewer, facts, { caseId });
      const { view } = facts;
      if (view.record.status !== 'ACTIVE') throw new ConflictError(lifecycleRefusal('case', view.record.status, 'reviewed'));
      await this.deadlines.meet(tx, [DeadlineKind.CASE_REVIEW], caseId, viewer.userId, now);
      const next = await this.deadlines.start(tx, { kind: DeadlineKind.CASE_REVIEW, caseId, subjectType: 'Case', subjectId: caseId, agencyId: view.record.leadAgencyId, startedAt: now });
      await this.journal.record(
        tx,
        { caseId, kind: 'CASE_REVIEWED', scope: DataScope.SUMMARY, actor: viewer },
        { actor: actorOf(viewer), action: 'CASE_REVIEW', caseId, subjectType: 'Case', subjectId: caseId },
      );
      return next;
    });
  }

  /**
   * Records the report to law enforcement of a child identified as a trafficking victim; meets its
   * 24-hour clock. A report made to a law-enforcement agency on Tandem shares the case with it
   * (mandated reporting, docs/access-policy.md, "Who sees a case", rule 6).
   */
  async recordVictimReport(viewer: Viewer, input: { caseId: string; reportedAt: Date; reportNumber: string; receivingAgencyId?: string | null }): Promise<VictimReportRecord> {
    const now = this.clock.now();
    if (input.reportedAt > now) throw BadInputError.field('input.reportedAt', 'must not be in the future');
    return this.transactions.run(async (tx) => {
      const facts = { view: await this.access.findToChange(tx, viewer, input.caseId, true) };
      authorizeOnCase(VICTIM_REPORT_RECORD, viewer, facts, { caseId: input.caseId });
      const { view } = facts;
      if (!view.record.flags.includes(CaseFlag.TRAFFICKING_VICTIM)) throw new ConflictError('The case is not flagged TRAFFICKING_VICTIM');
      if (input.receivingAgencyId && !(await this.sharing.reportableAgency(tx, input.receivingAgencyId))) {
        throw BadInputError.field('input.receivingAgencyId', 'must name an active law-enforcement agency');
      }
      const report = await this.reports.insert(tx, {
        caseId: input.caseId,
        reportedAt: input.reportedAt,
        reportNumber: input.reportNumber,
        recordedBy: viewer.userId,
        receivingAgencyId: input.receivingAgencyId ?? null,
      });
      await this.deadlines.meet(tx, [DeadlineKind.VICTIM_REPORT_LE], input.caseId, viewer.userId, now);
      if (input.receivingAgencyId) {
        await this.sharing.shareByReport(tx, viewer, { caseId: input.caseId, agencyId: input.receivingAgencyId, report: 'VICTIM_REPORT', reportId: report.id });
      }
      await this.journal.record(
        tx,
        { caseId: input.caseId, kind: 'VICTIM_REPORTED', scope: DataScope.INVESTIGATION, actor: viewer, subjectId: report.id },
        { actor: actorOf(viewer), action: 'VICTIM_REPORT', caseId: input.caseId, subjectType: 'VictimReport', subjectId: report.id },
      );
      return report;
    });
  }
}
