import { Injectable } from '@nestjs/common';
import { actorOf, AuditService } from '@tandem/audit';
import { AgencyType, CONSENTED_SCOPES, DataScope, LEAD_SCOPES, Role, Viewer } from '@tandem/authz';
import { CaseAccess, CaseEvents, CaseRepository, CasesService, READ_ONLY } from '@tandem/cases';
import { DeadlineKind, DeadlineService } from '@tandem/deadlines';
import { BadInputError, Clock, ConflictError, EventTopic, ForbiddenError, lifecycleRefusal, NotFoundError, OutboxService, Transactions, Tx } from '@tandem/platform';
import { ReferralRepository } from './referral.repository';
import {
  DeclineReason,
  HANDOFF_RESPONSE_HOURS,
  HANDOFF_ACTION_DONE,
  HANDOFF_TRANSITIONS,
  HandoffAction,
  HandoffRecord,
  REFERRAL_ACTION_DONE,
  REFERRAL_TRANSITIONS,
  ReferralAction,
  ReferralRecord,
  RESPONSE_HOURS,
  ServiceType,
  Urgency,
} from './referrals.types';

export interface CreateReferralData {
  caseId: string;
  toAgencyId: string;
  serviceType: ServiceType;
  urgency: Urgency;
  scopes: DataScope[];
  reason: string;
  responseDueAt?: Date | null;
  emergencyJustification?: string | null;
}

type Refusal = { notFound: string } | { forbidden: string } | { conflict: string } | { badInput: [string, string] };

const HOUR = 3600_000;

/** Clocks that the lead agency answers for; they follow the lead on a handoff. */
const LEAD_DEADLINES = [
  DeadlineKind.MISSING_REPORT_LE,
  DeadlineKind.MISSING_REPORT_NCMEC,
  DeadlineKind.VICTIM_REPORT_LE,
  DeadlineKind.RETURN_INTERVIEW,
  DeadlineKind.CONSENT_EXPIRY,
  DeadlineKind.CASE_REVIEW,
];

