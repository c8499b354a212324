import { Injectable } from '@nestjs/common';
import { EventTopic, OutboxService, Tx } from '@tandem/platform';
import { DEADLINE_DURATIONS, stageTime } from './deadline.rules';
import { DEADLINE_COLUMNS, DeadlineKind, DeadlineRecord, StartDeadline } from './deadline.types';

/**
 * Starts and ends deadlines inside the transaction of the act that starts or meets them, so a
 * clock exists exactly when its cause committed. Jobs follow through the outbox: a deadline
 * never depends on Redis being up at the moment it starts.
 */
@Injectable()
export class DeadlineService {
  constructor(private readonly outbox: OutboxService) {}

  /** Starts a clock; a second start of a kind for a subject whose clock still runs returns the running one. */
  async start(tx: Tx, input: StartDeadline): Promise<DeadlineRecord> {
    const dueAt = input.dueAt ?? new Date(input.startedAt.getTime() + (DEADLINE_DURATIONS[input.kind] ?? 0));
    const nextAt = stageTime({ kind: input.kind, startedAt: input.startedAt, dueAt }, 0)!;
    const [row]: DeadlineRecord[] = await tx.query(
      `INSERT INTO deadline (kind, case_id, subject_type, subject_id, agency_id, started_at, due_at, next_at, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (kind, subject_id) WHERE status = 'PENDING' DO NOTHING
       RETURNING ${DEADLINE_COLUMNS}`,
      [input.kind, input.caseId, input.subjectType, input.subjectId, input.agencyId, input.startedAt, dueAt, nextAt, JSON.stringify(input.data ?? {})],
    );
    if (!row) {
      const [running]: DeadlineRecord[] = await tx.query(`SELECT ${DEADLINE_COLUMNS} FROM deadline WHERE kind = $1 AND subject_id = $2 AND status = 'PENDING'`, [
        input.kind,
        input.subjectId,
      ]);
      return running!;
    }
    await this.outbox.publish(tx, { topic: EventTopic.DEADLINE_CHANGED, payload: { deadlineId: row.id, nextAt: nextAt.toISOString() } });
    return row;
  }

  /** The act a deadline waits for happened: its clocks of these kinds on the subject are MET and their jobs removed. */
  async meet(tx: Tx, kinds: DeadlineKind[], subjectId: string, by: string | null, now: Date): Promise<DeadlineRecord[]> {
    return this.end(tx, `status = 'MET', met_at = $3, met_by = $4`, kinds, subjectId, [now, by]);
  }

  /** The subject went away (a referral withdrawn, a consent revoked, a case closed): its clocks stop. */
  async cancel(tx: Tx, kinds: DeadlineKind[], subjectId: string, now: Date): Promise<DeadlineRecord[]> {
    return this.end(tx, `status = 'CANCELLED', cancelled_at = $3`, kinds, subjectId, [now]);
  }

  /** The agency that holds the latest clock of a kind on a subject, whatever its status; null when none was started. */
  async latestAgency(tx: Tx, kind: DeadlineKind, subjectId: string): Promise<string | null> {
    const [row]: { agencyId: string }[] = await tx.query(`SELECT agency_id AS "agencyId" FROM deadline WHERE kind = $1 AND subject_id = $2 ORDER BY created_at DESC LIMIT 1`, [
      kind,
      subjectId,
    ]);
    return row?.agencyId ?? null;
  }

  private async end(tx: Tx, set: string, kinds: DeadlineKind[], subjectId: string, params: unknown[]): Promise<DeadlineRecord[]> {
    const [rows]: [DeadlineRecord[]] = await tx.query(
      `UPDATE deadline SET ${set}, next_at = NULL, version = version + 1
        WHERE kind = ANY($1::text[]) AND subject_id = $2 AND status = 'PENDING'
        RETURNING ${DEADLINE_COLUMNS}`,
      [kinds, subjectId, ...params],
    );
    if (rows.length) {
      await this.outbox.publish(tx, ...rows.map((row) => ({ topic: EventTopic.DEADLINE_CHANGED, payload: { deadlineId: row.id, nextAt: null, stages: stageCount(row) } })));
    }
    return rows;
  }
}

function stageCount(deadline: DeadlineRecord): number {
  let count = 0;
  while (stageTime(deadline, count)) count += 1;
  return count;
}
