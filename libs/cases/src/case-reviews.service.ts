import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { actorOf, AuditAction, AuditService, SYSTEM } from '@tandem/audit';
import { DataScope, Role, Viewer } from '@tandem/authz';
import { PiiCipher } from '@tandem/crypto';
import { DeadlineEffect, DeadlineEffectHandler, DeadlineKind, DeadlineRecord, DeadlineService } from '@tandem/deadlines';
import { BadInputError, Clock, ConflictError, ForbiddenError, lifecycleRefusal, NotFoundError, Transactions, Tx } from '@tandem/platform';
import { CaseAccess, READ_ONLY } from './case-access.service';
import { CaseEvents } from './case-events';
import { CaseSharing } from './case-sharing.service';
import { CasesService } from './cases.service';
import { CaseFlag, VICTIM_REPORT_TEXT } from './cases.types';

type Refusal = { notFound: string; caseId: string | null } | { forbidden: string; caseId: string } | { conflict: string } | { badInput: [string, string] };

export interface VictimReportRecord {
  id: string;
  reportedAt: Date;
  reportNumber: string;
  receivingAgencyId: string | null;
}

/**
 * The acts that meet the lead's clocks: the periodic case review, the report to law enforcement
 * of an identified victim, and the review of a break-glass access.
 */
