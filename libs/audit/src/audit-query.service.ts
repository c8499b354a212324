import { Injectable } from '@nestjs/common';
import { Role, Viewer } from '@tandem/authz';
import { ForbiddenError, Tx } from '@tandem/platform';
import { AuditEventRecord } from './audit-chain';
import { AuditQueryRepository } from './audit-query.repository';
import { AuditEventKey, AuditEventQuery, AuditReader, AuditReportRecord } from './audit.types';

/** The actions that reading the trail itself leaves in it. */
export const AuditReadAction = { AUDIT_VIEW: 'AUDIT_VIEW', EXPORT: 'EXPORT' } as const;

export function auditReaderOf(viewer: Viewer): AuditReader {
  if (viewer.role === Role.AUDITOR) return { kind: 'all' };
  if (viewer.role === Role.SUPERVISOR && viewer.agencyId) return { kind: 'agency', agencyId: viewer.agencyId };
  throw new ForbiddenError('Only auditors and supervisors read the audit trail', 'role');
}

/**
 * Reads of the audit trail for the oversight API, each scoped by the reader it is given; the SQL is
 * {@link AuditQueryRepository}'s.
 */
@Injectable()
export class AuditQueryService {
  constructor(private readonly repository: AuditQueryRepository) {}

  /** One page of visible events matching the query, newest first, after `key`; `limit` rows at most. */
  async page(tx: Tx, reader: AuditReader, query: AuditEventQuery, key: AuditEventKey | null, limit: number): Promise<AuditEventRecord[]> {
    return this.repository.page(tx, reader, query, key, limit);
  }

  /** Every visible event matching the query, newest first, up to `max` (callers fetch one more to detect overflow). */
  async all(tx: Tx, reader: AuditReader, query: AuditEventQuery, max: number): Promise<AuditEventRecord[]> {
    return this.repository.all(tx, reader, query, max);
  }

  /** How many visible events match the query, counting no further than `cap`. */
  async countUpTo(tx: Tx, reader: AuditReader, query: AuditEventQuery, cap: number): Promise<number> {
    return this.repository.countUpTo(tx, reader, query, cap);
  }

  /** Per user and UTC day, the user's events in [from, to]; a supervisor's reader keeps their agency's users only. */
  async report(tx: Tx, reader: AuditReader, range: { from: Date; to: Date; agencyId?: string | null }, max: number): Promise<AuditReportRecord[]> {
    return this.repository.report(tx, reader, range, max);
  }
}
