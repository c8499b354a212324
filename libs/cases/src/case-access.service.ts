import { Injectable } from '@nestjs/common';
import { actorOf, AuditAction, AuditService } from '@tandem/audit';
import { CaseAbility, CaseFacts, DataScope, defineCaseAbility, scopesOf, seesCaseContent, Viewer } from '@tandem/authz';
import { Clock, NotFoundError, Transactions, Tx } from '@tandem/platform';
import { CaseRepository } from './case.repository';
import { CaseRecord } from './cases.types';

/** A case as one viewer may see it: the record, its access facts and the scopes it discloses. */
export interface CaseView {
  record: CaseRecord;
  facts: CaseFacts;
  scopes: DataScope[];
}

/**
 * Checks single records after loading them: a case the viewer does not see is NOT_FOUND,
 * exactly like an id that does not exist, and the attempt is audited.
 */
@Injectable()
export class CaseAccess {
  constructor(
    private readonly cases: CaseRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
  ) {}

  ability(viewer: Viewer): CaseAbility {
    return defineCaseAbility(viewer, this.clock.now());
  }

  /** Views of the given cases that the viewer sees (others are left out), in one batch. */
  async views(tx: Tx, viewer: Viewer, records: CaseRecord[]): Promise<Map<string, CaseView>> {
    const views = new Map<string, CaseView>();
    if (!seesCaseContent(viewer) || records.length === 0) return views;
    const ability = this.ability(viewer);
    const facts = await this.cases.loadFacts(tx, records);
    for (const record of records) {
      const caseFacts = facts.get(record.id);
      if (!caseFacts) continue;
      const scopes = scopesOf(ability, caseFacts);
      if (scopes.length) views.set(record.id, { record, facts: caseFacts, scopes });
    }
    return views;
  }

  /** The viewer's view of one case, locked for update when `lock` is set; `null` when not visible. */
  async find(tx: Tx, viewer: Viewer, caseId: string, lock = false): Promise<CaseView | null> {
    const record = lock ? await this.cases.lockCase(tx, caseId) : (await this.cases.findCases(tx, [caseId]))[0];
    if (!record) return null;
    return (await this.views(tx, viewer, [record])).get(caseId) ?? null;
  }

  /** Records a refused attempt in its own transaction (the caller's is rolled back) and returns the error to throw. */
  async denied(viewer: Viewer, action: string, caseId: string | null, reason: string, details: Record<string, unknown> = {}): Promise<NotFoundError> {
    await this.transactions.run((tx) =>
      this.audit.record(tx, {
        actor: actorOf(viewer),
        action: AuditAction.ACCESS_DENIED,
        outcome: 'DENIED',
        caseId,
        subjectType: 'Case',
        subjectId: caseId,
        reason,
        details: { attempted: action, ...details },
      }),
    );
    return new NotFoundError('Case');
  }
}
