import { Injectable } from '@nestjs/common';
import { RequestContext, Tx } from '@tandem/platform';
import { AuditEntry } from './audit.types';

const COLUMNS = [
  'actor_type',
  'actor_user_id',
  'actor_agency_id',
  'action',
  'outcome',
  'case_id',
  'subject_type',
  'subject_id',
  'scopes',
  'justification',
  'reason',
  'request_id',
  'client_address',
  'user_agent',
  'details',
] as const;

/**
 * The one writer of the audit trail. Events are inserted in the caller's transaction, so an
 * event exists exactly when what it records happened; all events of a call go in one insert.
 */
@Injectable()
export class AuditService {
  async record(tx: Tx, ...entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const meta = RequestContext.current();
    const params: unknown[] = [];
    const rows: string[] = [];
    for (const entry of entries) {
      const actor = entry.actor;
      const values = [
        actor.type,
        actor.type === 'USER' ? actor.userId : null,
        actor.type === 'USER' ? actor.agencyId : null,
        entry.action,
        entry.outcome ?? 'ALLOWED',
        entry.caseId ?? null,
        entry.subjectType ?? null,
        entry.subjectId ?? null,
        entry.scopes ?? [],
        entry.justification ?? null,
        entry.reason ?? null,
        meta?.requestId ?? null,
        meta?.clientAddress ?? null,
        meta?.userAgent ? meta.userAgent.slice(0, 300) : null,
        JSON.stringify(entry.details ?? {}),
      ];
      const placeholders = values.map((value, index) => {
        params.push(value);
        const cast = COLUMNS[index] === 'scopes' ? '::text[]' : COLUMNS[index] === 'details' ? '::jsonb' : '';
        return `$${params.length}${cast}`;
      });
      rows.push(`(${placeholders.join(', ')})`);
    }
    await tx.query(`INSERT INTO audit_event (${COLUMNS.join(', ')}) VALUES ${rows.join(', ')}`, params);
  }
}
