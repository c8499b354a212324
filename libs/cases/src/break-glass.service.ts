import { Injectable } from '@nestjs/common';
import { actorOf, AuditAction, AuditService } from '@tandem/audit';
import { authorize, BREAK_GLASS_SCOPES, DataScope, Viewer } from '@tandem/authz';
import { BadInputError, Clock, ConflictError, Transactions } from '@tandem/platform';
import { AccessGrantRepository } from './access-grant.repository';
import { BreakGlassFollowUp } from './break-glass-follow-up.service';
import { CASE_BREAK_GLASS, BREAK_GLASS_REVIEW } from './case.policies';
import { CaseEvents } from './case-events';
import { CaseRepository } from './case.repository';
import { CaseRecord } from './cases.types';

export const BREAK_GLASS_HOURS = 4;

/** Emergency access to a case (docs/access-policy.md, "break glass"): granted for 4 hours, read only, audited, alerted and reviewed. */
@Injectable()
export class BreakGlassService {
  constructor(
    private readonly transactions: Transactions,
    private readonly cases: CaseRepository,
    private readonly grants: AccessGrantRepository,
    private readonly audit: AuditService,
    private readonly events: CaseEvents,
    private readonly followUp: BreakGlassFollowUp,
    private readonly clock: Clock,
  ) {}

  /**
   * Grants the viewer emergency access to the case, named by its id or by its case number (what the
   * person in front of an officer can tell); the case as it now is (the viewer's view follows from the grant).
   */
  async breakGlass(viewer: Viewer, target: { caseId: string } | { caseNumber: string }, justification: string): Promise<CaseRecord> {
    const text = justification.trim();
    if (text.length < 20 || text.length > 2000) throw BadInputError.field('justification', 'must be 20 to 2000 characters: say why this access is needed now');
    const now = this.clock.now();
    return this.transactions.run(async (tx) => {
      const record = 'caseId' in target ? ((await this.cases.findCases(tx, [target.caseId]))[0] ?? null) : await this.cases.findByNumber(tx, target.caseNumber);
      authorize(CASE_BREAK_GLASS, viewer, { record }, { caseId: record?.id ?? ('caseId' in target ? target.caseId : null) });
      const caseId = record!.id;
      const expiresAt = new Date(now.getTime() + BREAK_GLASS_HOURS * 3600_000);
      const grantId = await this.grants.insert(tx, { caseId, userId: viewer.userId, agencyId: viewer.agencyId, justification: text, grantedAt: now, expiresAt });
      await this.audit.record(tx, {
        actor: actorOf(viewer),
        action: AuditAction.BREAK_GLASS,
        caseId,
        subjectType: 'AccessGrant',
        subjectId: grantId,
        scopes: [...BREAK_GLASS_SCOPES],
        justification: text,
      });
      await this.events.record(tx, { caseId, kind: 'BREAK_GLASS', scope: DataScope.SUMMARY, actor: viewer, subjectId: grantId });
      await this.followUp.granted(tx, viewer, { id: grantId, caseId, caseNumber: record!.caseNumber, leadAgencyId: record!.leadAgencyId, grantedAt: now, expiresAt });
      return record!;
    });
  }

  /**
   * An auditor, or a supervisor of the lead agency or of the agency whose user broke the glass,
   * reviews the access: its 72-hour clock is MET. The finding is kept in the audit trail.
   */
  async reviewBreakGlass(viewer: Viewer, grantId: string, finding: string): Promise<{ id: string; reviewedAt: Date }> {
    const now = this.clock.now();
    return this.transactions.run(async (tx) => {
      const grant = await this.grants.lockForReview(tx, grantId);
      authorize(BREAK_GLASS_REVIEW, viewer, { grant }, { caseId: grant?.caseId ?? null, subjectType: 'Case' });
      if (grant!.reviewedAt) throw new ConflictError('This break-glass access was already reviewed');
      await this.grants.markReviewed(tx, grantId, { at: now, by: viewer.userId, finding });
      await this.followUp.reviewed(tx, grantId, viewer.userId, now);
      await this.audit.record(tx, { actor: actorOf(viewer), action: 'BREAK_GLASS_REVIEW', caseId: grant!.caseId, subjectType: 'AccessGrant', subjectId: grantId, justification: finding });
      return { id: grantId, reviewedAt: now };
    });
  }
}
