import { Injectable } from '@nestjs/common';
import { actorOf, AuditAction } from '@tandem/audit';
import { authorize, DataScope, LEAD_SCOPES, Viewer } from '@tandem/authz';
import { JurisdictionRepository } from '@tandem/identity';
import { BadInputError, Clock, ConflictError, Transactions } from '@tandem/platform';
import { CaseAccess, CaseView } from './case-access.service';
import { CaseJournal } from './case-journal';
import { CASE_CREATE, CASE_UPDATE } from './case.policies';
import { authorizeOnCase } from './case-sight';
import { CaseRepository } from './case.repository';

import { ChildInputData, ChildRecords, UpdateCaseData } from './child-records.service';
import { dateOfBirthProblem } from './date-of-birth';
import { AssignmentRole, GrantVia, RiskLevel } from './cases.types';

/** The CONFLICT message of an update made on a version the case has since left. */
const staleVersion = (expected: number, current: number) => `The case changed since version ${expected} (it is now at version ${current}): reload it and try again`;

const IDENTITY_FIELDS = ['legalName', 'aliases', 'dateOfBirth', 'sex', 'identifyingMarks'];
const LOCATION_FIELDS = ['placement', 'guardianContacts'];

/** Opening a case (its number, its child, its lead and PRIMARY assignee) and changing its fields. */
@Injectable()
export class CaseRecordsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly cases: CaseRepository,
    private readonly children: ChildRecords,
    private readonly access: CaseAccess,
    private readonly journal: CaseJournal,
    private readonly jurisdictions: JurisdictionRepository,
    private readonly clock: Clock,
  ) {}

  async createCase(viewer: Viewer, input: { child: ChildInputData; riskLevel?: RiskLevel | null }): Promise<CaseView> {
    authorize(CASE_CREATE, viewer, undefined);
    const agencyId = viewer.agencyId!;
    const jurisdictionId = viewer.jurisdictionId!;
    const now = this.clock.now();
    this.checkDateOfBirth(input.child.dateOfBirth, now, 'input.child.dateOfBirth');
    return this.transactions.run(async (tx) => {
      const jurisdiction = await this.jurisdictions.findById(tx, jurisdictionId);
      const caseNumber = await this.cases.nextCaseNumber(tx, jurisdictionId, jurisdiction!.code, now.getUTCFullYear());
      const record = await this.cases.insertCase(tx, {
        caseNumber,
        jurisdictionId,
        leadAgencyId: agencyId,
        riskLevel: input.riskLevel ?? RiskLevel.UNKNOWN,
        createdBy: viewer.userId,
        openedAt: now,
      });
      await this.children.insert(tx, record.id, input.child);
      await this.cases.insertMembership(tx, { caseId: record.id, agencyId, role: 'LEAD', scopes: [...LEAD_SCOPES], consentScopes: [], grantedVia: GrantVia.CREATED });
      await this.cases.insertAssignment(tx, { caseId: record.id, userId: viewer.userId, agencyId, role: AssignmentRole.PRIMARY, assignedBy: viewer.userId });
      await this.journal.record(
        tx,
        { caseId: record.id, kind: 'CASE_CREATED', scope: DataScope.SUMMARY, actor: viewer, subjectId: record.id },
        { actor: actorOf(viewer), action: 'CASE_CREATE', caseId: record.id, subjectType: 'Case', subjectId: record.id, scopes: [...LEAD_SCOPES] },
      );
      // The creator leads the case and is its PRIMARY assignee: they see it.
      return (await this.access.views(tx, viewer, [record.id])).get(record.id)!;
    });
  }

  async updateCase(viewer: Viewer, caseId: string, input: UpdateCaseData, expectedVersion: number): Promise<CaseView> {
    // A null changes nothing (every field is optional): only values count as changes.
    const given = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined && value !== null)) as UpdateCaseData;
    const touched = Object.keys(given);
    if (touched.length === 0) throw BadInputError.field('input', 'changes nothing');
    if (given.dateOfBirth) this.checkDateOfBirth(given.dateOfBirth, this.clock.now(), 'input.dateOfBirth');
    const needs = new Set<DataScope>();
    if (given.riskLevel !== undefined) needs.add(DataScope.SUMMARY);
    if (IDENTITY_FIELDS.some((key) => touched.includes(key))) needs.add(DataScope.IDENTITY);
    if (LOCATION_FIELDS.some((key) => touched.includes(key))) needs.add(DataScope.LOCATION);
    return this.transactions.run(async (tx) => {
      const facts = { view: await this.access.findToChange(tx, viewer, caseId, true), needs: [...needs] };
      authorizeOnCase(CASE_UPDATE, viewer, facts, { caseId });
      const { view } = facts;
      // After the access checks, so that a viewer who may not update the case learns nothing of its versions.
      const current = view.record.version;
      if (expectedVersion < 1) throw BadInputError.field('expectedVersion', 'must be 1 or more: a case starts at version 1');
      if (expectedVersion > current) throw BadInputError.field('expectedVersion', `is ahead of the case, which is at version ${current}: reload it`);
      if (expectedVersion < current) throw new ConflictError(staleVersion(expectedVersion, current), { currentVersion: current });
      const updated = await this.cases.update(tx, caseId, { agencyId: viewer.agencyId, expectedVersion }, { riskLevel: given.riskLevel ?? null });
      if (!updated) throw new ConflictError('The case was changed by someone else; reload it and try again', { currentVersion: current });
      if (needs.has(DataScope.IDENTITY) || needs.has(DataScope.LOCATION)) await this.children.update(tx, caseId, given);
      // Field names, and the values of coded fields only: the timeline never holds the child's data.
      const riskLevel = given.riskLevel ? { riskLevel: { from: view.record.riskLevel, to: given.riskLevel } } : {};
      await this.journal.record(
        tx,
        { caseId, kind: 'CASE_UPDATED', scope: DataScope.SUMMARY, actor: viewer, data: { scopes: [...needs], fields: touched, ...riskLevel } },
        { actor: actorOf(viewer), action: AuditAction.CASE_UPDATE, caseId, subjectType: 'Case', subjectId: caseId, scopes: [...needs], details: { fields: touched } },
      );
      return { record: (await this.cases.findCases(tx, [caseId]))[0]!, facts: view.facts, scopes: view.scopes };
    });
  }

  private checkDateOfBirth(dateOfBirth: string, now: Date, path: string): void {
    const problem = dateOfBirthProblem(dateOfBirth, now);
    if (problem) throw BadInputError.field(path, problem);
  }
}
