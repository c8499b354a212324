import { Injectable } from '@nestjs/common';
import { actorOf, AuditService, SYSTEM } from '@tandem/audit';
import { DataScope, Viewer } from '@tandem/authz';
import { CaseEvents } from '@tandem/cases';
import { DeadlineKind, DeadlineService } from '@tandem/deadlines';
import { BedHolds, HoldRelease } from '@tandem/directory';
import { BadInputError, OutboxService, Tx } from '@tandem/platform';
import { ReferralTopic } from './referral-topics';
import { ExpiredRequest } from './referral.repository';
import { DeclineReason, HandoffAction, HandoffRecord, REFERRAL_BED_EFFECTS, ReferralAction, ReferralMove, ReferralRecord, ReferralStatus, ServiceType } from './referrals.types';

/** Clocks that the lead agency answers for; they follow the lead on a handoff. */
const LEAD_DEADLINES = [
  DeadlineKind.MISSING_REPORT_LE,
  DeadlineKind.MISSING_REPORT_NCMEC,
  DeadlineKind.VICTIM_REPORT_LE,
  DeadlineKind.RETURN_INTERVIEW,
  DeadlineKind.CONSENT_EXPIRY,
  DeadlineKind.CASE_REVIEW,
  DeadlineKind.SCREENING_FOLLOW_UP,
];

/** How a referral was sent: what its audit event and its outbox topic say. */
export interface Sending {
  emergency: boolean;
  lawEnforcement: boolean;
  justification: string | null;
  consentRequired: boolean;
}

/**
 * What a move of a referral or handoff sets off beyond its own row, in the mover's transaction:
 * its response clock, the case timeline's entry, the audit event and the outbox event that the
 * alerts and webhooks follow.
 */
@Injectable()
export class ReferralEffects {
  constructor(
    private readonly deadlines: DeadlineService,
    private readonly events: CaseEvents,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly beds: BedHolds,
  ) {}

  /**
   * The site a new referral names, checked: only an EMERGENCY_SHELTER referral names one, and it
   * must be a shelter site in service (its service active) of the receiving agency's own directory
   * organization. Null when none is named.
   */
  async siteToName(tx: Tx, serviceAtLocationId: string | null | undefined, serviceType: ServiceType, toAgencyId: string): Promise<string | null> {
    if (!serviceAtLocationId) return null;
    const path = 'input.serviceAtLocationId';
    if (serviceType !== ServiceType.EMERGENCY_SHELTER) throw BadInputError.field(path, 'is only for EMERGENCY_SHELTER referrals');
    const site = await this.beds.site(tx, serviceAtLocationId);
    if (!site || site.agencyId !== toAgencyId) throw BadInputError.field(path, 'does not name a site of the receiving agency');
    if (site.serviceType !== ServiceType.EMERGENCY_SHELTER) throw BadInputError.field(path, 'does not name an emergency shelter');
    if (site.serviceStatus !== 'active') throw BadInputError.field(path, 'names a site no longer in service');
    return site.serviceAtLocationId;
  }

  /**
   * What a move does to the bed of a referral that names a site (REFERRAL_BED_EFFECTS), in the
   * mover's transaction: accepting holds a bed (CONFLICT with reason NO_CAPACITY when none is left,
   * and the whole acceptance is undone); starting says the child arrived; an end gives it back; a
   * decline for want of capacity marks the site full.
   */
  async bedsMoved(tx: Tx, actorId: string | null, move: ReferralMove, moved: Pick<ReferralRecord, 'id' | 'status' | 'fromAgencyId' | 'serviceAtLocationId' | 'declineReason'>, now: Date): Promise<void> {
    if (!moved.serviceAtLocationId) return;
    const effect = REFERRAL_BED_EFFECTS[move];
    if (effect === 'HOLD') await this.beds.hold(tx, { referralId: moved.id, serviceAtLocationId: moved.serviceAtLocationId, referringAgencyId: moved.fromAgencyId, by: actorId }, now);
    if (effect === 'ARRIVE') await this.beds.arrived(tx, moved.id, now);
    if (effect === 'RELEASE') await this.beds.release(tx, moved.id, moved.status as HoldRelease, now, actorId);
    if (effect === 'MARK_FULL_IF_NO_CAPACITY' && moved.declineReason === DeclineReason.NO_CAPACITY && actorId) await this.beds.markFull(tx, moved.serviceAtLocationId, now, actorId);
  }

