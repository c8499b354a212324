import { Injectable } from '@nestjs/common';
import { DataScope, Viewer } from '@tandem/authz';
import { Clock, Tx } from '@tandem/platform';
import { CaseEventRepository } from './case-event.repository';

/** What happened on a case, for its timeline. Data holds ids and codes only, never personal data. */
export interface CaseEventEntry {
  caseId: string;
  kind: string;
  /** The scope a viewer needs to see this entry. */
  scope: DataScope;
  /** Set for entries only one agency may see (a CLINICAL note). */
  onlyAgencyId?: string | null;
  actor: Viewer | null;
  subjectId?: string | null;
  data?: Record<string, unknown>;
}

export interface CaseEventRecord {
  id: string;
  caseId: string;
  occurredAt: Date;
  kind: string;
  scope: DataScope;
  onlyAgencyId: string | null;
  actorUserId: string | null;
  actorAgencyId: string | null;
  subjectId: string | null;
  data: Record<string, unknown>;
}

/** Writes timeline entries in the transaction of the change they describe, and pages them back by scope. */
@Injectable()
export class CaseEvents {
  constructor(
    private readonly repository: CaseEventRepository,
    private readonly clock: Clock,
  ) {}

  async record(tx: Tx, ...entries: CaseEventEntry[]): Promise<void> {
    for (const entry of entries) await this.repository.insert(tx, entry, this.clock.now());
  }

  /** A page of a case's timeline in time order, holding only entries of the given scopes. */
  page(tx: Tx, caseId: string, scopes: DataScope[], agencyId: string | null, after: [string, string] | null, limit: number): Promise<CaseEventRecord[]> {
    return this.repository.page(tx, caseId, scopes, agencyId, after, limit);
  }
}
