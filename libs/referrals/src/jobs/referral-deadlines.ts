import { Injectable } from '@nestjs/common';
import { AuditService, SYSTEM } from '@tandem/audit';
import { DataScope } from '@tandem/authz';
import { CaseEvents } from '@tandem/cases';
import { DeadlineEffect, DeadlineEffectHandler, DeadlineKind, DeadlineRecord } from '@tandem/deadlines';
import { EventTopic, OutboxService, Tx } from '@tandem/platform';
import { ReferralRepository } from '../referral.repository';

interface Subject {
  table: 'referral' | 'handoff';
  name: 'Referral' | 'Handoff';
  topic: EventTopic;
}

/** Moves a REQUESTED referral or handoff unanswered by its response time to EXPIRED, with its timeline entry, audit event and outbox event. */
@Injectable()
abstract class Expiry implements DeadlineEffectHandler {
  protected abstract readonly subject: Subject;

  constructor(
    private readonly referrals: ReferralRepository,
    private readonly events: CaseEvents,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  async onDue(tx: Tx, deadline: DeadlineRecord, now: Date): Promise<void> {
    const { table, name, topic } = this.subject;
    const expired = await this.referrals.expireRequested(tx, table, deadline.subjectId, now);
    if (!expired) return;
    const upper = name.toUpperCase();
    await this.events.record(tx, { caseId: expired.caseId, kind: `${upper}_EXPIRED`, scope: DataScope.SUMMARY, actor: null, subjectId: expired.id, data: { fromAgencyId: expired.fromAgencyId, toAgencyId: expired.toAgencyId, from: 'REQUESTED' } });
    await this.audit.record(tx, { actor: SYSTEM, action: `${upper}_EXPIRE`, caseId: expired.caseId, subjectType: name, subjectId: expired.id, details: { deadlineId: deadline.id } });
    await this.outbox.publish(tx, {
      topic,
      payload: { [`${table}Id`]: expired.id, caseId: expired.caseId, status: 'EXPIRED', fromAgencyId: expired.fromAgencyId, toAgencyId: expired.toAgencyId },
    });
  }
}

/** A referral unanswered by its response time is EXPIRED: the receiving agency's inbox view of the case ends with it. */
@DeadlineEffect(DeadlineKind.REFERRAL_RESPONSE)
@Injectable()
export class ReferralExpiry extends Expiry {
  protected readonly subject: Subject = { table: 'referral', name: 'Referral', topic: EventTopic.REFERRAL_CHANGED };
}

/** A handoff unanswered in 48 hours is EXPIRED; the lead stays where it was. */
@DeadlineEffect(DeadlineKind.HANDOFF_RESPONSE)
@Injectable()
export class HandoffExpiry extends Expiry {
  protected readonly subject: Subject = { table: 'handoff', name: 'Handoff', topic: EventTopic.HANDOFF_CHANGED };
}
