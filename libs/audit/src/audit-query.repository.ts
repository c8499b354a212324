import { Injectable } from '@nestjs/common';
import { SqlParams } from '@tandem/authz';
import { firstRow, rows, Tx } from '@tandem/platform';
import { AuditEventRecord, auditEventSelect, fromStoredEvent, StoredAuditEvent } from './audit-chain';
import { AuditEventKey, AuditEventQuery, AuditReader, AuditReportRecord } from './audit.types';

const EVENT_COLUMNS = auditEventSelect('e');

const NEWEST_FIRST = 'ORDER BY "occurredAt" DESC, id DESC';

/**
 * The audit trail as its readers query it (the one writer is {@link AuditService}). Visibility
 * is part of the SQL. A supervisor's events are read as two index-ordered branches, their
 * agency's own (actor agency index) and others' on the cases it leads (case index), merged and
 * cut to the page: an OR of the two would scan the whole trail by time.
 */
@Injectable()
export class AuditQueryRepository {
  /** One page of visible events matching the query, newest first, after `key`; `limit` rows at most. */
  async page(tx: Tx, reader: AuditReader, query: AuditEventQuery, key: AuditEventKey | null, limit: number): Promise<AuditEventRecord[]> {
    return this.select(tx, reader, query, key, limit);
  }

  /** Every visible event matching the query, newest first, up to `max` (callers fetch one more to detect overflow). */
  async all(tx: Tx, reader: AuditReader, query: AuditEventQuery, max: number): Promise<AuditEventRecord[]> {
    return this.select(tx, reader, query, null, max);
  }

  /** How many visible events match the query, counting no further than `cap`. */
  async countUpTo(tx: Tx, reader: AuditReader, query: AuditEventQuery, cap: number): Promise<number> {
    const { sql, values } = this.visible(reader, query, null, cap, `e.id, e.occurred_at AS "occurredAt"`);
    const row = await firstRow<{ n: number }>(tx, `SELECT count(*)::int AS n FROM (${sql}) counted`, values);
    return row!.n;
  }

  /** Per user and UTC day, the user's events in [from, to]; a supervisor's reader keeps their agency's users only. */
  async report(tx: Tx, reader: AuditReader, range: { from: Date; to: Date; agencyId?: string | null }, max: number): Promise<AuditReportRecord[]> {
    const params = new SqlParams();
    const where = [
      `e.actor_type = 'USER'`,
      `e.actor_user_id IS NOT NULL`,
      `e.occurred_at >= ${params.add(range.from, 'timestamptz')}`,
      `e.occurred_at <= ${params.add(range.to, 'timestamptz')}`,
    ];
    if (reader.kind === 'agency') where.push(`e.actor_agency_id = ${params.add(reader.agencyId, 'uuid')}`);
    if (range.agencyId) where.push(`e.actor_agency_id = ${params.add(range.agencyId, 'uuid')}`);
    return rows<AuditReportRecord>(
      tx,
      `SELECT to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, e.actor_user_id AS "actorUserId", e.actor_agency_id AS "actorAgencyId",
              count(*)::int AS events,
              (count(*) FILTER (WHERE e.action = 'CASE_VIEW'))::int AS "caseViews",
              count(DISTINCT e.case_id)::int AS "distinctCases",
              (count(*) FILTER (WHERE e.outcome = 'DENIED'))::int AS denied,
              (count(*) FILTER (WHERE e.action = 'BREAK_GLASS' AND e.outcome = 'ALLOWED'))::int AS "breakGlass"
         FROM audit_event e
        WHERE ${where.join(' AND ')}
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3
        LIMIT ${params.add(max, 'int')}`,
      params.values,
    );
  }

  private async select(tx: Tx, reader: AuditReader, query: AuditEventQuery, key: AuditEventKey | null, limit: number): Promise<AuditEventRecord[]> {
    const { sql, values } = this.visible(reader, query, key, limit, EVENT_COLUMNS);
    const found = await rows<StoredAuditEvent>(tx, sql, values);
    return found.map(fromStoredEvent);
  }

  /** The visible events matching the query, newest first, at most `limit`; `columns` must name "occurredAt" and id. */
  private visible(reader: AuditReader, query: AuditEventQuery, key: AuditEventKey | null, limit: number, columns: string): { sql: string; values: unknown[] } {
    const params = new SqlParams();
    const conditions = this.conditions(query, key, params);
    const cap = params.add(limit, 'int');
    const branch = (visibility: string) =>
      `(SELECT ${columns} FROM audit_event e WHERE ${[visibility, ...conditions].join(' AND ')}
         ORDER BY e.occurred_at DESC, e.id DESC LIMIT ${cap})`;
    if (reader.kind === 'all') return { sql: branch('TRUE'), values: params.values };
    const agency = params.add(reader.agencyId, 'uuid');
    // Two disjoint branches: the agency's own events, and others' (or no agency's) on the cases it leads.
    const own = branch(`e.actor_agency_id = ${agency}`);
    const led = branch(`e.case_id IN (SELECT lc.id FROM case_file lc WHERE lc.lead_agency_id = ${agency}) AND e.actor_agency_id IS DISTINCT FROM ${agency}`);
    return { sql: `SELECT * FROM (${own} UNION ALL ${led}) v ${NEWEST_FIRST} LIMIT ${cap}`, values: params.values };
  }

  private conditions(query: AuditEventQuery, key: AuditEventKey | null, params: SqlParams): string[] {
    const where: string[] = [];
    if (query.actorUserId) where.push(`e.actor_user_id = ${params.add(query.actorUserId.toLowerCase(), 'uuid')}`);
    if (query.actorAgencyId) where.push(`e.actor_agency_id = ${params.add(query.actorAgencyId.toLowerCase(), 'uuid')}`);
    if (query.caseId) where.push(`e.case_id = ${params.add(query.caseId.toLowerCase(), 'uuid')}`);
    if (query.action) where.push(`e.action = ${params.add(query.action, 'text')}`);
    if (query.outcome) where.push(`e.outcome = ${params.add(query.outcome, 'text')}`);
    if (query.from) where.push(`e.occurred_at >= ${params.add(query.from, 'timestamptz')}`);
    if (query.to) where.push(`e.occurred_at <= ${params.add(query.to, 'timestamptz')}`);
    if (key) where.push(`(e.occurred_at, e.id) < (${params.add(key[0], 'timestamptz')}, ${params.add(key[1], 'uuid')})`);
    return where;
  }
}
