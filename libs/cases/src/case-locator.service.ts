import { Injectable } from '@nestjs/common';
import { actorOf, AuditAction, AuditService } from '@tandem/audit';
import { authorize, Viewer } from '@tandem/authz';
import { BlindIndex } from '@tandem/crypto';
import { BadInputError, Transactions } from '@tandem/platform';
import { CASE_LOCATE } from './case.policies';
import { ChildRepository } from './child.repository';

/** Locate: whether cases about a child exist and which agency leads them, matched on the blind index only. */
@Injectable()
export class CaseLocator {
  constructor(
    private readonly transactions: Transactions,
    private readonly children: ChildRepository,
    private readonly blindIndex: BlindIndex,
    private readonly audit: AuditService,
  ) {}

  /** Existence, lead agency name and contact of cases about a child, matched on the blind index only. */
  async locate(viewer: Viewer, subject: { name: string; dateOfBirth: string }): Promise<{ leadAgencyId: string }[]> {
    authorize(CASE_LOCATE, viewer, undefined);
    let token: Buffer;
    try {
      token = this.blindIndex.token(subject.name, subject.dateOfBirth);
    } catch {
      throw BadInputError.field('subject', 'needs a name with letters or digits and a real date of birth');
    }
    return this.transactions.run(async (tx) => {
      const matches = await this.children.casesByToken(tx, token);
      await this.audit.record(tx, { actor: actorOf(viewer), action: AuditAction.LOCATE, subjectType: 'Child', details: { matches: matches.length, caseIds: matches.map((row) => row.caseId) } });
      return matches.map((row) => ({ leadAgencyId: row.leadAgencyId }));
    });
  }
}
