import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig, EventHandler, EventPayload, EventTopic, HandlesEvent, QueueName } from '@tandem/platform';
import { Job, Queue } from 'bullmq';
import { DeadlineEngine, DeadlineJob } from '../deadline.engine';

/** Runs deadline stages from their delayed jobs, and the sweep every minute (a BullMQ job scheduler). */
@Processor(QueueName.DEADLINES, { concurrency: 8 })
@Injectable()
export class DeadlinesProcessor extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Deadlines');
  private watchdog: NodeJS.Timeout | null = null;
  private checking = false;

  constructor(
    private readonly engine: DeadlineEngine,
    private readonly config: AppConfig,
    @InjectQueue(QueueName.DEADLINES) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.engine.assertComplete();
    await this.scheduleSweep();
    // The scheduler lives in Redis: a Redis restarted empty or flushed under a running worker loses it,
    // and with it every sweep to come. Check on the sweep's own beat and put it back.
    this.watchdog = setInterval(() => void this.restoreSweep(), this.config.values.DEADLINE_SWEEP_EVERY_MS);
    this.watchdog.unref();
  }

  onModuleDestroy(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
  }

  private async scheduleSweep(): Promise<void> {
    await this.queue.upsertJobScheduler(DeadlineJob.SWEEP, { every: this.config.values.DEADLINE_SWEEP_EVERY_MS }, { name: DeadlineJob.SWEEP });
    // A sweep at once: whatever fell due while no worker ran (or while Redis was away) is not left waiting a minute.
    await this.queue.add(DeadlineJob.SWEEP, {}, { removeOnComplete: true, removeOnFail: true });
  }

  private async restoreSweep(): Promise<void> {
    // While Redis is down the check waits for it; one check at a time.
    if (this.checking) return;
    this.checking = true;
    try {
      if (await this.queue.getJobScheduler(DeadlineJob.SWEEP)) return;
      this.logger.warn('the deadline sweep schedule is missing from Redis (restarted empty or flushed): restoring it');
      await this.scheduleSweep();
    } catch (error) {
      this.logger.warn(`the deadline sweep schedule could not be checked: ${(error as Error).message}`);
    } finally {
      this.checking = false;
    }
  }

  async process(job: Job<{ deadlineId?: string }>): Promise<void> {
    if (job.name === DeadlineJob.SWEEP) {
      const advanced = await this.engine.sweep();
      if (advanced) this.logger.log(`sweep advanced ${advanced} deadline(s)`);
      return;
    }
    if (job.name !== DeadlineJob.STAGE || !job.data.deadlineId) throw new Error(`Unknown deadline job "${job.name}"`);
    const next = await this.engine.runDue(job.data.deadlineId);
    if (next) await this.engine.schedule(job.data.deadlineId, next);
  }
}

/** A deadline started, advanced or ended: add its next stage's delayed job, or remove what is queued. */
@HandlesEvent(EventTopic.DEADLINE_CHANGED)
@Injectable()
export class DeadlineChangedHandler implements EventHandler {
  constructor(private readonly engine: DeadlineEngine) {}

  async handle(payload: EventPayload): Promise<void> {
    const deadlineId = payload.deadlineId as string;
    if (payload.nextAt) await this.engine.schedule(deadlineId, new Date(payload.nextAt as string));
    else await this.engine.unschedule(deadlineId, Number(payload.stages ?? 0));
  }
}
