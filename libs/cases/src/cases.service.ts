import { Injectable } from '@nestjs/common';
import { actorOf, AuditAction, AuditService, ReadLog } from '@tandem/audit';
import { AgencyType, BREAK_GLASS_SCOPES, CONSENTED_SCOPES, DataScope, LEAD_SCOPES, Role, seesCaseContent, Viewer } from '@tandem/authz';
import { BlindIndex, PiiCipher } from '@tandem/crypto';
import { DeadlineKind, DeadlineService } from '@tandem/deadlines';
import { NotificationService } from '@tandem/notifications';
import { BadInputError, Clock, ConflictError, ForbiddenError, lifecycleRefusal, OutboxService, EventTopic, Transactions, Tx } from '@tandem/platform';
import { CaseAccess, CaseView, READ_ONLY } from './case-access.service';
import { CaseEvents } from './case-events';
import { CaseRepository } from './case.repository';
import { dateOfBirthProblem } from './date-of-birth';
import {
  AssignmentRole,
  CaseFlag,
  CaseStatus,
  ChildIdentity,
  ChildLocation,
  ConsentGrantor,
  ConsentRecord,
  GrantVia,
  NoteCategory,
  NoteRecord,
  RiskLevel,
} from './cases.types';

export const BREAK_GLASS_HOURS = 4;
export const BREAK_GLASS_AGENCY_TYPES: readonly AgencyType[] = [AgencyType.LAW_ENFORCEMENT, AgencyType.CHILD_WELFARE, AgencyType.MEDICAL];

export interface ChildInputData {
  legalName: string;
  aliases?: string[] | null;
  dateOfBirth: string;
  sex?: string | null;
  identifyingMarks?: string | null;
  placement?: { kind?: string | null; address?: string | null; phone?: string | null } | null;
  guardianContacts?: { name: string; relationship?: string | null; phone?: string | null }[] | null;
}

export interface UpdateCaseData {
  riskLevel?: RiskLevel | null;
  legalName?: string | null;
  aliases?: string[] | null;
  dateOfBirth?: string | null;
  sex?: string | null;
  identifyingMarks?: string | null;
  placement?: ChildInputData['placement'];
  guardianContacts?: ChildInputData['guardianContacts'];
}

/** The CONFLICT message of an update made on a version the case has since left. */
const staleVersion = (expected: number, current: number) => `The case changed since version ${expected} (it is now at version ${current}): reload it and try again`;

const identityContext = (caseId: string) => `child:${caseId}:identity`;
const locationContext = (caseId: string) => `child:${caseId}:location`;

