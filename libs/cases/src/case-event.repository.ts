import { Injectable } from '@nestjs/common';
import { DataScope } from '@tandem/authz';
import { execute, rows, Tx } from '@tandem/platform';
import type { CaseEventEntry, CaseEventRecord } from './case-events';

/** The case_event table: timeline entries, written once and paged back by scope. */
@Injectable()
export class CaseEventRepository {
  async insert(tx: Tx, entry: CaseEventEntry, occurredAt: Date): Promise<void> {
    await execute(
      tx,
      `INSERT INTO case_event (case_id, kind, scope, only_agency_id, actor_user_id, actor_agency_id, subject_id, data, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [entry.caseId, entry.kind, entry.scope, entry.onlyAgencyId ?? null, entry.actor?.userId ?? null, entry.actor?.agencyId ?? null, entry.subjectId ?? null, JSON.stringify(entry.data ?? {}), occurredAt],
    );
  }

  async page(tx: Tx, caseId: string, scopes: DataScope[], agencyId: string | null, after: [string, string] | null, limit: number): Promise<CaseEventRecord[]> {
    return rows<CaseEventRecord>(
      tx,
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
