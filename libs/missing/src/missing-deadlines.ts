import { Injectable } from '@nestjs/common';
import { DataScope } from '@tandem/authz';
import { CaseEvents, CaseFlag, CaseRepository } from '@tandem/cases';
import { DeadlineEffect, DeadlineEffectHandler, DeadlineKind, DeadlineRecord } from '@tandem/deadlines';
import { Tx } from '@tandem/platform';

/** A statutory missing-child report not made within 24 hours flags the case REPORT_OVERDUE. */
abstract class FlagReportOverdue implements DeadlineEffectHandler {
  constructor(
    private readonly cases: CaseRepository,
    private readonly events: CaseEvents,
  ) {}

  async onDue(tx: Tx, deadline: DeadlineRecord): Promise<void> {
    if (!deadline.caseId) return;
    const flagged = await this.cases.raiseFlag(tx, deadline.caseId, CaseFlag.REPORT_OVERDUE);
    if (flagged) await this.events.record(tx, { caseId: deadline.caseId, kind: 'FLAG_SET', scope: DataScope.SUMMARY, actor: null, data: { flag: CaseFlag.REPORT_OVERDUE, deadlineId: deadline.id } });
  }
}

@DeadlineEffect(DeadlineKind.MISSING_REPORT_LE)
@Injectable()
export class LawEnforcementReportOverdue extends FlagReportOverdue {
  constructor(cases: CaseRepository, events: CaseEvents) {
    super(cases, events);
  }
}

@DeadlineEffect(DeadlineKind.MISSING_REPORT_NCMEC)
@Injectable()
export class NcmecReportOverdue extends FlagReportOverdue {
  constructor(cases: CaseRepository, events: CaseEvents) {
    super(cases, events);
  }
}
