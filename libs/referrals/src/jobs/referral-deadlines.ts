import { Injectable } from '@nestjs/common';
import { AuditService, SYSTEM } from '@tandem/audit';
import { DataScope } from '@tandem/authz';
import { CaseEvents } from '@tandem/cases';
import { DeadlineEffect, DeadlineEffectHandler, DeadlineKind, DeadlineRecord } from '@tandem/deadlines';
import { EventTopic, OutboxService, Tx } from '@tandem/platform';

/** A referral unanswered by its response time is EXPIRED: the receiving agency's inbox view of the case ends with it. */
@DeadlineEffect(DeadlineKind.REFERRAL_RESPONSE)
@Injectable()
export class ReferralExpiry implements DeadlineEffectHandler {
  constructor(
    private readonly events: CaseEvents,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  async onDue(tx: Tx, deadline: DeadlineRecord, now: Date): Promise<void> {
    const [[expired]] = await tx.query(
      `UPDATE referral SET status = 'EXPIRED', closed_at = $2, version = version + 1 WHERE id = $1 AND status = 'REQUESTED'
       RETURNING id, case_id AS "caseId", from_agency_id AS "fromAgencyId", to_agency_id AS "toAgencyId"`,
      [deadline.subjectId, now],
    );
    if (!expired) return;
    await this.events.record(tx, { caseId: expired.caseId, kind: 'REFERRAL_EXPIRED', scope: DataScope.SUMMARY, actor: null, subjectId: expired.id, data: { toAgencyId: expired.toAgencyId } });
    await this.audit.record(tx, { actor: SYSTEM, action: 'REFERRAL_EXPIRE', caseId: expired.caseId, subjectType: 'Referral', subjectId: expired.id, details: { deadlineId: deadline.id } });
    await this.outbox.publish(tx, { topic: EventTopic.REFERRAL_CHANGED, payload: { referralId: expired.id, caseId: expired.caseId, status: 'EXPIRED', fromAgencyId: expired.fromAgencyId, toAgencyId: expired.toAgencyId } });
  }
}

/** A handoff unanswered in 48 hours is EXPIRED; the lead stays where it was. */
@DeadlineEffect(DeadlineKind.HANDOFF_RESPONSE)
@Injectable()
export class HandoffExpiry implements DeadlineEffectHandler {
  constructor(
    private readonly events: CaseEvents,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  async onDue(tx: Tx, deadline: DeadlineRecord, now: Date): Promise<void> {
    const [[expired]] = await tx.query(
      `UPDATE handoff SET status = 'EXPIRED', responded_at = $2, version = version + 1 WHERE id = $1 AND status = 'REQUESTED'
       RETURNING id, case_id AS "caseId", from_agency_id AS "fromAgencyId", to_agency_id AS "toAgencyId"`,
      [deadline.subjectId, now],
    );
    if (!expired) return;
    await this.events.record(tx, { caseId: expired.caseId, kind: 'HANDOFF_EXPIRED', scope: DataScope.SUMMARY, actor: null, subjectId: expired.id, data: { toAgencyId: expired.toAgencyId } });
    await this.audit.record(tx, { actor: SYSTEM, action: 'HANDOFF_EXPIRE', caseId: expired.caseId, subjectType: 'Handoff', subjectId: expired.id, details: { deadlineId: deadline.id } });
    await this.outbox.publish(tx, { topic: EventTopic.HANDOFF_CHANGED, payload: { handoffId: expired.id, caseId: expired.caseId, status: 'EXPIRED', fromAgencyId: expired.fromAgencyId, toAgencyId: expired.toAgencyId } });
  }
}