  /** A referral was sent: the receiving agency's response clock starts; an emergency share without consent is audited as such. */
  async sent(tx: Tx, viewer: Viewer, referral: ReferralRecord, sending: Sending): Promise<void> {
    const emergencyShare = sending.emergency && !sending.lawEnforcement;
    await this.deadlines.start(tx, {
      kind: DeadlineKind.REFERRAL_RESPONSE,
      caseId: referral.caseId,
      subjectType: 'Referral',
      subjectId: referral.id,
      agencyId: referral.toAgencyId,
      startedAt: referral.createdAt,
      dueAt: referral.responseDueAt,
      data: { notifyUserId: viewer.userId, notifyAgencyId: referral.fromAgencyId },
    });
    // A follow-up that waited for a referral of this service (a positive screening's) is met by it.
    await this.deadlines.referralSent(tx, referral.caseId, referral.serviceType, viewer.userId, referral.createdAt);
    await this.events.record(tx, {
      caseId: referral.caseId,
      kind: 'REFERRAL_REQUESTED',
      scope: DataScope.SUMMARY,
      actor: viewer,
      subjectId: referral.id,
      data: { fromAgencyId: referral.fromAgencyId, toAgencyId: referral.toAgencyId, serviceType: referral.serviceType, urgency: referral.urgency },
    });
    await this.audit.record(tx, {
      actor: actorOf(viewer),
      action: emergencyShare ? 'REFERRAL_EMERGENCY_SHARE' : 'REFERRAL_CREATE',
      caseId: referral.caseId,
      subjectType: 'Referral',
      subjectId: referral.id,
      scopes: referral.scopes,
      justification: sending.emergency ? sending.justification : null,
      details: { toAgencyId: referral.toAgencyId, consentRequired: sending.consentRequired },
    });
    await this.outbox.publish(tx, {
      topic: emergencyShare ? ReferralTopic.EMERGENCY : ReferralTopic.CHANGED,
      payload: { referralId: referral.id, caseId: referral.caseId, status: referral.status, fromAgencyId: referral.fromAgencyId, toAgencyId: referral.toAgencyId, actorId: viewer.userId },
    });
  }

  /**
   * A user moved a referral from `from`: an answer meets the response clock, a withdrawal cancels it.
   * An acceptance that holds a bed starts the bed-hold clock (the child's arrival); starting or
   * completing the referral meets it, withdrawing or failing it cancels it.
   */
  async referralMoved(tx: Tx, viewer: Viewer, action: ReferralAction, from: ReferralStatus, moved: ReferralRecord, now: Date): Promise<void> {
    if (action === 'accept' || action === 'decline') await this.deadlines.meet(tx, [DeadlineKind.REFERRAL_RESPONSE], moved.id, viewer.userId, now);
    if (action === 'accept' && moved.serviceAtLocationId) {
      await this.deadlines.start(tx, {
        kind: DeadlineKind.BED_HOLD,
        caseId: moved.caseId,
        subjectType: 'Referral',
        subjectId: moved.id,
        agencyId: moved.toAgencyId,
        startedAt: now,
        data: { notifyUserId: moved.sentBy, notifyAgencyId: moved.fromAgencyId },
      });
    }
    if (action === 'start' || action === 'complete') await this.deadlines.meet(tx, [DeadlineKind.BED_HOLD], moved.id, viewer.userId, now);
    if (action === 'withdraw' || action === 'fail') await this.deadlines.cancel(tx, [DeadlineKind.REFERRAL_RESPONSE, DeadlineKind.BED_HOLD], moved.id, now);
    await this.events.record(tx, { caseId: moved.caseId, kind: `REFERRAL_${moved.status}`, scope: DataScope.SUMMARY, actor: viewer, subjectId: moved.id, data: { fromAgencyId: moved.fromAgencyId, toAgencyId: moved.toAgencyId, from } });
    await this.audit.record(tx, { actor: actorOf(viewer), action: `REFERRAL_${action.toUpperCase()}`, caseId: moved.caseId, subjectType: 'Referral', subjectId: moved.id, details: { status: moved.status } });
    await this.outbox.publish(tx, {
      topic: ReferralTopic.CHANGED,
      payload: { referralId: moved.id, caseId: moved.caseId, status: moved.status, fromAgencyId: moved.fromAgencyId, toAgencyId: moved.toAgencyId, actorId: viewer.userId },
    });
  }