/** The rules of cases, children, notes, assignments, consents and break glass (POLICY.md). */
@Injectable()
export class CasesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly cases: CaseRepository,
    private readonly access: CaseAccess,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly cipher: PiiCipher,
    private readonly blindIndex: BlindIndex,
    private readonly clock: Clock,
    private readonly events: CaseEvents,
    private readonly deadlines: DeadlineService,
    private readonly notifications: NotificationService,
  ) {}

  /**
   * OPEN becomes ACTIVE (first accepted referral or assignment beyond the creator), and the
   * 30-day review clock starts. Returns whether the case moved.
   */
  async activate(tx: Tx, caseId: string, now: Date): Promise<boolean> {
    const [[moved]] = await tx.query(
      `UPDATE case_file SET status = 'ACTIVE', version = version + 1, updated_at = now() WHERE id = $1 AND status = 'OPEN' RETURNING lead_agency_id AS "leadAgencyId"`,
      [caseId],
    );
    if (moved) await this.startReview(tx, caseId, moved.leadAgencyId, now);
    return Boolean(moved);
  }

  private startReview(tx: Tx, caseId: string, leadAgencyId: string, now: Date) {
    return this.deadlines.start(tx, { kind: DeadlineKind.CASE_REVIEW, caseId, subjectType: 'Case', subjectId: caseId, agencyId: leadAgencyId, startedAt: now });
  }

  async createCase(viewer: Viewer, input: { child: ChildInputData; riskLevel?: RiskLevel | null }): Promise<CaseView> {
    if (!viewer.agencyId || !viewer.jurisdictionId) throw new ForbiddenError('Only agency staff may open cases', 'role');
    const now = this.clock.now();
    this.checkDateOfBirth(input.child.dateOfBirth, now, 'input.child.dateOfBirth');
    return this.transactions.run(async (tx) => {
      const [jurisdiction] = await tx.query(`SELECT code FROM jurisdiction WHERE id = $1`, [viewer.jurisdictionId]);
      const caseNumber = await this.cases.nextCaseNumber(tx, viewer.jurisdictionId!, jurisdiction.code, now.getUTCFullYear());
      const record = await this.cases.insertCase(tx, {
        caseNumber,
        jurisdictionId: viewer.jurisdictionId!,
        leadAgencyId: viewer.agencyId!,
        riskLevel: input.riskLevel ?? RiskLevel.UNKNOWN,
        createdBy: viewer.userId,
        openedAt: now,
      });
      const { identity, location } = this.splitChild(input.child);
      await this.cases.insertChild(tx, record.id, this.seal(record.id, identity, location), this.lookupTokens(identity));
      await this.cases.insertMembership(tx, {
        caseId: record.id,
        agencyId: viewer.agencyId!,
        role: 'LEAD',
        scopes: [...LEAD_SCOPES],
        grantedVia: GrantVia.CREATED,
        consentRequired: false,
      });
      await this.cases.insertAssignment(tx, { caseId: record.id, userId: viewer.userId, agencyId: viewer.agencyId!, role: AssignmentRole.PRIMARY, assignedBy: viewer.userId });
      await this.events.record(tx, { caseId: record.id, kind: 'CASE_CREATED', scope: DataScope.SUMMARY, actor: viewer, subjectId: record.id });
      await this.audit.record(tx, { actor: actorOf(viewer), action: 'CASE_CREATE', caseId: record.id, subjectType: 'Case', subjectId: record.id, scopes: [...LEAD_SCOPES] });
      const view = (await this.access.views(tx, viewer, [record.id])).get(record.id);
      if (!view) throw new Error('the creator cannot see the case just created');
      return view;
    });
  }

  /** Reads one case for the viewer, auditing the view (with the operation's other reads) or the refusal. */
  async viewCase(viewer: Viewer, caseId: string, log: ReadLog): Promise<CaseView> {
    const view = await this.access.find(this.transactions.manager, viewer, caseId);
    if (!view) throw await this.access.denied(viewer, AuditAction.CASE_VIEW, caseId, 'case not visible');
    log({ actor: actorOf(viewer), action: AuditAction.CASE_VIEW, caseId, subjectType: 'Case', subjectId: caseId, scopes: view.scopes });
    return view;
  }

  async updateCase(viewer: Viewer, caseId: string, input: UpdateCaseData, expectedVersion: number): Promise<CaseView> {
    // A null changes nothing (every field is optional): only values count as changes.
    const given = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined && value !== null)) as UpdateCaseData;
    input = given;
    const touched = Object.keys(given);
    if (touched.length === 0) throw BadInputError.field('input', 'changes nothing');
    if (input.dateOfBirth) this.checkDateOfBirth(input.dateOfBirth, this.clock.now(), 'input.dateOfBirth');
    const needs = new Set<DataScope>();
    if (input.riskLevel !== undefined) needs.add(DataScope.SUMMARY);
    if (['legalName', 'aliases', 'dateOfBirth', 'sex', 'identifyingMarks'].some((key) => touched.includes(key))) needs.add(DataScope.IDENTITY);
    if (['placement', 'guardianContacts'].some((key) => touched.includes(key))) needs.add(DataScope.LOCATION);
    const outcome = await this.transactions.run(async (tx) => {
      const view = await this.access.findToChange(tx, viewer, caseId, true);
      if (!view) return { denied: 'case not visible' } as const;
      if (view === READ_ONLY) return { forbidden: READ_ONLY } as const;
      if (view.record.leadAgencyId !== viewer.agencyId) return { forbidden: 'only the lead agency updates a case' } as const;
      const missing = [...needs].filter((scope) => !view.scopes.includes(scope));
      if (missing.length) return { forbidden: `missing scope ${missing.join(', ')}` } as const;
      // After the access checks, so that a viewer who may not update the case learns nothing of its versions.
      const current = view.record.version;
      if (expectedVersion < 1) return { badInput: 'must be 1 or more: a case starts at version 1', path: 'expectedVersion' } as const;
      if (expectedVersion > current) return { badInput: `is ahead of the case, which is at version ${current}: reload it`, path: 'expectedVersion' } as const;
      if (expectedVersion < current) return { conflict: current, message: staleVersion(expectedVersion, current) } as const;
      const [[updated]] = await tx.query(
        `UPDATE case_file c SET risk_level = coalesce($4, risk_level), version = version + 1, updated_at = now()
          WHERE c.id = $1 AND c.version = $2 AND c.lead_agency_id = $3
          RETURNING ${'c.id, c.version'}`,
        [caseId, expectedVersion, viewer.agencyId, input.riskLevel ?? null],
      );
      if (!updated) return { conflict: view.record.version } as const;
      if (needs.has(DataScope.IDENTITY) || needs.has(DataScope.LOCATION)) await this.updateChild(tx, caseId, input);
      // Field names, and the values of coded fields only: the timeline never holds the child's data.
      const riskLevel = input.riskLevel ? { riskLevel: { from: view.record.riskLevel, to: input.riskLevel } } : {};
      await this.events.record(tx, { caseId, kind: 'CASE_UPDATED', scope: DataScope.SUMMARY, actor: viewer, data: { scopes: [...needs], fields: touched, ...riskLevel } });
      await this.audit.record(tx, { actor: actorOf(viewer), action: AuditAction.CASE_UPDATE, caseId, subjectType: 'Case', subjectId: caseId, scopes: [...needs], details: { fields: touched } });
      const fresh = (await this.cases.findCases(tx, [caseId]))[0]!;
      return { view: { ...view, record: fresh } };
    });
    return this.settle(viewer, AuditAction.CASE_UPDATE, caseId, outcome);
  }

  async setStatus(viewer: Viewer, caseId: string, to: CaseStatus.CLOSED | CaseStatus.ACTIVE, reason: string | null): Promise<CaseView> {
    const action = to === CaseStatus.CLOSED ? 'CASE_CLOSE' : 'CASE_REOPEN';
    const outcome = await this.transactions.run(async (tx) => {
      const view = await this.access.findToChange(tx, viewer, caseId, true);
      if (!view) return { denied: 'case not visible' } as const;
      if (view === READ_ONLY) return { forbidden: READ_ONLY } as const;
      const isLead = view.record.leadAgencyId === viewer.agencyId;
      const isPrimary =
        (await tx.query(`SELECT 1 FROM assignment WHERE case_id = $1 AND user_id = $2 AND agency_id = $3 AND role = 'PRIMARY' AND active`, [caseId, viewer.userId, viewer.agencyId])).length > 0;
      if (!isLead || (viewer.role !== Role.SUPERVISOR && !isPrimary)) return { forbidden: 'only the lead agency supervisor or primary assignee' } as const;
      const from = to === CaseStatus.CLOSED ? CaseStatus.ACTIVE : CaseStatus.CLOSED;
      if (view.record.status !== from) return { conflict: view.record.version, message: lifecycleRefusal('case', view.record.status, to === CaseStatus.CLOSED ? 'closed' : 'reopened') } as const;
      await tx.query(
        `UPDATE case_file SET status = $2, closed_at = CASE WHEN $2 = 'CLOSED' THEN now() ELSE NULL END, close_reason = $3,
                version = version + 1, updated_at = now() WHERE id = $1 AND status = $4 AND lead_agency_id = $5`,
        [caseId, to, reason, from, viewer.agencyId],
      );
      if (to === CaseStatus.CLOSED) await this.deadlines.cancel(tx, [DeadlineKind.CASE_REVIEW], caseId, this.clock.now());
      else await this.startReview(tx, caseId, viewer.agencyId!, this.clock.now());
      await this.events.record(tx, { caseId, kind: to === CaseStatus.CLOSED ? 'CASE_CLOSED' : 'CASE_REOPENED', scope: DataScope.SUMMARY, actor: viewer });
      await this.audit.record(tx, { actor: actorOf(viewer), action, caseId, subjectType: 'Case', subjectId: caseId, reason });
      return { view: { ...view, record: (await this.cases.findCases(tx, [caseId]))[0]! } };
    });
    return this.settle(viewer, action, caseId, outcome);
  }

  async setFlag(viewer: Viewer, caseId: string, flag: CaseFlag, on: boolean): Promise<CaseView> {
    const outcome = await this.transactions.run(async (tx) => {
      const view = await this.access.findToChange(tx, viewer, caseId, true);
      if (!view) return { denied: 'case not visible' } as const;
      if (view === READ_ONLY) return { forbidden: READ_ONLY } as const;
      if (view.record.leadAgencyId !== viewer.agencyId) return { forbidden: 'only the lead agency sets flags' } as const;
      await tx.query(
        `UPDATE case_file SET flags = CASE WHEN $3 THEN array(SELECT DISTINCT unnest(flags || ARRAY[$2]::text[]) ORDER BY 1)
                                          ELSE array_remove(flags, $2) END,
                version = version + 1, updated_at = now()
          WHERE id = $1 AND lead_agency_id = $4`,
        [caseId, flag, on, viewer.agencyId],
      );
      // Child welfare identifying a child as a trafficking victim must report to law enforcement within 24 hours.
      if (flag === CaseFlag.TRAFFICKING_VICTIM && on && !view.record.flags.includes(flag) && viewer.agencyType === AgencyType.CHILD_WELFARE) {
        await this.deadlines.start(tx, { kind: DeadlineKind.VICTIM_REPORT_LE, caseId, subjectType: 'Case', subjectId: caseId, agencyId: viewer.agencyId!, startedAt: this.clock.now() });
      }
      await this.events.record(tx, { caseId, kind: on ? 'FLAG_SET' : 'FLAG_CLEARED', scope: DataScope.SUMMARY, actor: viewer, data: { flag } });
      await this.audit.record(tx, { actor: actorOf(viewer), action: 'CASE_FLAG', caseId, subjectType: 'Case', subjectId: caseId, details: { flag, on } });
      return { view: { ...view, record: (await this.cases.findCases(tx, [caseId]))[0]! } };
    });
    return this.settle(viewer, 'CASE_FLAG', caseId, outcome);
  }

  async assign(viewer: Viewer, caseId: string, userId: string, role: AssignmentRole): Promise<CaseView> {
    const outcome = await this.transactions.run(async (tx) => {
      const view = await this.access.findToChange(tx, viewer, caseId, true);
      if (!view) return { denied: 'case not visible' } as const;
      if (view === READ_ONLY) return { forbidden: READ_ONLY } as const;
      if (viewer.role !== Role.SUPERVISOR) return { forbidden: 'only a supervisor assigns' } as const;
      const membership = view.facts.memberships.find((m) => m.active && m.agencyId === viewer.agencyId);
      if (!membership) return { forbidden: 'the supervisor agency is not a member of the case' } as const;
      const [target] = await tx.query(`SELECT id, agency_id AS "agencyId", role, active FROM app_user WHERE id = $1`, [userId]);
      if (!target || target.agencyId !== viewer.agencyId || !target.active || ![Role.STAFF, Role.SUPERVISOR].includes(target.role)) {
        return { badInput: 'must be an active staff member or supervisor of your agency' } as const;
      }
      if (role === AssignmentRole.PRIMARY && membership.role !== 'LEAD') return { badInput: 'PRIMARY is for the lead agency; assign partners as SECONDARY', path: 'role' } as const;
      if (view.facts.assignments.some((a) => a.active && a.userId === userId)) return { conflict: view.record.version, message: 'The user is already assigned to this case' } as const;
      if (role === AssignmentRole.PRIMARY) {
        await tx.query(`UPDATE assignment SET role = 'SECONDARY' WHERE case_id = $1 AND role = 'PRIMARY' AND active`, [caseId]);
      }
      await this.cases.insertAssignment(tx, { caseId, userId, agencyId: viewer.agencyId!, role, assignedBy: viewer.userId });
      // The case becomes ACTIVE with its first assignment beyond the creator.
      await this.activate(tx, caseId, this.clock.now());
      await this.events.record(tx, { caseId, kind: 'USER_ASSIGNED', scope: DataScope.SUMMARY, actor: viewer, subjectId: userId, data: { role } });
      await this.audit.record(tx, { actor: actorOf(viewer), action: 'CASE_ASSIGN', caseId, subjectType: 'User', subjectId: userId, details: { role } });
      return { view: { ...view, record: (await this.cases.findCases(tx, [caseId]))[0]! } };
    });
    return this.settle(viewer, 'CASE_ASSIGN', caseId, outcome, 'userId');
  }

  async unassign(viewer: Viewer, caseId: string, userId: string): Promise<CaseView> {
    const outcome = await this.transactions.run(async (tx) => {
      const view = await this.access.findToChange(tx, viewer, caseId, true);
      if (!view) return { denied: 'case not visible' } as const;
      if (view === READ_ONLY) return { forbidden: READ_ONLY } as const;
      if (viewer.role !== Role.SUPERVISOR) return { forbidden: 'only a supervisor unassigns' } as const;
      const assignment = view.facts.assignments.find((a) => a.active && a.userId === userId);
      if (!assignment || assignment.agencyId !== viewer.agencyId) return { badInput: 'is not assigned to this case by your agency' } as const;
      await tx.query(`UPDATE assignment SET active = false, ended_at = now() WHERE case_id = $1 AND user_id = $2 AND active`, [caseId, userId]);
      await this.events.record(tx, { caseId, kind: 'USER_UNASSIGNED', scope: DataScope.SUMMARY, actor: viewer, subjectId: userId });
      await this.audit.record(tx, { actor: actorOf(viewer), action: 'CASE_UNASSIGN', caseId, subjectType: 'User', subjectId: userId });
      return { view: { ...view, record: (await this.cases.findCases(tx, [caseId]))[0]! } };
    });
    return this.settle(viewer, 'CASE_UNASSIGN', caseId, outcome, 'userId');
  }

  async addNote(viewer: Viewer, input: { caseId: string; category: NoteCategory; body: string; correctsNoteId?: string | null }): Promise<NoteRecord> {
    const outcome = await this.transactions.run(async (tx) => {
      const view = await this.access.findToChange(tx, viewer, input.caseId);
      if (!view) return { denied: 'case not visible' } as const;
      if (view === READ_ONLY) return { forbidden: READ_ONLY } as const;
      const isLead = view.record.leadAgencyId === viewer.agencyId;
      const isMember = view.facts.memberships.some((m) => m.active && m.agencyId === viewer.agencyId);
      if (!isMember) return { forbidden: 'notes are written by member agencies (an inbox or break-glass view reads only)' } as const;
      if (input.category === NoteCategory.INVESTIGATION && !isLead && !(viewer.agencyType === AgencyType.LAW_ENFORCEMENT || viewer.agencyType === AgencyType.PROSECUTION)) {
        return { forbidden: 'INVESTIGATION notes are written by law enforcement, prosecution or the lead agency' } as const;
      }
      if (input.category === NoteCategory.CLINICAL && !(viewer.agencyType === AgencyType.COUNSELING || viewer.agencyType === AgencyType.MEDICAL)) {
        return { forbidden: 'CLINICAL notes are written by counseling or medical members' } as const;
      }
      if (input.category === NoteCategory.GENERAL && !view.scopes.includes(DataScope.SERVICES) && !isLead) {
        // Writing a GENERAL note needs the scope it would be read with.
        return { forbidden: 'GENERAL notes need the SERVICES scope' } as const;
      }
      if (input.correctsNoteId) {
        const corrected = await this.cases.findNote(tx, input.correctsNoteId);
        if (!corrected || corrected.caseId !== input.caseId || !this.noteVisible(viewer, view, corrected)) {
          return { badInput: 'does not name a note of this case that you see' } as const;
        }
      }
      const note = await this.cases.insertNote(tx, {
        caseId: input.caseId,
        authorId: viewer.userId,
        agencyId: viewer.agencyId!,
        category: input.category,
        body: input.body,
        correctsId: input.correctsNoteId ?? null,
      });
      await this.events.record(tx, {
        caseId: input.caseId,
        kind: 'NOTE_ADDED',
        scope: note.category === NoteCategory.INVESTIGATION ? DataScope.INVESTIGATION : note.category === NoteCategory.CLINICAL ? DataScope.CLINICAL : DataScope.SERVICES,
        onlyAgencyId: note.category === NoteCategory.CLINICAL ? note.agencyId : null,
        actor: viewer,
        subjectId: note.id,
        data: { category: note.category },
      });
      await this.audit.record(tx, { actor: actorOf(viewer), action: AuditAction.NOTE_ADD, caseId: input.caseId, subjectType: 'Note', subjectId: note.id, details: { category: note.category } });
      return { note };
    });
    if ('note' in outcome && outcome.note) return outcome.note;
    await this.settle(viewer, AuditAction.NOTE_ADD, input.caseId, outcome as never, 'input.correctsNoteId');
    throw new Error('unreachable');
  }

  /** Which note categories a view discloses; CLINICAL only to the authoring agency. */
  noteVisible(viewer: Viewer, view: CaseView, note: Pick<NoteRecord, 'category' | 'agencyId'>): boolean {
    if (note.category === NoteCategory.CLINICAL) return note.agencyId === viewer.agencyId;
    return view.scopes.includes(note.category === NoteCategory.INVESTIGATION ? DataScope.INVESTIGATION : DataScope.SERVICES);
  }

  /**
   * A page of the notes the viewer may read, plus one more row that only tells whether a next page
   * exists: that row is fetched, never returned, so it is not audited as read.
   */
  async pageNotes(viewer: Viewer, view: CaseView, after: [string, string] | null, limit: number, log: ReadLog): Promise<NoteRecord[]> {
    const categories: string[] = [];
    if (view.scopes.includes(DataScope.SERVICES)) categories.push(NoteCategory.GENERAL);
    if (view.scopes.includes(DataScope.INVESTIGATION)) categories.push(NoteCategory.INVESTIGATION);
    const notes = await this.cases.pageNotes(this.transactions.manager, view.record.id, { categories, clinicalAgencyId: viewer.agencyId }, after, limit + 1);
    const shown = notes.slice(0, limit);
    if (shown.length) {
      log({
        actor: actorOf(viewer),
        action: AuditAction.NOTE_VIEW,
        caseId: view.record.id,
        subjectType: 'Note',
        details: { noteIds: shown.map((note) => note.id) },
      });
    }
    return notes;
  }

  async recordConsent(
    viewer: Viewer,
    input: { caseId: string; grantedBy: ConsentGrantor; scopes: DataScope[]; agencyIds?: string[] | null; agencyTypes?: AgencyType[] | null; purpose: string; effectiveAt?: Date | null; expiresAt?: Date | null },
  ): Promise<ConsentRecord> {
    const now = this.clock.now();
    const effectiveAt = input.effectiveAt ?? now;
    if (input.expiresAt && input.expiresAt <= effectiveAt) throw BadInputError.field('input.expiresAt', 'must be after effectiveAt');
    if (input.expiresAt && input.expiresAt <= now) throw BadInputError.field('input.expiresAt', 'must be in the future');
    if (!input.agencyIds?.length && !input.agencyTypes?.length) throw BadInputError.field('input.agencyIds', 'name at least one agency or agency type');
    const outcome = await this.transactions.run(async (tx) => {
      const view = await this.access.findToChange(tx, viewer, input.caseId);
      if (!view) return { denied: 'case not visible' } as const;
      if (view === READ_ONLY) return { forbidden: READ_ONLY } as const;
      if (view.record.leadAgencyId !== viewer.agencyId) return { forbidden: 'consent is recorded by the lead agency' } as const;
      if (input.agencyIds?.length) {
        const [row] = await tx.query(`SELECT count(*)::int AS n FROM agency WHERE id = ANY($1::uuid[])`, [input.agencyIds]);
        if (row.n !== new Set(input.agencyIds).size) return { badInput: 'names an agency that does not exist' } as const;
      }
      const [consent] = await tx.query(
        `INSERT INTO consent (case_id, granted_by, scopes, agency_ids, agency_types, purpose, effective_at, expires_at, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         RETURNING id, case_id AS "caseId", granted_by AS "grantedBy", scopes, agency_ids AS "agencyIds", agency_types AS "agencyTypes",
                   purpose, effective_at AS "effectiveAt", expires_at AS "expiresAt", revoked_at AS "revokedAt"`,
        [input.caseId, input.grantedBy, input.scopes, input.agencyIds ?? [], input.agencyTypes ?? [], input.purpose, effectiveAt, input.expiresAt ?? null, viewer.userId],
      );
      if (consent.expiresAt) {
        await this.deadlines.start(tx, {
          kind: DeadlineKind.CONSENT_EXPIRY,
          caseId: input.caseId,
          subjectType: 'Consent',
          subjectId: consent.id,
          agencyId: viewer.agencyId!,
          startedAt: effectiveAt,
          dueAt: consent.expiresAt,
        });
      }
      await this.events.record(tx, { caseId: input.caseId, kind: 'CONSENT_RECORDED', scope: DataScope.SUMMARY, actor: viewer, subjectId: consent.id, data: { scopes: input.scopes } });
      await this.audit.record(tx, { actor: actorOf(viewer), action: 'CONSENT_RECORD', caseId: input.caseId, subjectType: 'Consent', subjectId: consent.id, scopes: input.scopes });
      return { consent: consent as ConsentRecord };
    });
    if ('consent' in outcome && outcome.consent) return outcome.consent;
    await this.settle(viewer, 'CONSENT_RECORD', input.caseId, outcome as never, 'input.agencyIds');
    throw new Error('unreachable');
  }

  /** Revokes a consent; every scope that rested on it alone is withdrawn from the memberships it fed, at once. */
  async revokeConsent(viewer: Viewer, consentId: string): Promise<ConsentRecord> {
    const now = this.clock.now();
    const outcome = await this.transactions.run(async (tx) => {
      const [row] = await tx.query(`SELECT case_id AS "caseId" FROM consent WHERE id = $1`, [consentId]);
      if (!row) return { denied: 'no such consent', caseId: null } as const;
      const view = await this.access.findToChange(tx, viewer, row.caseId, true);
      if (!view) return { denied: 'case not visible', caseId: row.caseId } as const;
      if (view === READ_ONLY) return { forbidden: READ_ONLY, caseId: row.caseId } as const;
      if (view.record.leadAgencyId !== viewer.agencyId) return { forbidden: 'consent is revoked by the lead agency', caseId: row.caseId } as const;
      const [[revoked]] = await tx.query(
        `UPDATE consent SET revoked_at = $2, revoked_by = $3 WHERE id = $1 AND revoked_at IS NULL
         RETURNING id, case_id AS "caseId", granted_by AS "grantedBy", scopes, agency_ids AS "agencyIds", agency_types AS "agencyTypes",
                   purpose, effective_at AS "effectiveAt", expires_at AS "expiresAt", revoked_at AS "revokedAt"`,
        [consentId, now, viewer.userId],
      );
      if (!revoked) return { conflict: 0, message: 'This consent is already revoked', caseId: row.caseId } as const;
      const withdrawn = await this.withdrawScopesOf(tx, consentId, now);
      await this.deadlines.cancel(tx, [DeadlineKind.CONSENT_EXPIRY], consentId, now);
      await this.events.record(tx, { caseId: row.caseId, kind: 'CONSENT_REVOKED', scope: DataScope.SUMMARY, actor: viewer, subjectId: consentId, data: { withdrawn: withdrawn.map((w) => ({ agencyId: w.agencyId, scopes: w.scopes })) } });
      await this.audit.record(
        tx,
        { actor: actorOf(viewer), action: 'CONSENT_REVOKE', caseId: row.caseId, subjectType: 'Consent', subjectId: consentId, scopes: revoked.scopes },
        ...withdrawn.map((w) => ({
          actor: actorOf(viewer),
          action: AuditAction.SCOPE_WITHDRAWN,
          caseId: row.caseId,
          subjectType: 'Membership',
          subjectId: w.membershipId,
          scopes: w.scopes,
          details: { agencyId: w.agencyId, consentId },
        })),
      );
      return { consent: revoked as ConsentRecord };
    });
    if ('consent' in outcome && outcome.consent) return outcome.consent;
    await this.settle(viewer, 'CONSENT_REVOKE', (outcome as { caseId: string | null }).caseId, outcome as never);
    throw new Error('unreachable');
  }

  /**
   * Withdraws, from the consent-based memberships that an ended consent fed, each scope it
   * covered that no other active consent still covers. Used on revocation and on expiry.
   */
  async withdrawScopesOf(tx: Tx, consentId: string, now: Date): Promise<{ membershipId: string; agencyId: string; scopes: string[] }[]> {
    const rows: { membershipId: string; agencyId: string; scopes: string[] }[] = await tx.query(
      `SELECT m.id AS "membershipId", m.agency_id AS "agencyId",
              array(SELECT s FROM unnest(m.scopes) s
                     WHERE s = ANY(ended.scopes) AND s = ANY($3::text[])
                       AND NOT EXISTS (SELECT 1 FROM consent k
                                        WHERE k.case_id = m.case_id AND k.id <> ended.id AND s = ANY(k.scopes) AND k.revoked_at IS NULL
                                          AND k.effective_at <= $2 AND (k.expires_at IS NULL OR k.expires_at > $2)
                                          AND (m.agency_id = ANY(k.agency_ids) OR a.type = ANY(k.agency_types)))) AS scopes
         FROM consent ended
         JOIN membership m ON m.case_id = ended.case_id AND m.active AND m.consent_required
         JOIN agency a ON a.id = m.agency_id
        WHERE ended.id = $1 AND (m.agency_id = ANY(ended.agency_ids) OR a.type = ANY(ended.agency_types))`,
      [consentId, now, CONSENTED_SCOPES],
    );
    const affected = rows.filter((row) => row.scopes.length > 0);
    for (const row of affected) {
      await tx.query(`UPDATE membership SET scopes = array(SELECT s FROM unnest(scopes) s WHERE NOT s = ANY($2::text[])) WHERE id = $1`, [
        row.membershipId,
        row.scopes,
      ]);
    }
    return affected;
  }

  async breakGlass(viewer: Viewer, caseId: string, justification: string): Promise<CaseView> {
    const text = justification.trim();
    if (text.length < 20 || text.length > 2000) throw BadInputError.field('justification', 'must be 20 to 2000 characters: say why this access is needed now');
    const now = this.clock.now();
    const outcome = await this.transactions.run(async (tx) => {
      const record = (await this.cases.findCases(tx, [caseId]))[0];
      if (!record) return { denied: 'no such case' } as const;
      // Refusals are NOT_FOUND, like a case that does not exist: breaking glass must not confirm one.
      if (!seesCaseContent(viewer) || !viewer.agencyType || !BREAK_GLASS_AGENCY_TYPES.includes(viewer.agencyType)) {
        return { denied: 'break glass is for law enforcement, child welfare and medical staff and supervisors' } as const;
      }
      if (viewer.jurisdictionId !== record.jurisdictionId) return { denied: 'break glass only within your jurisdiction' } as const;
      const expiresAt = new Date(now.getTime() + BREAK_GLASS_HOURS * 3600_000);
      const [grant] = await tx.query(
        `INSERT INTO access_grant (case_id, user_id, agency_id, justification, granted_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [caseId, viewer.userId, viewer.agencyId, text, now, expiresAt],
      );
      await this.audit.record(tx, {
        actor: actorOf(viewer),
        action: AuditAction.BREAK_GLASS,
        caseId,
        subjectType: 'AccessGrant',
        subjectId: grant.id,
        scopes: [...BREAK_GLASS_SCOPES],
        justification: text,
      });
      await this.events.record(tx, { caseId, kind: 'BREAK_GLASS', scope: DataScope.SUMMARY, actor: viewer, subjectId: grant.id });
      await this.deadlines.start(tx, { kind: DeadlineKind.BREAK_GLASS_REVIEW, caseId, subjectType: 'AccessGrant', subjectId: grant.id, agencyId: viewer.agencyId!, startedAt: now });
      // Both agencies' supervisors hear of it at once (POLICY.md).
      const supervisors: { id: string }[] = await tx.query(
        `SELECT u.id FROM app_user u WHERE u.role = 'SUPERVISOR' AND u.active AND u.agency_id = ANY($1::uuid[]) AND u.id <> $2`,
        [[viewer.agencyId, record.leadAgencyId], viewer.userId],
      );
      await this.notifications.notify(tx, {
        ledgerKey: `break-glass:${grant.id}`,
        kind: 'BREAK_GLASS',
        caseId,
        caseNumber: record.caseNumber,
        text: `Case ${record.caseNumber}: a user broke the glass for emergency access until ${expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC. Its review is due within 72 hours.`,
        recipientIds: supervisors.map((row) => row.id),
        createdAt: now,
      });
      await this.outbox.publish(tx, {
        topic: EventTopic.BREAK_GLASS,
        payload: { grantId: grant.id, caseId, userId: viewer.userId, agencyId: viewer.agencyId, leadAgencyId: record.leadAgencyId, expiresAt: expiresAt.toISOString() },
      });
      const view = (await this.access.views(tx, viewer, [caseId])).get(caseId);
      return { view: view! };
    });
    return this.settle(viewer, AuditAction.BREAK_GLASS, caseId, outcome);
  }

  /** Existence, lead agency name and contact of cases about a child, matched on the blind index only. */
  async locate(viewer: Viewer, subject: { name: string; dateOfBirth: string }): Promise<{ leadAgencyId: string }[]> {
    let token: Buffer;
    try {
      token = this.blindIndex.token(subject.name, subject.dateOfBirth);
    } catch {
      throw BadInputError.field('subject', 'needs a name with letters or digits and a real date of birth');
    }
    return this.transactions.run(async (tx) => {
      const rows: { caseId: string; leadAgencyId: string }[] = await tx.query(
        `SELECT DISTINCT c.id AS "caseId", c.lead_agency_id AS "leadAgencyId" FROM child_lookup l JOIN case_file c ON c.id = l.case_id WHERE l.token = $1`,
        [token],
      );
      await this.audit.record(tx, { actor: actorOf(viewer), action: AuditAction.LOCATE, subjectType: 'Child', details: { matches: rows.length, caseIds: rows.map((row) => row.caseId) } });
      return rows.map((row) => ({ leadAgencyId: row.leadAgencyId }));
    });
  }

  decryptChild(caseId: string, sealed: { identitySealed: string; locationSealed: string | null }): { identity: ChildIdentity; location: ChildLocation | null } {
    return {
      identity: this.cipher.decryptJson<ChildIdentity>(sealed.identitySealed, identityContext(caseId)),
      location: sealed.locationSealed ? this.cipher.decryptJson<ChildLocation>(sealed.locationSealed, locationContext(caseId)) : null,
    };
  }

  /**
   * Re-encrypts every child not sealed with the current key, or only those sealed with the keys
   * named in `fromKeyIds` (`npm run cli -- keys:rotate [--from id,id]`). A child another
   * transaction holds is waited for, never skipped: the old key may be removed once this returns.
   */
  async rotateKeys(fromKeyIds: string[] | null = null, batchSize = 200): Promise<number> {
    let total = 0;
    const current = this.cipher.currentKeyId;
    for (;;) {
      const done = await this.transactions.run(async (tx) => {
        const rows: { caseId: string; identitySealed: string; locationSealed: string | null }[] = await tx.query(
          `SELECT case_id AS "caseId", identity_sealed AS "identitySealed", location_sealed AS "locationSealed"
             FROM child WHERE key_id <> $1 AND ($3::text[] IS NULL OR key_id = ANY($3::text[]))
            ORDER BY case_id LIMIT $2 FOR UPDATE`,
          [current, batchSize, fromKeyIds],
        );
        for (const row of rows) {
          const { identity, location } = this.decryptChild(row.caseId, row);
          const sealed = this.seal(row.caseId, identity, location);
          await tx.query(`UPDATE child SET identity_sealed = $2, location_sealed = $3, key_id = $4, updated_at = now() WHERE case_id = $1`, [
            row.caseId,
            sealed.identity,
            sealed.location,
            sealed.keyId,
          ]);
        }
        return rows.length;
      });
      total += done;
      // A batch shorter than asked for may only mean that rows changed while it waited for them: done when none is left.
      if (done === 0) return total;
    }
  }

  private async updateChild(tx: Tx, caseId: string, input: UpdateCaseData): Promise<void> {
    const [sealed] = await this.cases.sealedChildren(tx, [caseId]);
    const { identity, location } = this.decryptChild(caseId, sealed!);
    const nextIdentity: ChildIdentity = {
      legalName: input.legalName ?? identity.legalName,
      aliases: input.aliases ? input.aliases.map((alias) => alias.trim()).filter(Boolean) : identity.aliases,
      dateOfBirth: input.dateOfBirth ?? identity.dateOfBirth,
      sex: input.sex !== undefined ? input.sex : identity.sex,
      identifyingMarks: input.identifyingMarks !== undefined ? input.identifyingMarks : identity.identifyingMarks,
    };
    const nextLocation: ChildLocation = {
      placement: input.placement !== undefined ? this.placement(input.placement) : (location?.placement ?? null),
      guardianContacts: input.guardianContacts !== undefined ? this.contacts(input.guardianContacts) : (location?.guardianContacts ?? []),
    };
    const next = this.seal(caseId, nextIdentity, nextLocation);
    await tx.query(`UPDATE child SET identity_sealed = $2, location_sealed = $3, key_id = $4, updated_at = now() WHERE case_id = $1`, [caseId, next.identity, next.location, next.keyId]);
    await this.cases.replaceLookup(tx, caseId, this.lookupTokens(nextIdentity, 'input'));
  }

  private checkDateOfBirth(dateOfBirth: string, now: Date, path: string): void {
    const problem = dateOfBirthProblem(dateOfBirth, now);
    if (problem) throw BadInputError.field(path, problem);
  }

  private splitChild(child: ChildInputData): { identity: ChildIdentity; location: ChildLocation } {
    return {
      identity: {
        legalName: child.legalName.trim(),
        aliases: (child.aliases ?? []).map((alias) => alias.trim()).filter(Boolean),
        dateOfBirth: child.dateOfBirth,
        sex: child.sex ?? null,
        identifyingMarks: child.identifyingMarks ?? null,
      },
      location: { placement: this.placement(child.placement ?? null), guardianContacts: this.contacts(child.guardianContacts ?? null) },
    };
  }

  private placement(value: ChildInputData['placement']): ChildLocation['placement'] {
    return value ? { kind: value.kind ?? null, address: value.address ?? null, phone: value.phone ?? null } : null;
  }

  private contacts(value: ChildInputData['guardianContacts']): ChildLocation['guardianContacts'] {
    return (value ?? []).map((contact) => ({ name: contact.name, relationship: contact.relationship ?? null, phone: contact.phone ?? null }));
  }

  private seal(caseId: string, identity: ChildIdentity, location: ChildLocation | null): { identity: string; location: string | null; keyId: string } {
    const sealedIdentity = this.cipher.encryptJson(identity, identityContext(caseId));
    return {
      identity: sealedIdentity,
      location: location ? this.cipher.encryptJson(location, locationContext(caseId)) : null,
      keyId: this.cipher.keyIdOf(sealedIdentity),
    };
  }

  private lookupTokens(identity: ChildIdentity, path = 'input.child'): Buffer[] {
    return [identity.legalName, ...identity.aliases].map((name, index) => {
      try {
        return this.blindIndex.token(name, identity.dateOfBirth);
      } catch {
        throw BadInputError.field(index === 0 ? `${path}.legalName` : `${path}.aliases`, 'needs letters or digits, with a real date of birth');
      }
    });
  }

  /** Turns the outcome of a guarded transaction into the view or the right error, auditing refusals. */
  private async settle(
    viewer: Viewer,
    action: string,
    caseId: string | null,
    outcome:
      | { view: CaseView }
      | { denied: string }
      | { forbidden: string }
      | { conflict: number; message?: string }
      | { badInput: string; path?: string },
    badInputPath = 'id',
  ): Promise<CaseView> {
    if ('view' in outcome) return outcome.view;
    if ('denied' in outcome) throw await this.access.denied(viewer, action, caseId, outcome.denied);
    if ('forbidden' in outcome) {
      await this.access.denied(viewer, action, caseId, outcome.forbidden);
      throw new ForbiddenError(`You may not do this: ${outcome.forbidden}`, 'policy');
    }
    if ('conflict' in outcome) {
      throw new ConflictError(outcome.message ?? 'The case was changed by someone else; reload it and try again', { currentVersion: outcome.conflict });
    }
    throw BadInputError.field(outcome.path ?? badInputPath, outcome.badInput);
  }
}