/** Referrals and handoffs between agencies: their lifecycles, the consent rule, and who may act (POLICY.md). */
@Injectable()
export class ReferralsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly referrals: ReferralRepository,
    private readonly cases: CaseRepository,
    private readonly access: CaseAccess,
    private readonly events: CaseEvents,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly deadlines: DeadlineService,
    private readonly caseService: CasesService,
  ) {}

  async createReferral(viewer: Viewer, input: CreateReferralData): Promise<ReferralRecord> {
    const now = this.clock.now();
    const justification = input.emergencyJustification?.trim() || null;
    if (justification && input.urgency !== Urgency.EMERGENCY) throw BadInputError.field('input.emergencyJustification', 'is only for EMERGENCY referrals');
    if (justification && justification.length < 20) throw BadInputError.field('input.emergencyJustification', 'must be at least 20 characters');
    if (input.responseDueAt && input.responseDueAt <= now) throw BadInputError.field('input.responseDueAt', 'must be in the future');
    const outcome = await this.transactions.run(async (tx): Promise<{ referral: ReferralRecord } | Refusal> => {
      const view = await this.access.findToChange(tx, viewer, input.caseId, true);
      if (!view) return { notFound: 'case not visible' };
      if (view === READ_ONLY) return { forbidden: READ_ONLY };
      const isLead = view.record.leadAgencyId === viewer.agencyId;
      const isMember = view.facts.memberships.some((m) => m.active && m.agencyId === viewer.agencyId);
      if (!isLead && !(isMember && view.scopes.includes(DataScope.SERVICES))) return { forbidden: 'only the lead agency, or a partner holding SERVICES, sends referrals' };
      const [target] = await tx.query(`SELECT id, type, active FROM agency WHERE id = $1`, [input.toAgencyId]);
      if (!target || !target.active) return { badInput: ['input.toAgencyId', 'does not name an active agency'] };
      if (target.id === viewer.agencyId) return { badInput: ['input.toAgencyId', 'is your own agency'] };
      const notHeld = input.scopes.filter((scope) => !view.scopes.includes(scope));
      if (notHeld.length) return { forbidden: `you do not hold ${notHeld.join(', ')} to share` };
      const lawEnforcement = target.type === AgencyType.LAW_ENFORCEMENT;
      const emergency = input.urgency === Urgency.EMERGENCY && justification !== null;
      const consentRequired = !lawEnforcement && !emergency;
      if (consentRequired) {
        const uncovered = await this.uncoveredScopes(tx, input.caseId, target.id, target.type, input.scopes, now);
        if (uncovered.length) return { forbidden: `consent: no active consent covers ${uncovered.join(', ')} for this agency` };
      }
      let referral: ReferralRecord;
      try {
        referral = await this.referrals.insertReferral(tx, {
          caseId: input.caseId,
          fromAgencyId: viewer.agencyId!,
          toAgencyId: target.id,
          sentBy: viewer.userId,
          serviceType: input.serviceType,
          urgency: input.urgency,
          scopes: [...new Set(input.scopes)],
          consentRequired,
          reason: input.reason,
          emergencyJustification: emergency ? justification : null,
          responseDueAt: input.responseDueAt ?? new Date(now.getTime() + RESPONSE_HOURS[input.urgency] * HOUR),
          createdAt: now,
        });
      } catch (error) {
        if ((error as { code?: string }).code === '23505') return { conflict: 'A referral for this service to this agency is already pending' };
        throw error;
      }
      await this.deadlines.start(tx, {
        kind: DeadlineKind.REFERRAL_RESPONSE,
        caseId: input.caseId,
        subjectType: 'Referral',
        subjectId: referral.id,
        agencyId: target.id,
        startedAt: now,
        dueAt: referral.responseDueAt,
        data: { notifyUserId: viewer.userId, notifyAgencyId: viewer.agencyId! },
      });
      await this.events.record(tx, { caseId: input.caseId, kind: 'REFERRAL_REQUESTED', scope: DataScope.SUMMARY, actor: viewer, subjectId: referral.id, data: { fromAgencyId: viewer.agencyId, toAgencyId: target.id, serviceType: input.serviceType, urgency: input.urgency } });
      await this.audit.record(tx, {
        actor: actorOf(viewer),
        action: emergency && !lawEnforcement ? 'REFERRAL_EMERGENCY_SHARE' : 'REFERRAL_CREATE',
        caseId: input.caseId,
        subjectType: 'Referral',
        subjectId: referral.id,
        scopes: referral.scopes,
        justification: emergency ? justification : null,
        details: { toAgencyId: target.id, consentRequired },
      });
      await this.outbox.publish(tx, {
        topic: emergency && !lawEnforcement ? EventTopic.REFERRAL_EMERGENCY : EventTopic.REFERRAL_CHANGED,
        payload: { referralId: referral.id, caseId: input.caseId, status: referral.status, fromAgencyId: referral.fromAgencyId, toAgencyId: referral.toAgencyId, actorId: viewer.userId },
      });
      return { referral };
    });
    return this.settle(viewer, 'REFERRAL_CREATE', input.caseId, outcome, (o) => o.referral);
  }

  /** Runs one lifecycle action on a referral; any move the lifecycle does not draw is CONFLICT. */
  async act(viewer: Viewer, id: string, action: ReferralAction, detail: { reason?: DeclineReason | string; note?: string | null; outcome?: string } = {}): Promise<ReferralRecord> {
    const now = this.clock.now();
    const transition = REFERRAL_TRANSITIONS[action];
    let caseId: string | null = null;
    const outcome = await this.transactions.run(async (tx): Promise<{ referral: ReferralRecord } | Refusal> => {
      const current = await this.referrals.findReferral(tx, id, true);
      if (!current) return { notFound: 'no such referral' };
      caseId = current.caseId;
      const receiving = viewer.agencyId === current.toAgencyId;
      const sending = viewer.agencyId === current.fromAgencyId;
      // The two agencies of a referral see it (their inboxes), each only as far as it sees the case
      // (as the referral query does); everyone else, a break-glass holder of the case included, is
      // told it does not exist, as for an unknown id.
      if (!(viewer.role === Role.STAFF || viewer.role === Role.SUPERVISOR) || (!receiving && !sending)) return { notFound: 'referral not visible' };
      const seen = await this.access.findToChange(tx, viewer, current.caseId);
      if (!seen) return { notFound: 'referral not visible' };
      if (seen === READ_ONLY) return { forbidden: READ_ONLY };
      const allowed = this.mayAct(viewer, action, current, seen.facts.assignments, receiving, sending);
      if (allowed !== true) return allowed === null ? { notFound: 'referral not visible' } : { forbidden: allowed };
      if (!transition.from.includes(current.status)) return { conflict: lifecycleRefusal('referral', current.status, REFERRAL_ACTION_DONE[action]) };
      const fields: Record<string, unknown> = {};
      if (action === 'accept' || action === 'decline') fields.responded_by = viewer.userId;
      if (action === 'decline') Object.assign(fields, { decline_reason: detail.reason, status_note: detail.note ?? null });
      if (action === 'withdraw' || action === 'fail') fields.status_note = detail.reason;
      if (action === 'complete') fields.outcome = detail.outcome;
      if (action === 'complete' || action === 'fail' || action === 'decline' || action === 'withdraw') fields.closed_at = now;
      const moved = await this.referrals.transitionReferral(tx, id, transition.from, transition.to, fields, now);
      if (!moved) return { conflict: 'The referral was changed by someone else at the same time' };
      if (action === 'accept') await this.admitReceivingAgency(tx, viewer, moved, now);
      if (action === 'accept' || action === 'decline') await this.deadlines.meet(tx, [DeadlineKind.REFERRAL_RESPONSE], moved.id, viewer.userId, now);
      if (action === 'withdraw') await this.deadlines.cancel(tx, [DeadlineKind.REFERRAL_RESPONSE], moved.id, now);
      await this.events.record(tx, { caseId: moved.caseId, kind: `REFERRAL_${moved.status}`, scope: DataScope.SUMMARY, actor: viewer, subjectId: moved.id, data: { fromAgencyId: moved.fromAgencyId, toAgencyId: moved.toAgencyId, from: current.status } });
      await this.audit.record(tx, { actor: actorOf(viewer), action: `REFERRAL_${action.toUpperCase()}`, caseId: moved.caseId, subjectType: 'Referral', subjectId: moved.id, details: { status: moved.status } });
      await this.outbox.publish(tx, {
        topic: EventTopic.REFERRAL_CHANGED,
        payload: { referralId: moved.id, caseId: moved.caseId, status: moved.status, fromAgencyId: moved.fromAgencyId, toAgencyId: moved.toAgencyId, actorId: viewer.userId },
      });
      return { referral: moved };
    });
    return this.settle(viewer, `REFERRAL_${action.toUpperCase()}`, caseId, outcome, (o) => o.referral);
  }

  /**
   * Who may act (POLICY.md): accept/decline: staff or supervisor of the receiving agency;
   * withdraw: the sender or a supervisor of the sending agency; start/complete/fail: users of
   * the receiving agency assigned to the case. `null` means the referral is not theirs to see.
   */
  private mayAct(
    viewer: Viewer,
    action: ReferralAction,
    referral: ReferralRecord,
    assignments: { userId: string; agencyId: string; active: boolean }[],
    receiving: boolean,
    sending: boolean,
  ): true | string | null {
    const caseRole = viewer.role === Role.STAFF || viewer.role === Role.SUPERVISOR;
    if (!caseRole || (!receiving && !sending)) return null;
    switch (action) {
      case 'accept':
      case 'decline':
        return receiving ? true : 'only the receiving agency answers a referral';
      case 'withdraw':
        return sending && (referral.sentBy === viewer.userId || viewer.role === Role.SUPERVISOR) ? true : 'only the sender or a supervisor of the sending agency withdraws';
      default: {
        const assigned = assignments.some((a) => a.active && a.userId === viewer.userId && a.agencyId === viewer.agencyId);
        return receiving && assigned ? true : 'only users of the receiving agency assigned to the case';
      }
    }
  }

  /** On acceptance: a PARTNER membership with the shared scopes, the acceptor assigned, the case ACTIVE. */
  private async admitReceivingAgency(tx: Tx, viewer: Viewer, referral: ReferralRecord, now: Date): Promise<void> {
    // Two referrals of one case accepted at once must not both insert the agency's membership.
    await tx.query(`SELECT 1 FROM case_file WHERE id = $1 FOR UPDATE`, [referral.caseId]);
    const [existing] = await tx.query(`SELECT id, scopes, consent_required AS "consentRequired" FROM membership WHERE case_id = $1 AND agency_id = $2 AND active FOR UPDATE`, [
      referral.caseId,
      referral.toAgencyId,
    ]);
    if (existing) {
      await tx.query(
        // One consent flag covers the whole membership: when either side needs consent, all of it does
        // (stricter than needed for scopes shared in an emergency, never looser).
        `UPDATE membership SET scopes = array(SELECT DISTINCT unnest(scopes || $2::text[])), consent_required = consent_required OR $3 WHERE id = $1`,
        [existing.id, referral.scopes, referral.consentRequired],
      );
    } else {
      await this.cases.insertMembership(tx, {
        caseId: referral.caseId,
        agencyId: referral.toAgencyId,
        role: 'PARTNER',
        scopes: referral.scopes,
        grantedVia: 'REFERRAL',
        consentRequired: referral.consentRequired,
      });
    }
    await tx.query(
      `INSERT INTO assignment (case_id, user_id, agency_id, role, assigned_by) VALUES ($1, $2, $3, 'SECONDARY', $2)
       ON CONFLICT (case_id, user_id) WHERE active DO NOTHING`,
      [referral.caseId, viewer.userId, viewer.agencyId],
    );
    await this.caseService.activate(tx, referral.caseId, now);
  }

  /** Consented scopes that no active consent covers for the agency. */
  async uncoveredScopes(tx: Tx, caseId: string, agencyId: string, agencyType: string, scopes: string[], now: Date): Promise<string[]> {
    const wanted = scopes.filter((scope) => CONSENTED_SCOPES.includes(scope as DataScope));
    if (wanted.length === 0) return [];
    const rows: { scope: string }[] = await tx.query(
      `SELECT s AS scope FROM unnest($2::text[]) s
        WHERE NOT EXISTS (SELECT 1 FROM consent k WHERE k.case_id = $1 AND s = ANY(k.scopes) AND k.revoked_at IS NULL
                            AND k.effective_at <= $5 AND (k.expires_at IS NULL OR k.expires_at > $5)
                            AND ($3::uuid = ANY(k.agency_ids) OR $4 = ANY(k.agency_types)))`,
      [caseId, wanted, agencyId, agencyType, now],
    );
    return rows.map((row) => row.scope);
  }

  async requestHandoff(viewer: Viewer, input: { caseId: string; toAgencyId: string; reason: string }): Promise<HandoffRecord> {
    const now = this.clock.now();
    const outcome = await this.transactions.run(async (tx): Promise<{ handoff: HandoffRecord } | Refusal> => {
      const view = await this.access.findToChange(tx, viewer, input.caseId, true);
      if (!view) return { notFound: 'case not visible' };
      if (view === READ_ONLY) return { forbidden: READ_ONLY };
      const [primary] = await tx.query(`SELECT 1 FROM assignment WHERE case_id = $1 AND user_id = $2 AND role = 'PRIMARY' AND active`, [input.caseId, viewer.userId]);
      if (view.record.leadAgencyId !== viewer.agencyId || (viewer.role !== Role.SUPERVISOR && !primary)) {
        return { forbidden: 'only a supervisor or the PRIMARY assignee of the lead agency requests a handoff' };
      }
      const [target] = await tx.query(`SELECT id, active FROM agency WHERE id = $1`, [input.toAgencyId]);
      if (!target || !target.active) return { badInput: ['input.toAgencyId', 'does not name an active agency'] };
      if (target.id === viewer.agencyId) return { badInput: ['input.toAgencyId', 'already leads the case'] };
      let handoff: HandoffRecord;
      try {
        handoff = await this.referrals.insertHandoff(tx, {
          caseId: input.caseId,
          fromAgencyId: viewer.agencyId!,
          toAgencyId: target.id,
          requestedBy: viewer.userId,
          reason: input.reason,
          responseDueAt: new Date(now.getTime() + HANDOFF_RESPONSE_HOURS * HOUR),
          createdAt: now,
        });
      } catch (error) {
        if ((error as { code?: string }).code === '23505') return { conflict: 'A handoff of this case is already pending' };
        throw error;
      }
      await this.deadlines.start(tx, {
        kind: DeadlineKind.HANDOFF_RESPONSE,
        caseId: input.caseId,
        subjectType: 'Handoff',
        subjectId: handoff.id,
        agencyId: target.id,
        startedAt: now,
        dueAt: handoff.responseDueAt,
        data: { notifyUserId: viewer.userId, notifyAgencyId: viewer.agencyId! },
      });
      await this.recordHandoff(tx, viewer, handoff, 'HANDOFF_REQUEST');
      return { handoff };
    });
    return this.settle(viewer, 'HANDOFF_REQUEST', input.caseId, outcome, (o) => o.handoff);
  }

  async actOnHandoff(viewer: Viewer, id: string, action: HandoffAction, note: string | null = null): Promise<HandoffRecord> {
    const now = this.clock.now();
    const transition = HANDOFF_TRANSITIONS[action];
    let caseId: string | null = null;
    const outcome = await this.transactions.run(async (tx): Promise<{ handoff: HandoffRecord } | Refusal> => {
      const current = await this.referrals.findHandoff(tx, id, true);
      if (!current) return { notFound: 'no such handoff' };
      caseId = current.caseId;
      const receiving = viewer.agencyId === current.toAgencyId;
      const sending = viewer.agencyId === current.fromAgencyId;
      if (!(viewer.role === Role.STAFF || viewer.role === Role.SUPERVISOR) || (!receiving && !sending)) return { notFound: 'handoff not visible' };
      // Staff who do not see the case (not assigned, not the inbox) are told it does not exist either.
      const seen = await this.access.findToChange(tx, viewer, current.caseId);
      if (!seen) return { notFound: 'handoff not visible' };
      if (seen === READ_ONLY) return { forbidden: READ_ONLY };
      if (action === 'cancel') {
        if (!sending || (current.requestedBy !== viewer.userId && viewer.role !== Role.SUPERVISOR)) return { forbidden: 'only the requester or a supervisor of the lead agency cancels' };
      } else if (!receiving || viewer.role !== Role.SUPERVISOR) {
        return { forbidden: 'only a supervisor of the receiving agency answers a handoff' };
      }
      if (!transition.from.includes(current.status)) return { conflict: lifecycleRefusal('handoff', current.status, HANDOFF_ACTION_DONE[action]) };
      const moved = await this.referrals.transitionHandoff(tx, id, transition.from, transition.to, { responded_by: viewer.userId, status_note: note }, now);
      if (!moved) return { conflict: 'The handoff was changed by someone else at the same time' };
      if (action === 'accept') await this.moveLead(tx, moved);
      if (action === 'cancel') await this.deadlines.cancel(tx, [DeadlineKind.HANDOFF_RESPONSE], moved.id, now);
      else await this.deadlines.meet(tx, [DeadlineKind.HANDOFF_RESPONSE], moved.id, viewer.userId, now);
      await this.recordHandoff(tx, viewer, moved, `HANDOFF_${action.toUpperCase()}`);
      return { handoff: moved };
    });
    return this.settle(viewer, `HANDOFF_${action.toUpperCase()}`, caseId, outcome, (o) => o.handoff);
  }

  /**
   * POLICY.md example 9, in the accepting transaction: the receiving agency leads; the former
   * lead stays a partner with SUMMARY and SERVICES (it held them: no consent needed) and its
   * PRIMARY assignee stays on as SECONDARY.
   */
  private async moveLead(tx: Tx, handoff: HandoffRecord): Promise<void> {
    const [target] = await tx.query(`SELECT jurisdiction_id AS "jurisdictionId" FROM agency WHERE id = $1`, [handoff.toAgencyId]);
    const [[moved]] = await tx.query(
      `UPDATE case_file SET lead_agency_id = $2, jurisdiction_id = $3, version = version + 1, updated_at = now()
        WHERE id = $1 AND lead_agency_id = $4 RETURNING id`,
      [handoff.caseId, handoff.toAgencyId, target.jurisdictionId, handoff.fromAgencyId],
    );
    if (!moved) throw new ConflictError('The case changed lead agency while the handoff was pending');
    await tx.query(
      `UPDATE membership SET role = 'PARTNER', scopes = $3, consent_required = false, granted_via = 'HANDOFF'
        WHERE case_id = $1 AND agency_id = $2 AND active`,
      [handoff.caseId, handoff.fromAgencyId, [DataScope.SUMMARY, DataScope.SERVICES]],
    );
    const [[promoted]] = await tx.query(
      `UPDATE membership SET role = 'LEAD', scopes = $3, consent_required = false WHERE case_id = $1 AND agency_id = $2 AND active RETURNING id`,
      [handoff.caseId, handoff.toAgencyId, LEAD_SCOPES],
    );
    if (!promoted) {
      await this.cases.insertMembership(tx, { caseId: handoff.caseId, agencyId: handoff.toAgencyId, role: 'LEAD', scopes: [...LEAD_SCOPES], grantedVia: 'HANDOFF', consentRequired: false });
    }
    await tx.query(`UPDATE assignment SET role = 'SECONDARY' WHERE case_id = $1 AND agency_id = $2 AND role = 'PRIMARY' AND active`, [handoff.caseId, handoff.fromAgencyId]);
    // The lead's running clocks (reports, reviews, consent ends) now wait on the new lead.
    await this.deadlines.reassign(tx, handoff.caseId, handoff.fromAgencyId, handoff.toAgencyId, LEAD_DEADLINES);
  }

  private async recordHandoff(tx: Tx, viewer: Viewer, handoff: HandoffRecord, action: string): Promise<void> {
    await this.events.record(tx, { caseId: handoff.caseId, kind: `HANDOFF_${handoff.status}`, scope: DataScope.SUMMARY, actor: viewer, subjectId: handoff.id, data: { fromAgencyId: handoff.fromAgencyId, toAgencyId: handoff.toAgencyId } });
    await this.audit.record(tx, { actor: actorOf(viewer), action, caseId: handoff.caseId, subjectType: 'Handoff', subjectId: handoff.id, details: { status: handoff.status } });
    await this.outbox.publish(tx, {
      topic: EventTopic.HANDOFF_CHANGED,
      payload: { handoffId: handoff.id, caseId: handoff.caseId, status: handoff.status, fromAgencyId: handoff.fromAgencyId, toAgencyId: handoff.toAgencyId, actorId: viewer.userId },
    });
  }

  private async settle<O extends object, T>(viewer: Viewer, action: string, caseId: string | null, outcome: O | Refusal, pick: (o: O) => T): Promise<T> {
    if ('notFound' in outcome) {
      await this.access.denied(viewer, action, caseId, outcome.notFound);
      throw new NotFoundError(action.startsWith('HANDOFF') ? 'Handoff' : action === 'REFERRAL_CREATE' ? 'Case' : 'Referral');
    }
    if ('forbidden' in outcome) {
      await this.access.denied(viewer, action, caseId, outcome.forbidden);
      throw new ForbiddenError(`You may not do this: ${outcome.forbidden}`, outcome.forbidden.startsWith('consent') ? 'consent' : 'policy');
    }
    if ('conflict' in outcome) throw new ConflictError(outcome.conflict);
    if ('badInput' in outcome) throw BadInputError.field(outcome.badInput[0], outcome.badInput[1]);
    return pick(outcome as O);
  }
}