@Injectable()
export class CaseReviewsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly access: CaseAccess,
    private readonly deadlines: DeadlineService,
    private readonly audit: AuditService,
    private readonly events: CaseEvents,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly sharing: CaseSharing,
  ) {}

  /** The lead's supervisor or PRIMARY assignee reviewed the case: this cycle is MET and the next 30 days start. */
  async recordCaseReview(viewer: Viewer, caseId: string): Promise<DeadlineRecord> {
    const now = this.clock.now();
    const outcome = await this.transactions.run(async (tx): Promise<{ next: DeadlineRecord } | Refusal> => {
      const view = await this.access.findToChange(tx, viewer, caseId, true);
      if (!view) return { notFound: 'case not visible', caseId };
      if (view === READ_ONLY) return { forbidden: READ_ONLY, caseId: caseId };
      const refusal = await this.leadSupervisorOrPrimary(tx, viewer, caseId, view.record.leadAgencyId);
      if (refusal) return { forbidden: refusal, caseId };
      if (view.record.status !== 'ACTIVE') return { conflict: lifecycleRefusal('case', view.record.status, 'reviewed') };
      await this.deadlines.meet(tx, [DeadlineKind.CASE_REVIEW], caseId, viewer.userId, now);
      const next = await this.deadlines.start(tx, { kind: DeadlineKind.CASE_REVIEW, caseId, subjectType: 'Case', subjectId: caseId, agencyId: view.record.leadAgencyId, startedAt: now });
      await this.events.record(tx, { caseId, kind: 'CASE_REVIEWED', scope: DataScope.SUMMARY, actor: viewer });
      await this.audit.record(tx, { actor: actorOf(viewer), action: 'CASE_REVIEW', caseId, subjectType: 'Case', subjectId: caseId });
      return { next };
    });
    return this.settle(viewer, 'CASE_REVIEW', outcome, (o) => o.next);
  }

  /**
   * Records the report to law enforcement of a child identified as a trafficking victim; meets its
   * 24-hour clock. A report made to a law-enforcement agency on Tandem shares the case with it
   * (mandated reporting, POLICY.md rule 6).
   */
  async recordVictimReport(viewer: Viewer, input: { caseId: string; reportedAt: Date; reportNumber: string; receivingAgencyId?: string | null }): Promise<VictimReportRecord> {
    const now = this.clock.now();
    if (input.reportedAt > now) throw BadInputError.field('input.reportedAt', 'must not be in the future');
    const outcome = await this.transactions.run(async (tx): Promise<{ report: VictimReportRecord } | Refusal> => {
      const view = await this.access.findToChange(tx, viewer, input.caseId, true);
      if (!view) return { notFound: 'case not visible', caseId: input.caseId };
      if (view === READ_ONLY) return { forbidden: READ_ONLY, caseId: input.caseId };
      if (view.record.leadAgencyId !== viewer.agencyId) return { forbidden: 'the lead agency records its reports', caseId: input.caseId };
      if (!view.record.flags.includes(CaseFlag.TRAFFICKING_VICTIM)) return { conflict: 'The case is not flagged TRAFFICKING_VICTIM' };
      if (input.receivingAgencyId && !(await this.sharing.reportableAgency(tx, input.receivingAgencyId))) {
        return { badInput: ['input.receivingAgencyId', 'must name an active law-enforcement agency'] };
      }
      const id = randomUUID();
      const sealedNumber = this.cipher.encrypt(input.reportNumber, VICTIM_REPORT_TEXT.columns.report_number_sealed!(id));
      const [row]: { id: string; reportedAt: Date; receivingAgencyId: string | null }[] = await tx.query(
        `INSERT INTO victim_report (id, case_id, reported_at, report_number_sealed, recorded_by, receiving_agency_id) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, reported_at AS "reportedAt", receiving_agency_id AS "receivingAgencyId"`,
        [id, input.caseId, input.reportedAt, sealedNumber, viewer.userId, input.receivingAgencyId ?? null],
      );
      const report = { ...row!, reportNumber: input.reportNumber };
      await this.deadlines.meet(tx, [DeadlineKind.VICTIM_REPORT_LE], input.caseId, viewer.userId, now);
      if (input.receivingAgencyId) {
        await this.sharing.shareByReport(tx, viewer, { caseId: input.caseId, agencyId: input.receivingAgencyId, report: 'VICTIM_REPORT', reportId: report.id });
      }
      await this.events.record(tx, { caseId: input.caseId, kind: 'VICTIM_REPORTED', scope: DataScope.INVESTIGATION, actor: viewer, subjectId: report.id });
      await this.audit.record(tx, { actor: actorOf(viewer), action: 'VICTIM_REPORT', caseId: input.caseId, subjectType: 'VictimReport', subjectId: report.id });
      return { report };
    });
    return this.settle(viewer, 'VICTIM_REPORT', outcome, (o) => o.report);
  }

  /**
   * An auditor, or a supervisor of the lead agency or of the agency whose user broke the glass,
   * reviews the access: its 72-hour clock is MET. The finding is kept in the audit trail.
   */
  async reviewBreakGlass(viewer: Viewer, grantId: string, finding: string): Promise<{ id: string; reviewedAt: Date }> {
    const now = this.clock.now();
    const outcome = await this.transactions.run(async (tx): Promise<{ grant: { id: string; reviewedAt: Date } } | Refusal> => {
      const [grant] = await tx.query(
        `SELECT g.id, g.case_id AS "caseId", g.agency_id AS "agencyId", g.user_id AS "userId", g.reviewed_at AS "reviewedAt", c.lead_agency_id AS "leadAgencyId"
           FROM access_grant g JOIN case_file c ON c.id = g.case_id WHERE g.id = $1 FOR UPDATE OF g`,
        [grantId],
      );
      const supervisor = viewer.role === Role.SUPERVISOR && grant && [grant.agencyId, grant.leadAgencyId].includes(viewer.agencyId);
      if (!grant || !(viewer.role === Role.AUDITOR || supervisor)) return { notFound: 'break-glass grant not reviewable by this user', caseId: grant?.caseId ?? null };
      if (grant.userId === viewer.userId) return { forbidden: 'no one reviews their own break glass', caseId: grant.caseId };
      if (grant.reviewedAt) return { conflict: 'This break-glass access was already reviewed' };
      await tx.query(`UPDATE access_grant SET reviewed_at = $2, reviewed_by = $3, review_finding = $4 WHERE id = $1`, [grantId, now, viewer.userId, finding]);
      await this.deadlines.meet(tx, [DeadlineKind.BREAK_GLASS_REVIEW], grantId, viewer.userId, now);
      await this.audit.record(tx, { actor: actorOf(viewer), action: 'BREAK_GLASS_REVIEW', caseId: grant.caseId, subjectType: 'AccessGrant', subjectId: grantId, justification: finding });
      return { grant: { id: grantId, reviewedAt: now } };
    });
    return this.settle(viewer, 'BREAK_GLASS_REVIEW', outcome, (o) => o.grant);
  }

  private async leadSupervisorOrPrimary(tx: Tx, viewer: Viewer, caseId: string, leadAgencyId: string): Promise<string | null> {
    if (leadAgencyId !== viewer.agencyId) return 'only the lead agency';
    if (viewer.role === Role.SUPERVISOR) return null;
    const [primary] = await tx.query(`SELECT 1 FROM assignment WHERE case_id = $1 AND user_id = $2 AND role = 'PRIMARY' AND active`, [caseId, viewer.userId]);
    return primary ? null : 'only a supervisor or the PRIMARY assignee of the lead agency';
  }

  private async settle<O extends object, T>(viewer: Viewer, action: string, outcome: O | Refusal, pick: (o: O) => T): Promise<T> {
    if ('notFound' in outcome) {
      await this.access.denied(viewer, action, outcome.caseId, outcome.notFound);
      throw new NotFoundError(action === 'BREAK_GLASS_REVIEW' ? 'Break-glass grant' : 'Case');
    }
    if ('forbidden' in outcome) {
      await this.access.denied(viewer, action, outcome.caseId, outcome.forbidden);
      throw new ForbiddenError(`You may not do this: ${outcome.forbidden}`, 'policy');
    }
    if ('conflict' in outcome) throw new ConflictError(outcome.conflict);
    if ('badInput' in outcome) throw BadInputError.field(outcome.badInput[0], outcome.badInput[1]);
    return pick(outcome as O);
  }
}

