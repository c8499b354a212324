import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { DeliveryRecovery, Recipients, NotificationService } from '@tandem/notifications';
import { AuditService, SYSTEM } from '@tandem/audit';
import { Clock, QueueName, Transactions, Tx } from '@tandem/platform';
import { Queue } from 'bullmq';
import { DEADLINE_EFFECT, DeadlineEffectHandler } from './deadline-effect';
import { Audience, DEADLINE_RULES, stageTime } from './deadline.rules';
import { DeadlineRepository } from './deadline.repository';
import { DeadlineService } from './deadline.service';
import { DeadlineKind, DeadlineRecord, DeadlineStatus } from './deadline.types';

export const DeadlineJob = { STAGE: 'stage', SWEEP: 'sweep' } as const;

/** The deterministic id of a stage's delayed job: a stage is queued at most once, however often it is scheduled. */
export const stageJobId = (deadlineId: string, stage: number) => `dl-${deadlineId}-${stage}`;

/**
 * Runs deadline stages: reminders and escalations at their times, the due stage with its effect.
 * PostgreSQL is the truth: a stage runs only while its row, locked, says it is due and not done,
 * so a job that runs twice, late, or after the deadline was met changes nothing.
 */
@Injectable()
export class DeadlineEngine implements OnModuleInit {
  private readonly logger = new Logger('Deadlines');
  private readonly effects = new Map<DeadlineKind, DeadlineEffectHandler>();

  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly notifications: NotificationService,
    private readonly recipients: Recipients,
    private readonly deadlines: DeadlineService,
    private readonly repository: DeadlineRepository,
    private readonly audit: AuditService,
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    @InjectQueue(QueueName.DEADLINES) private readonly queue: Queue,
    private readonly delivery: DeliveryRecovery,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      if (!wrapper.metatype || !wrapper.instance) continue;
      const kind = this.reflector.get<DeadlineKind | undefined>(DEADLINE_EFFECT, wrapper.metatype as object as never);
      if (!kind) continue;
      if (this.effects.has(kind)) throw new Error(`Deadline kind "${kind}" has two effects`);
      this.effects.set(kind, wrapper.instance as DeadlineEffectHandler);
    }
  }

  /** The worker refuses to start when a kind's effect is missing: a breach must never be half done. */
  assertComplete(): void {
    const missing = Object.values(DeadlineKind).filter((kind) => DEADLINE_RULES[kind].effect && !this.effects.has(kind));
    if (missing.length) throw new Error(`Deadline kinds without an effect: ${missing.join(', ')}`);
  }

  /**
   * Runs every stage of the deadline that is due by now, in order, in one transaction.
   * Returns when the next stage is due, or `null` when none is.
   */
  async runDue(deadlineId: string): Promise<Date | null> {
    const now = this.clock.now();
    return this.transactions.run(async (tx) => {
      const deadline = await this.repository.lockForStage(tx, deadlineId);
      if (!deadline || deadline.status !== DeadlineStatus.PENDING || !deadline.nextAt) return null;
      const rule = DEADLINE_RULES[deadline.kind];
      const caseNumber = await this.repository.caseNumber(tx, deadline.caseId);
      let stage = deadline.stage;
      let at = stageTime(deadline, stage);
      let status: DeadlineStatus = DeadlineStatus.PENDING;
      while (at && at <= now && status === DeadlineStatus.PENDING) {
        const current = rule.stages[stage]!;
        const to = await this.resolve(tx, deadline, current.to);
        if (current.due) {
          status = DeadlineStatus.BREACHED;
          if (rule.effect) {
            const effect = this.effects.get(deadline.kind);
            if (!effect) throw new Error(`No effect for deadline kind ${deadline.kind}`);
            await effect.onDue(tx, deadline, now);
          }
        }
        await this.notifications.notify(tx, {
          ledgerKey: `deadline:${deadline.id}:${stage}`,
          kind: `${deadline.kind}_${current.due ? 'OVERDUE' : 'REMINDER'}`,
          caseId: deadline.caseId,
          caseNumber,
          deadlineId: deadline.id,
          text: alertText(caseNumber ?? 'unknown', rule.what, deadline.dueAt, now, current.due, rule.atDue),
          recipientIds: to,
          createdAt: now,
        });
        stage += 1;
        at = current.due ? null : stageTime(deadline, stage);
      }
      if (stage === deadline.stage) return deadline.nextAt;
      await this.repository.advance(tx, deadline.id, stage, at, status, now);
      if (status === DeadlineStatus.BREACHED) {
        await this.audit.record(tx, {
          actor: SYSTEM,
          action: 'DEADLINE_BREACHED',
          caseId: deadline.caseId,
          subjectType: 'Deadline',
          subjectId: deadline.id,
          details: { kind: deadline.kind, subjectType: deadline.subjectType, subjectId: deadline.subjectId },
        });
        if (rule.repeatEveryMs) {
          const startedAt = deadline.dueAt;
          await this.deadlines.start(tx, { ...deadline, startedAt, dueAt: new Date(startedAt.getTime() + rule.repeatEveryMs) });
        }
      }
      return at;
    });
  }

  /**
   * Runs everything due and not done, whatever Redis holds: the minute sweep that makes a
   * flushed or restarted Redis lose nothing. Returns how many deadlines it advanced.
   */
  async sweep(limit = 500): Promise<number> {
    let advanced = 0;
    for (;;) {
      const due = await this.transactions.run((tx) => this.repository.dueIds(tx, this.clock.now(), limit));
      for (const id of due) {
        try {
          const next = await this.runDue(id);
          advanced += 1;
          if (next) await this.schedule(id, next).catch(() => undefined);
        } catch (error) {
          this.logger.warn(`deadline ${id} could not run: ${(error as Error).message}`);
        }
      }
      if (due.length < limit) {
        // Emails and webhook calls whose jobs Redis lost come back on the same beat.
        await this.delivery.requeue().catch((error: Error) => this.logger.warn(`delivery requeue failed: ${error.message}`));
        return advanced;
      }
    }
  }

  /** Queues the delayed job of the deadline's next stage (a no-op when it is already queued). */
  async schedule(deadlineId: string, nextAt: Date): Promise<void> {
    const stage = await this.transactions.run((tx) => this.repository.pendingStage(tx, deadlineId));
    if (stage === null) return;
    await this.queue.add(
      DeadlineJob.STAGE,
      { deadlineId },
      { jobId: stageJobId(deadlineId, stage), delay: Math.max(0, nextAt.getTime() - this.clock.now().getTime()), removeOnComplete: { age: 24 * 3600 } },
    );
  }

  /** Removes the queued jobs of a deadline that ended: meeting a deadline cancels what is pending. */
  async unschedule(deadlineId: string, stages: number): Promise<void> {
    for (let stage = 0; stage < stages; stage += 1) {
      const job = await this.queue.getJob(stageJobId(deadlineId, stage));
      if (job && (await job.isDelayed())) await job.remove().catch(() => undefined);
    }
  }

  private async resolve(tx: Tx, deadline: DeadlineRecord, audiences: Audience[]): Promise<string[]> {
    const ids = new Set<string>();
    for (const audience of audiences) {
      let found: string[] = [];
      switch (audience) {
        case 'PRIMARY':
          found = await this.recipients.primaryOf(tx, deadline.caseId);
          if (!found.length) found = await this.recipients.ofAgency(tx, deadline.agencyId, ['SUPERVISOR']);
          break;
        case 'SUPERVISORS':
          found = await this.recipients.ofAgency(tx, deadline.agencyId, ['SUPERVISOR']);
          break;
        case 'AGENCY_STAFF':
          found = await this.recipients.ofAgency(tx, deadline.agencyId, ['STAFF', 'SUPERVISOR']);
          break;
        case 'LIAISON':
          found = await this.recipients.assignedFrom(tx, deadline.caseId, deadline.agencyId);
          if (!found.length) found = await this.recipients.ofAgency(tx, deadline.agencyId, ['STAFF', 'SUPERVISOR']);
          break;
        case 'NOTIFY_USER':
          found = await this.recipients.user(tx, deadline.data.notifyUserId);
          // The person left: their agency's supervisors hear instead.
          if (!found.length) found = await this.recipients.ofAgency(tx, deadline.data.notifyAgencyId ?? deadline.agencyId, ['SUPERVISOR']);
          break;
        case 'AUDITORS':
          found = await this.recipients.auditors(tx);
          break;
      }
      found.forEach((id) => ids.add(id));
    }
    return [...ids];
  }
}

/** "Case STL-2026-000012: the missing-child report to NCMEC is due at 2026-11-26 14:00 UTC (4 h left)." */
export function alertText(caseNumber: string, what: string, dueAt: Date, now: Date, overdue: boolean, atDue?: string): string {
  const due = `${dueAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  if (overdue) return `Case ${caseNumber}: ${what} was due at ${due} and is overdue.${atDue ? ` ${atDue}` : ''}`;
  const minutes = Math.max(0, Math.round((dueAt.getTime() - now.getTime()) / 60_000));
  const left = minutes >= 120 ? `${Math.round(minutes / 60)} h` : `${minutes} min`;
  return `Case ${caseNumber}: ${what} is due at ${due} (${left} left).`;
}
