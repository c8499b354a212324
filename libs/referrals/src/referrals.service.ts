import { Injectable } from '@nestjs/common';
import { AgencyType, authorize, DataScope, hide, refusalOf, Viewer } from '@tandem/authz';
import { authorizeOnCase, CaseAccess, CaseMembership, CaseView, GrantVia } from '@tandem/cases';
import { AgencyRepository } from '@tandem/identity';
import { BadInputError, Clock, ConflictError, isUniqueViolation, Transactions } from '@tandem/platform';
import { partyViewToChange } from './party-view';
import { ReferralEffects } from './referral-effects';
import { isParty, REFERRAL_ACTS, REFERRAL_READ, REFERRAL_SEND } from './referral.policies';
import { ReferralRepository } from './referral.repository';
import { DeclineReason, ReferralAction, ReferralRecord, referralTransition, RESPONSE_HOURS, ServiceType, Urgency } from './referrals.types';

export interface CreateReferralData {
  caseId: string;
  toAgencyId: string;
  serviceType: ServiceType;
  urgency: Urgency;
  scopes: DataScope[];
  reason: string;
  responseDueAt?: Date | null;
  emergencyJustification?: string | null;
  serviceAtLocationId?: string | null;
}

const HOUR = 3600_000;

/** Referrals between agencies: their lifecycle, the consent rule, and who may act (the referral policies). */
@Injectable()
export class ReferralsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly referrals: ReferralRepository,
    private readonly access: CaseAccess,
    private readonly membership: CaseMembership,
    private readonly agencies: AgencyRepository,
    private readonly effects: ReferralEffects,
    private readonly clock: Clock,
  ) {}

  /**
   * Sends a referral. The send policy is checked once the case is loaded, and again with what is
   * shared once the receiving agency is known (scopes the sender holds, consent covering them).
   */
  async createReferral(viewer: Viewer, input: CreateReferralData): Promise<ReferralRecord> {
    const now = this.clock.now();
    const justification = input.emergencyJustification?.trim() || null;
    if (justification && input.urgency !== Urgency.EMERGENCY) throw BadInputError.field('input.emergencyJustification', 'is only for EMERGENCY referrals');
    if (justification && justification.length < 20) throw BadInputError.field('input.emergencyJustification', 'must be at least 20 characters');
    if (input.responseDueAt && input.responseDueAt <= now) throw BadInputError.field('input.responseDueAt', 'must be in the future');
    const subject = { caseId: input.caseId, subjectType: 'Case', subjectId: input.caseId };
    return this.transactions.run(async (tx) => {
      const facts = { view: await this.access.findToChange(tx, viewer, input.caseId, true) };
      authorizeOnCase(REFERRAL_SEND, viewer, facts, subject);
      const { view } = facts;
      const target = await this.agencies.findById(tx, input.toAgencyId);
      if (!target || !target.active) throw BadInputError.field('input.toAgencyId', 'does not name an active agency');
      if (target.id === viewer.agencyId) throw BadInputError.field('input.toAgencyId', 'is your own agency');
      const lawEnforcement = target.type === AgencyType.LAW_ENFORCEMENT;
      const emergency = input.urgency === Urgency.EMERGENCY && justification !== null;
      const consentRequired = !lawEnforcement && !emergency;
      const uncovered = consentRequired ? await this.membership.unconsentedScopes(tx, input.caseId, target, input.scopes, now) : [];
      authorize(REFERRAL_SEND, viewer, { view, share: { scopes: input.scopes, uncovered } }, subject);
      // The lead's own users are assigned by its supervisors: a referral accepted by the lead would assign its acceptor.
      if (target.id === view.record.leadAgencyId) throw BadInputError.field('input.toAgencyId', 'already leads the case');
      const serviceAtLocationId = await this.effects.siteToName(tx, input.serviceAtLocationId, input.serviceType, target.id);
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
          serviceAtLocationId,
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError('A referral for this service to this agency is already pending');
        throw error;
      }
      await this.effects.sent(tx, viewer, referral, { emergency, lawEnforcement, justification, consentRequired });
      return referral;
    });
  }

  /**
   * Runs one lifecycle action on a referral: its policy says who may (accept/decline: the receiving
   * agency; withdraw: the sender or a supervisor of the sending agency; start/complete/fail: users of
   * the receiving agency assigned to the case), its lifecycle from which states (else CONFLICT).
   */
  async act(viewer: Viewer, id: string, action: ReferralAction, detail: { reason?: DeclineReason | string; note?: string | null; outcome?: string } = {}): Promise<ReferralRecord> {
    const now = this.clock.now();
    const policy = REFERRAL_ACTS[action];
    return this.transactions.run(async (tx) => {
      const current = await this.referrals.findReferral(tx, id, true);
      if (!current) throw refusalOf(policy, hide('no such referral'), { caseId: null, subjectType: 'Case', subjectId: null });
      const view = await partyViewToChange(this.access, tx, viewer, current);
      authorize(policy, viewer, { referral: current, view }, { caseId: current.caseId, subjectType: 'Case', subjectId: current.caseId });
      const transition = referralTransition(current.status, action);
      const fields: Record<string, unknown> = {};
      if (action === 'accept' || action === 'decline') fields.responded_by = viewer.userId;
      if (action === 'decline') Object.assign(fields, { decline_reason: detail.reason, status_note: detail.note ?? null });
      if (action === 'withdraw' || action === 'fail') fields.status_note = detail.reason;
      if (action === 'complete') fields.outcome = detail.outcome;
      if (action === 'complete' || action === 'fail' || action === 'decline' || action === 'withdraw') fields.closed_at = now;
      const moved = await this.referrals.transitionReferral(tx, id, transition.from, transition.to, fields, now);
      if (!moved) throw new ConflictError('The referral was changed by someone else at the same time');
      await this.effects.bedsMoved(tx, viewer.userId, action, moved, now);
      if (action === 'accept') {
        await this.membership.admitPartner(
          tx,
          { caseId: moved.caseId, agencyId: moved.toAgencyId, scopes: moved.scopes, consentRequired: moved.consentRequired, grantedVia: GrantVia.REFERRAL, assignee: { userId: viewer.userId, agencyId: viewer.agencyId! } },
          now,
        );
      }
      await this.effects.referralMoved(tx, viewer, action, current.status, moved, now);
      return moved;
    });
  }

  /** One referral as the viewer may read it, with their view of its case; any other id is NOT_FOUND, as one that names none. */
  async read(viewer: Viewer, id: string): Promise<{ referral: ReferralRecord; view: CaseView }> {
    const tx = this.transactions.manager;
    const subject = { caseId: null, subjectType: 'Case', subjectId: null, details: { referralId: id } };
    const referral = await this.referrals.findReferral(tx, id);
    if (!referral) throw refusalOf(REFERRAL_READ, hide('referral not visible'), subject);
    const facts = { referral, view: isParty(viewer, referral) ? await this.access.find(tx, viewer, referral.caseId) : null };
    authorizeOnCase(REFERRAL_READ, viewer, facts, subject);
    return facts;
  }
}