/** POLICY.md example 6: when a consent ends, every scope that rested on it alone is withdrawn. */
@DeadlineEffect(DeadlineKind.CONSENT_EXPIRY)
@Injectable()
export class ConsentExpiry implements DeadlineEffectHandler {
  constructor(
    private readonly cases: CasesService,
    private readonly events: CaseEvents,
    private readonly audit: AuditService,
  ) {}

  async onDue(tx: Tx, deadline: DeadlineRecord, now: Date): Promise<void> {
    const [consent] = await tx.query(`SELECT id, revoked_at AS "revokedAt", expires_at AS "expiresAt" FROM consent WHERE id = $1`, [deadline.subjectId]);
    if (!consent || consent.revokedAt) return;
    // The consent's own end time, not the (later) moment the job ran, decides what other consents still cover.
    const withdrawn = await this.cases.withdrawScopesOf(tx, consent.id, consent.expiresAt > now ? now : consent.expiresAt);
    await this.events.record(tx, { caseId: deadline.caseId, kind: 'CONSENT_EXPIRED', scope: DataScope.SUMMARY, actor: null, subjectId: consent.id, data: { withdrawn: withdrawn.map((w) => ({ agencyId: w.agencyId, scopes: w.scopes })) } });
    await this.audit.record(
      tx,
      { actor: SYSTEM, action: 'CONSENT_EXPIRE', caseId: deadline.caseId, subjectType: 'Consent', subjectId: consent.id },
      ...withdrawn.map((w) => ({
        actor: SYSTEM,
        action: AuditAction.SCOPE_WITHDRAWN,
        caseId: deadline.caseId,
        subjectType: 'Membership',
        subjectId: w.membershipId,
        scopes: w.scopes,
        details: { agencyId: w.agencyId, consentId: consent.id },
      })),
    );
  }
}
