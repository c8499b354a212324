import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { DeliveryRecovery } from '@tandem/notifications';
import { Clock, QueueName, Transactions } from '@tandem/platform';
import { Queue } from 'bullmq';
import { DeadlineEffects } from './deadline-effect';
import { DeadlineStages } from './deadline-stages';
import { DeadlineRepository } from './deadline.repository';

export const DeadlineJob = { STAGE: 'stage', SWEEP: 'sweep' } as const;

/** The deterministic id of a stage's delayed job: a stage is queued at most once, however often it is scheduled. */
export const stageJobId = (deadlineId: string, stage: number) => `dl-${deadlineId}-${stage}`;

/**
 * Keeps the deadlines' stages running: their delayed jobs in Redis, and the sweep that runs whatever
 * is due whether Redis held its job or not. The stages themselves run in {@link DeadlineStages}.
 */
@Injectable()
export class DeadlineEngine {
  private readonly logger = new Logger('Deadlines');

  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly repository: DeadlineRepository,
    private readonly stages: DeadlineStages,
    private readonly effects: DeadlineEffects,
    @InjectQueue(QueueName.DEADLINES) private readonly queue: Queue,
    private readonly delivery: DeliveryRecovery,
  ) {}

  /** The worker refuses to start when a kind's effect is missing: a breach must never be half done. */
  assertComplete(): void {
    this.effects.assertComplete();
  }

  /**
   * Runs every stage of the deadline that is due by now, in order, in one transaction.
   * Returns when the next stage is due, or `null` when none is.
   */
  runDue(deadlineId: string): Promise<Date | null> {
    return this.stages.runDue(deadlineId);
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
}