  /** A handoff was requested: the receiving agency's response clock starts. */
  async handoffRequested(tx: Tx, viewer: Viewer, handoff: HandoffRecord): Promise<void> {
    await this.deadlines.start(tx, {
      kind: DeadlineKind.HANDOFF_RESPONSE,
      caseId: handoff.caseId,
      subjectType: 'Handoff',
      subjectId: handoff.id,
      agencyId: handoff.toAgencyId,
      startedAt: handoff.createdAt,
      dueAt: handoff.responseDueAt,
      data: { notifyUserId: viewer.userId, notifyAgencyId: handoff.fromAgencyId },
    });
    await this.recordHandoff(tx, viewer, handoff, 'HANDOFF_REQUEST');
  }

  /**
   * A user moved a handoff: on acceptance the lead's running clocks (reports, reviews, consent
   * ends) wait on the new lead; an answer meets the response clock, a cancellation cancels it.
   */
  async handoffMoved(tx: Tx, viewer: Viewer, action: HandoffAction, moved: HandoffRecord, now: Date): Promise<void> {
    if (action === 'accept') await this.deadlines.reassign(tx, moved.caseId, moved.fromAgencyId, moved.toAgencyId, LEAD_DEADLINES);
    if (action === 'cancel') await this.deadlines.cancel(tx, [DeadlineKind.HANDOFF_RESPONSE], moved.id, now);
    else await this.deadlines.meet(tx, [DeadlineKind.HANDOFF_RESPONSE], moved.id, viewer.userId, now);
    await this.recordHandoff(tx, viewer, moved, `HANDOFF_${action.toUpperCase()}`);
  }

  /** A request went unanswered by its response time (or a held bed's child never arrived) and it expired from `from`: no user acted, the clock did. */
  async expired(tx: Tx, name: 'Referral' | 'Handoff', topic: ReferralTopic, expired: ExpiredRequest, from: string, deadlineId: string, now: Date): Promise<void> {
    const upper = name.toUpperCase();
    if (name === 'Referral') await this.bedsMoved(tx, null, 'expire', { ...expired, status: ReferralStatus.EXPIRED, declineReason: null }, now);
    await this.events.record(tx, { caseId: expired.caseId, kind: `${upper}_EXPIRED`, scope: DataScope.SUMMARY, actor: null, subjectId: expired.id, data: { fromAgencyId: expired.fromAgencyId, toAgencyId: expired.toAgencyId, from } });
    await this.audit.record(tx, { actor: SYSTEM, action: `${upper}_EXPIRE`, caseId: expired.caseId, subjectType: name, subjectId: expired.id, details: { deadlineId } });
    await this.outbox.publish(tx, {
      topic,
      payload: { [`${name.toLowerCase()}Id`]: expired.id, caseId: expired.caseId, status: 'EXPIRED', fromAgencyId: expired.fromAgencyId, toAgencyId: expired.toAgencyId },
    });
  }

  private async recordHandoff(tx: Tx, viewer: Viewer, handoff: HandoffRecord, action: string): Promise<void> {
    await this.events.record(tx, { caseId: handoff.caseId, kind: `HANDOFF_${handoff.status}`, scope: DataScope.SUMMARY, actor: viewer, subjectId: handoff.id, data: { fromAgencyId: handoff.fromAgencyId, toAgencyId: handoff.toAgencyId } });
    await this.audit.record(tx, { actor: actorOf(viewer), action, caseId: handoff.caseId, subjectType: 'Handoff', subjectId: handoff.id, details: { status: handoff.status } });
    await this.outbox.publish(tx, {
      topic: ReferralTopic.HANDOFF_CHANGED,
      payload: { handoffId: handoff.id, caseId: handoff.caseId, status: handoff.status, fromAgencyId: handoff.fromAgencyId, toAgencyId: handoff.toAgencyId, actorId: viewer.userId },
    });
  }
}
