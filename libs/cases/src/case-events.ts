import { Injectable } from '@nestjs/common';
import { DataScope, Viewer } from '@tandem/authz';
import { Clock, Tx } from '@tandem/platform';

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
  constructor(private readonly clock: Clock) {}

  async record(tx: Tx, ...entries: CaseEventEntry[]): Promise<void> {
    for (const entry of entries) {
      await tx.query(
        `INSERT INTO case_event (case_id, kind, scope, only_agency_id, actor_user_id, actor_agency_id, subject_id, data, occurred_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [entry.caseId, entry.kind, entry.scope, entry.onlyAgencyId ?? null, entry.actor?.userId ?? null, entry.actor?.agencyId ?? null, entry.subjectId ?? null, JSON.stringify(entry.data ?? {}), this.clock.now()],
      );
    }
  }

  /** A page of a case's timeline in time order, holding only entries of the given scopes. */
  async page(tx: Tx, caseId: string, scopes: DataScope[], agencyId: string | null, after: [string, string] | null, limit: number): Promise<CaseEventRecord[]> {
    return tx.query(
      `SELECT id, case_id AS "caseId", occurred_at AS "occurredAt", kind, scope, only_agency_id AS "onlyAgencyId",
              actor_user_id AS "actorUserId", actor_agency_id AS "actorAgencyId", subject_id AS "subjectId", data
         FROM case_event
        WHERE case_id = $1 AND scope = ANY($2::text[]) AND (only_agency_id IS NULL OR only_agency_id = $3::uuid)
          AND ($4::timestamptz IS NULL OR (occurred_at, id) > ($4::timestamptz, $5::uuid))
        ORDER BY occurred_at, id LIMIT $6`,
      [caseId, [...scopes, ...(scopes.includes(DataScope.SUMMARY) ? [DataScope.CLINICAL] : [])], agencyId, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }
}
