import { Injectable } from '@nestjs/common';
import { actorOf, AuditService } from '@tandem/audit';
import { DataScope, Viewer } from '@tandem/authz';
import { CaseEvents } from '@tandem/cases';
import { Tx } from '@tandem/platform';

/** One step of a missing episode as the case keeps it: its timeline entry (SUMMARY) and its audit event. */
export interface MissingStep {
  caseId: string;
  /** The timeline entry's kind (`MISSING_EPISODE`, `MISSING_REPORTED`, ...). */
  kind: string;
  /** The audit event's action (`MISSING_EPISODE_RECORD`, ...). */
  action: string;
  subjectType: 'MissingEpisode' | 'MissingReport';
  subjectId: string;
  data?: Record<string, unknown>;
  details?: Record<string, unknown>;
}

/** Writes each step of a missing episode to the case timeline and the audit trail, in the recording transaction. */
@Injectable()
export class MissingRecords {
  constructor(
    private readonly events: CaseEvents,
    private readonly audit: AuditService,
  ) {}

  async record(tx: Tx, viewer: Viewer, step: MissingStep): Promise<void> {
    await this.events.record(tx, { caseId: step.caseId, kind: step.kind, scope: DataScope.SUMMARY, actor: viewer, subjectId: step.subjectId, ...(step.data ? { data: step.data } : {}) });
    await this.audit.record(tx, {
      actor: actorOf(viewer),
      action: step.action,
      caseId: step.caseId,
      subjectType: step.subjectType,
      subjectId: step.subjectId,
      ...(step.details ? { details: step.details } : {}),
    });
  }
}
