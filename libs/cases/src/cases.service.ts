import { Injectable } from '@nestjs/common';
import { actorOf, AuditAction, ReadLog } from '@tandem/audit';
import { AgencyType, authorize, DataScope, Role, Viewer } from '@tandem/authz';
import { DeadlineKind, DeadlineService } from '@tandem/deadlines';
import { UserRepository } from '@tandem/identity';
import { BadInputError, Clock, ConflictError, lifecycleRefusal, Transactions, Tx } from '@tandem/platform';
import { CaseAccess, CaseView } from './case-access.service';
import { CaseJournal } from './case-journal';
import { CASE_ASSIGN, CASE_CLOSE, CASE_FLAG, CASE_READ, CASE_REOPEN, CASE_UNASSIGN } from './case.policies';
import { authorizeOnCase } from './case-sight';
import { CaseRepository } from './case.repository';

import { AssignmentRole, CaseFlag, CaseStatus } from './cases.types';

/**
 * A case's lifecycle once it exists: reading it, its status (OPEN, ACTIVE, CLOSED), its flags and
 * who is assigned to it (docs/access-policy.md, "Who may do what").
 */
@Injectable()
export class CasesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly cases: CaseRepository,
    private readonly access: CaseAccess,
    private readonly journal: CaseJournal,
    private readonly deadlines: DeadlineService,
    private readonly users: UserRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * OPEN becomes ACTIVE (first accepted referral or assignment beyond the creator), and the
   * 30-day review clock starts. Returns whether the case moved.
   */
  async activate(tx: Tx, caseId: string, now: Date): Promise<boolean> {
    const leadAgencyId = await this.cases.activate(tx, caseId);
    if (leadAgencyId) await this.deadlines.start(tx, { kind: DeadlineKind.CASE_REVIEW, caseId, subjectType: 'Case', subjectId: caseId, agencyId: leadAgencyId, startedAt: now });
    return leadAgencyId !== null;
  }

  /** Reads one case for the viewer, auditing the view with the operation's other reads (a refusal is audited where it is answered). */
  async viewCase(viewer: Viewer, caseId: string, log: ReadLog): Promise<CaseView> {
    const view = await this.access.find(this.transactions.manager, viewer, caseId);
    authorize(CASE_READ, viewer, view, { caseId });
    log({ actor: actorOf(viewer), action: AuditAction.CASE_VIEW, caseId, subjectType: 'Case', subjectId: caseId, scopes: view!.scopes });
    return view!;
  }

  async setStatus(viewer: Viewer, caseId: string, to: CaseStatus.CLOSED | CaseStatus.ACTIVE, reason: string | null): Promise<CaseView> {
    const closing = to === CaseStatus.CLOSED;
    return this.transactions.run(async (tx) => {
      const facts = { view: await this.access.findToChange(tx, viewer, caseId, true) };
      authorizeOnCase(closing ? CASE_CLOSE : CASE_REOPEN, viewer, facts, { caseId });
      const { view } = facts;
      const from = closing ? CaseStatus.ACTIVE : CaseStatus.CLOSED;
      if (view.record.status !== from) {
        throw new ConflictError(lifecycleRefusal('case', view.record.status, closing ? 'closed' : 'reopened'), { currentVersion: view.record.version });
      }
      await this.cases.setStatus(tx, caseId, viewer.agencyId, { from, to, reason });
      const now = this.clock.now();
      if (closing) await this.deadlines.cancel(tx, [DeadlineKind.CASE_REVIEW], caseId, now);
      else await this.deadlines.start(tx, { kind: DeadlineKind.CASE_REVIEW, caseId, subjectType: 'Case', subjectId: caseId, agencyId: viewer.agencyId!, startedAt: now });
      await this.journal.record(
        tx,
        { caseId, kind: closing ? 'CASE_CLOSED' : 'CASE_REOPENED', scope: DataScope.SUMMARY, actor: viewer },
        { actor: actorOf(viewer), action: closing ? 'CASE_CLOSE' : 'CASE_REOPEN', caseId, subjectType: 'Case', subjectId: caseId, reason },
      );
      return this.fresh(tx, view);
    });
  }

  async setFlag(viewer: Viewer, caseId: string, flag: CaseFlag, on: boolean): Promise<CaseView> {
    return this.transactions.run(async (tx) => {
      const facts = { view: await this.access.findToChange(tx, viewer, caseId, true) };
      authorizeOnCase(CASE_FLAG, viewer, facts, { caseId });
      const { view } = facts;
      await this.cases.setFlag(tx, caseId, viewer.agencyId, flag, on);
      // Child welfare identifying a child as a trafficking victim must report to law enforcement within 24 hours.
      if (flag === CaseFlag.TRAFFICKING_VICTIM && on && !view.record.flags.includes(flag) && viewer.agencyType === AgencyType.CHILD_WELFARE) {
        await this.deadlines.start(tx, { kind: DeadlineKind.VICTIM_REPORT_LE, caseId, subjectType: 'Case', subjectId: caseId, agencyId: viewer.agencyId!, startedAt: this.clock.now() });
      }
      await this.journal.record(
        tx,
        { caseId, kind: on ? 'FLAG_SET' : 'FLAG_CLEARED', scope: DataScope.SUMMARY, actor: viewer, data: { flag } },
        { actor: actorOf(viewer), action: 'CASE_FLAG', caseId, subjectType: 'Case', subjectId: caseId, details: { flag, on } },
      );
      return this.fresh(tx, view);
    });
  }

  async assign(viewer: Viewer, caseId: string, userId: string, role: AssignmentRole): Promise<CaseView> {
    return this.transactions.run(async (tx) => {
      const facts = { view: await this.access.findToChange(tx, viewer, caseId, true) };
      authorizeOnCase(CASE_ASSIGN, viewer, facts, { caseId });
      const { view } = facts;
      const target = await this.users.findById(tx, userId);
      if (!target || !target.active || ![Role.STAFF, Role.SUPERVISOR].includes(target.role)) {
        throw BadInputError.field('userId', 'must be an active staff member or supervisor of your agency');
      }
      // Another agency's user is the policy's refusal (audited), not bad input.
      authorize(CASE_ASSIGN, viewer, { view, userAgencyId: target.agencyId }, { caseId, subjectType: 'User', subjectId: userId });
      const membership = view.facts.memberships.find((m) => m.active && m.agencyId === viewer.agencyId);
      if (role === AssignmentRole.PRIMARY && membership?.role !== 'LEAD') throw BadInputError.field('role', 'PRIMARY is for the lead agency; assign partners as SECONDARY');
      if (view.facts.assignments.some((a) => a.active && a.userId === userId)) throw new ConflictError('The user is already assigned to this case', { currentVersion: view.record.version });
      if (role === AssignmentRole.PRIMARY) await this.cases.demotePrimary(tx, caseId);
      await this.cases.insertAssignment(tx, { caseId, userId, agencyId: viewer.agencyId!, role, assignedBy: viewer.userId });
      // The case becomes ACTIVE with its first assignment beyond the creator.
      await this.activate(tx, caseId, this.clock.now());
      await this.journal.record(
        tx,
        { caseId, kind: 'USER_ASSIGNED', scope: DataScope.SUMMARY, actor: viewer, subjectId: userId, data: { role } },
        { actor: actorOf(viewer), action: 'CASE_ASSIGN', caseId, subjectType: 'User', subjectId: userId, details: { role } },
      );
      return this.fresh(tx, view);
    });
  }

  async unassign(viewer: Viewer, caseId: string, userId: string): Promise<CaseView> {
    return this.transactions.run(async (tx) => {
      const facts = { view: await this.access.findToChange(tx, viewer, caseId, true) };
      authorizeOnCase(CASE_UNASSIGN, viewer, facts, { caseId });
      const { view } = facts;
      const assignment = view.facts.assignments.find((a) => a.active && a.userId === userId);
      if (!assignment) throw BadInputError.field('userId', 'is not assigned to this case by your agency');
      authorize(CASE_UNASSIGN, viewer, { view, userAgencyId: assignment.agencyId }, { caseId, subjectType: 'User', subjectId: userId });
      await this.cases.endAssignment(tx, caseId, userId);
      await this.journal.record(
        tx,
        { caseId, kind: 'USER_UNASSIGNED', scope: DataScope.SUMMARY, actor: viewer, subjectId: userId },
        { actor: actorOf(viewer), action: 'CASE_UNASSIGN', caseId, subjectType: 'User', subjectId: userId },
      );
      return this.fresh(tx, view);
    });
  }

  /** The view after a change: the same access, the record as the change left it. */
  private async fresh(tx: Tx, view: CaseView): Promise<CaseView> {
    return { record: (await this.cases.findCases(tx, [view.record.id]))[0]!, facts: view.facts, scopes: view.scopes };
  }
}
