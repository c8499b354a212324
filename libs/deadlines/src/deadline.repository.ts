import { Injectable } from '@nestjs/common';
import { CaseAbility, caseVisibilityPredicate, SqlParams } from '@tandem/authz';
import { execute, firstRow, qualifiedColumns, rows, Tx } from '@tandem/platform';
import { DEADLINE_COLUMNS, DeadlineData, DeadlineKind, DeadlineRecord, DeadlineStatus } from './deadline.types';

/** A deadline with the number of its case, as the `deadlines` list shows it. */
export type DeadlineWithCaseNumber = DeadlineRecord & { caseId: string; caseNumber: string };

export interface DeadlineListFilter {
  caseId?: string | null;
  status?: DeadlineStatus | null;
  agencyId?: string | null;
  overdueOnly?: boolean | null;
}

/**
 * The `deadline` table: only this lib writes it. The `case_clock` view other libs read as an access
 * fact is this table's PENDING rows. The case's number is read from `case_file` here because the
 * cases lib starts deadlines and so cannot be asked by this one; it is a read, never a write.
 */
@Injectable()
export class DeadlineRepository {
  /** Inserts a PENDING clock; null when a clock of the kind already runs on the subject (the partial unique index). */
  async insertPending(
    tx: Tx,
    input: { kind: DeadlineKind; caseId: string | null; subjectType: string; subjectId: string; agencyId: string; startedAt: Date; dueAt: Date; nextAt: Date; data: DeadlineData },
  ): Promise<DeadlineRecord | null> {
    const row = await firstRow<DeadlineRecord>(
      tx,
      `INSERT INTO deadline (kind, case_id, subject_type, subject_id, agency_id, started_at, due_at, next_at, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (kind, subject_id) WHERE status = 'PENDING' DO NOTHING
       RETURNING ${DEADLINE_COLUMNS}`,
      [input.kind, input.caseId, input.subjectType, input.subjectId, input.agencyId, input.startedAt, input.dueAt, input.nextAt, JSON.stringify(input.data)],
    );
    return row ?? null;
  }

  /** The clock of a kind that still runs on a subject. */
  async findPending(tx: Tx, kind: DeadlineKind, subjectId: string): Promise<DeadlineRecord | null> {
    const row = await firstRow<DeadlineRecord>(tx, `SELECT ${DEADLINE_COLUMNS} FROM deadline WHERE kind = $1 AND subject_id = $2 AND status = 'PENDING'`, [kind, subjectId]);
    return row ?? null;
  }

  /** The agency of the latest clock of a kind on a subject, whatever its status. */
  async latestAgency(tx: Tx, kind: DeadlineKind, subjectId: string): Promise<string | null> {
    const row = await firstRow<{ agencyId: string }>(tx, `SELECT agency_id AS "agencyId" FROM deadline WHERE kind = $1 AND subject_id = $2 ORDER BY created_at DESC LIMIT 1`, [
      kind,
      subjectId,
    ]);
    return row?.agencyId ?? null;
  }

  /** Marks the running clocks of these kinds on the subject MET. */
  async markMet(tx: Tx, kinds: DeadlineKind[], subjectId: string, by: string | null, now: Date): Promise<DeadlineRecord[]> {
    return this.endPending(tx, `status = 'MET', met_at = $3, met_by = $4`, kinds, subjectId, [now, by]);
  }

  /** Marks MET the running clocks of these kinds on the case whose data names the service type among its `serviceTypes`. */
  async markMetByReferral(tx: Tx, kinds: DeadlineKind[], caseId: string, serviceType: string, by: string | null, now: Date): Promise<DeadlineRecord[]> {
    if (!kinds.length) return [];
    return rows<DeadlineRecord>(
      tx,
      `UPDATE deadline SET status = 'MET', met_at = $4, met_by = $5, next_at = NULL, version = version + 1
        WHERE case_id = $1 AND kind = ANY($2::text[]) AND status = 'PENDING' AND coalesce(data->'serviceTypes', '[]'::jsonb) ? $3
        RETURNING ${DEADLINE_COLUMNS}`,
      [caseId, kinds, serviceType, now, by],
    );
  }

  /** Marks the running clocks of these kinds on the subject CANCELLED. */
  async markCancelled(tx: Tx, kinds: DeadlineKind[], subjectId: string, now: Date): Promise<DeadlineRecord[]> {
    return this.endPending(tx, `status = 'CANCELLED', cancelled_at = $3`, kinds, subjectId, [now]);
  }

  /** Moves the running clocks of these kinds that an agency answers for on a case to another agency. */
  async reassignPending(tx: Tx, caseId: string, fromAgencyId: string, toAgencyId: string, kinds: readonly DeadlineKind[]): Promise<void> {
    await execute(
      tx,
      `UPDATE deadline SET agency_id = $3, version = version + 1
        WHERE case_id = $1 AND agency_id = $2 AND status = 'PENDING' AND kind = ANY($4::text[])`,
      [caseId, fromAgencyId, toAgencyId, kinds],
    );
  }

