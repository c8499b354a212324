import { Injectable } from '@nestjs/common';
import { authorize, hide, refusalOf, Viewer } from '@tandem/authz';
import { authorizeOnCase, CaseAccess, CaseMembership } from '@tandem/cases';
import { AgencyRepository } from '@tandem/identity';
import { BadInputError, Clock, ConflictError, isUniqueViolation, Transactions } from '@tandem/platform';
import { partyViewToChange } from './party-view';
import { ReferralEffects } from './referral-effects';
import { HANDOFF_ACTS, HANDOFF_REQUEST } from './referral.policies';
import { ReferralRepository } from './referral.repository';
import { HANDOFF_RESPONSE_HOURS, HandoffAction, HandoffRecord, handoffTransition } from './referrals.types';

const HOUR = 3600_000;

/** Handoffs: the lead of a case asks another agency to take the lead; its lifecycle and who may act (the handoff policies). */
@Injectable()
export class HandoffsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly referrals: ReferralRepository,
    private readonly access: CaseAccess,
    private readonly membership: CaseMembership,
    private readonly agencies: AgencyRepository,
    private readonly effects: ReferralEffects,
    private readonly clock: Clock,
  ) {}

  async requestHandoff(viewer: Viewer, input: { caseId: string; toAgencyId: string; reason: string }): Promise<HandoffRecord> {
    const now = this.clock.now();
    return this.transactions.run(async (tx) => {
      const facts = { view: await this.access.findToChange(tx, viewer, input.caseId, true) };
      authorizeOnCase(HANDOFF_REQUEST, viewer, facts, { caseId: input.caseId, subjectType: 'Case', subjectId: input.caseId });
      const target = await this.agencies.findById(tx, input.toAgencyId);
      if (!target || !target.active) throw BadInputError.field('input.toAgencyId', 'does not name an active agency');
      if (target.id === facts.view.record.leadAgencyId) throw BadInputError.field('input.toAgencyId', 'already leads the case');
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
        if (isUniqueViolation(error)) throw new ConflictError('A handoff of this case is already pending');
        throw error;
      }
      await this.effects.handoffRequested(tx, viewer, handoff);
      return handoff;
    });
  }

  /**
   * Answers or cancels a handoff. On acceptance, in the same transaction (docs/access-policy.md, worked example 9), the
   * receiving agency leads the case, the former lead stays a partner, and the lead's clocks follow.
   */
  async actOnHandoff(viewer: Viewer, id: string, action: HandoffAction, note: string | null = null): Promise<HandoffRecord> {
    const now = this.clock.now();
    const policy = HANDOFF_ACTS[action];
    return this.transactions.run(async (tx) => {
      const current = await this.referrals.findHandoff(tx, id, true);
      if (!current) throw refusalOf(policy, hide('no such handoff'), { caseId: null, subjectType: 'Case', subjectId: null });
      const view = await partyViewToChange(this.access, tx, viewer, current);
      authorize(policy, viewer, { handoff: current, view }, { caseId: current.caseId, subjectType: 'Case', subjectId: current.caseId });
      const transition = handoffTransition(current.status, action);
      const moved = await this.referrals.transitionHandoff(tx, id, transition.from, transition.to, { responded_by: viewer.userId, status_note: note }, now);
      if (!moved) throw new ConflictError('The handoff was changed by someone else at the same time');
      if (action === 'accept' && !(await this.membership.transferLead(tx, { caseId: moved.caseId, fromAgencyId: moved.fromAgencyId, toAgencyId: moved.toAgencyId }))) {
        throw new ConflictError('The case changed lead agency while the handoff was pending');
      }
      await this.effects.handoffMoved(tx, viewer, action, moved, now);
      return moved;
    });
  }
}
