import { Injectable } from '@nestjs/common';
import { OutboxService, Tx } from '@tandem/platform';
import { DeadlineRepository } from './deadline.repository';
import { DeadlineTopic } from './deadline-topics';
import { DEADLINE_DURATIONS, DEADLINE_RULES, stageTime } from './deadline.rules';
import { DeadlineKind, DeadlineRecord, StartDeadline } from './deadline.types';

/**
 * Starts and ends deadlines inside the transaction of the act that starts or meets them, so a
 * clock exists exactly when its cause committed. Jobs follow through the outbox: a deadline
 * never depends on Redis being up at the moment it starts.
 */
@Injectable()
export class DeadlineService {
  constructor(
    private readonly repository: DeadlineRepository,
    private readonly outbox: OutboxService,
  ) {}

  /** Starts a clock; a second start of a kind for a subject whose clock still runs returns the running one. */
  async start(tx: Tx, input: StartDeadline): Promise<DeadlineRecord> {
    const dueAt = input.dueAt ?? new Date(input.startedAt.getTime() + (DEADLINE_DURATIONS[input.kind] ?? 0));
    const nextAt = stageTime({ kind: input.kind, startedAt: input.startedAt, dueAt }, 0)!;
    const row = await this.repository.insertPending(tx, {
      kind: input.kind,
      caseId: input.caseId,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      agencyId: input.agencyId,
      startedAt: input.startedAt,
      dueAt,
      nextAt,
      data: input.data ?? {},
    });
    if (!row) return (await this.repository.findPending(tx, input.kind, input.subjectId))!;
    await this.outbox.publish(tx, { topic: DeadlineTopic.CHANGED, payload: { deadlineId: row.id, nextAt: nextAt.toISOString() } });
    return row;
  }

  /** The act a deadline waits for happened: its clocks of these kinds on the subject are MET and their jobs removed. */
  async meet(tx: Tx, kinds: DeadlineKind[], subjectId: string, by: string | null, now: Date): Promise<DeadlineRecord[]> {
    return this.ended(tx, await this.repository.markMet(tx, kinds, subjectId, by, now));
  }

  /**
   * A referral for a service type was sent on a case: the running clocks on the case that such a
   * referral meets (their rule's `metByReferral`, the type among their `serviceTypes`) are MET.
   */
  async referralSent(tx: Tx, caseId: string, serviceType: string, by: string | null, now: Date): Promise<DeadlineRecord[]> {
    const kinds = (Object.keys(DEADLINE_RULES) as DeadlineKind[]).filter((kind) => DEADLINE_RULES[kind].metByReferral);
    return this.ended(tx, await this.repository.markMetByReferral(tx, kinds, caseId, serviceType, by, now));
  }

  /** The subject went away (a referral withdrawn, a consent revoked, a case closed): its clocks stop. */
  async cancel(tx: Tx, kinds: DeadlineKind[], subjectId: string, now: Date): Promise<DeadlineRecord[]> {
    return this.ended(tx, await this.repository.markCancelled(tx, kinds, subjectId, now));
  }

  /** The agency that holds the latest clock of a kind on a subject, whatever its status; null when none was started. */
  async latestAgency(tx: Tx, kind: DeadlineKind, subjectId: string): Promise<string | null> {
    return this.repository.latestAgency(tx, kind, subjectId);
  }

  /**
   * The lead changed hands: the running clocks of these kinds that the old lead answered for on the
   * case now wait on the new lead (their stages and jobs are unchanged; recipients are found when a stage runs).
   */
  async reassign(tx: Tx, caseId: string, fromAgencyId: string, toAgencyId: string, kinds: readonly DeadlineKind[]): Promise<void> {
    await this.repository.reassignPending(tx, caseId, fromAgencyId, toAgencyId, kinds);
  }

  /** Clocks that ended lose their queued jobs, through the outbox of the same transaction. */
  private async ended(tx: Tx, rows: DeadlineRecord[]): Promise<DeadlineRecord[]> {
    if (rows.length) {
      await this.outbox.publish(tx, ...rows.map((row) => ({ topic: DeadlineTopic.CHANGED, payload: { deadlineId: row.id, nextAt: null, stages: stageCount(row) } })));
    }
    return rows;
  }
}

function stageCount(deadline: DeadlineRecord): number {
  let count = 0;
  while (stageTime(deadline, count)) count += 1;
  return count;
}