  /**
   * The deadline, row-locked until the transaction ends: a stage runs only under this lock, so two
   * jobs of the same deadline (a delayed job and the sweep) run its stages one after the other.
   */
  async lockForStage(tx: Tx, id: string): Promise<DeadlineRecord | null> {
    const row = await firstRow<DeadlineRecord>(tx, `SELECT ${DEADLINE_COLUMNS} FROM deadline WHERE id = $1 FOR UPDATE`, [id]);
    return row ?? null;
  }

  /** The number of the deadline's case, for its alerts' text; null when the case is gone. */
  async caseNumber(tx: Tx, caseId: string | null): Promise<string | null> {
    if (!caseId) return null;
    const row = await firstRow<{ caseNumber: string }>(tx, `SELECT case_number AS "caseNumber" FROM case_file WHERE id = $1`, [caseId]);
    return row?.caseNumber ?? null;
  }

  /** Records the stages that ran; the caller holds the row lock taken by `lockForStage`. */
  async advance(tx: Tx, id: string, stage: number, nextAt: Date | null, status: DeadlineStatus, now: Date): Promise<void> {
    await execute(
      tx,
      `UPDATE deadline SET stage = $2, escalation_level = $2, next_at = $3, status = $4,
                breached_at = CASE WHEN $4 = 'BREACHED' THEN $5::timestamptz ELSE breached_at END, version = version + 1
          WHERE id = $1`,
      [id, stage, nextAt, status, now],
    );
  }

  /** Ids of running deadlines whose next stage is due by `now`, soonest first. */
  async dueIds(tx: Tx, now: Date, limit: number): Promise<string[]> {
    const due = await rows<{ id: string }>(tx, `SELECT id FROM deadline WHERE status = 'PENDING' AND next_at <= $1 ORDER BY next_at, id LIMIT $2`, [now, limit]);
    return due.map((row) => row.id);
  }

  /** The stage a running deadline is at; null when it is no longer PENDING (or gone). */
  async pendingStage(tx: Tx, id: string): Promise<number | null> {
    const row = await firstRow<{ stage: number }>(tx, `SELECT stage FROM deadline WHERE id = $1 AND status = 'PENDING'`, [id]);
    return row ? row.stage : null;
  }

  /**
   * A page of the deadlines on cases the ability lets its viewer see, soonest due first. Visibility
   * is the case predicate: a deadline is seen exactly by those who see its case.
   */
  async pageVisible(
    tx: Tx,
    ability: CaseAbility,
    filter: DeadlineListFilter,
    now: Date,
    after: [string, string] | null,
    limit: number,
  ): Promise<DeadlineWithCaseNumber[]> {
    const params = new SqlParams();
    const where = [caseVisibilityPredicate(ability, 'c', params)];
    if (filter.caseId) where.push(`d.case_id = ${params.add(filter.caseId.toLowerCase(), 'uuid')}`);
    if (filter.status) where.push(`d.status = ${params.add(filter.status, 'text')}`);
    if (filter.agencyId) where.push(`d.agency_id = ${params.add(filter.agencyId.toLowerCase(), 'uuid')}`);
    if (filter.overdueOnly) where.push(`(d.status = 'BREACHED' OR (d.status = 'PENDING' AND d.due_at <= ${params.add(now, 'timestamptz')}))`);
    if (after) where.push(`(d.due_at, d.id) > (${params.add(after[0], 'timestamptz')}, ${params.add(after[1], 'uuid')})`);
    return rows<DeadlineWithCaseNumber>(
      tx,
      `SELECT ${qualifiedColumns(DEADLINE_COLUMNS, 'd')}, c.case_number AS "caseNumber"
         FROM deadline d JOIN case_file c ON c.id = d.case_id
        WHERE ${where.join(' AND ')} ORDER BY d.due_at, d.id LIMIT ${params.add(limit, 'int')}`,
      params.values,
    );
  }

  /** Ends the running clocks: `set` is one of this class's own assignments, never a caller's text. */
  private async endPending(tx: Tx, set: string, kinds: DeadlineKind[], subjectId: string, params: unknown[]): Promise<DeadlineRecord[]> {
    return rows<DeadlineRecord>(
      tx,
      `UPDATE deadline SET ${set}, next_at = NULL, version = version + 1
        WHERE kind = ANY($1::text[]) AND subject_id = $2 AND status = 'PENDING'
        RETURNING ${DEADLINE_COLUMNS}`,
      [kinds, subjectId, ...params],
    );
  }
}
