import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig, EventHandler, EventPayload, HandlesEvent, QueueName, RecurringJob } from '@tandem/platform';
import { Job, Queue } from 'bullmq';
import { DeadlineEngine, DeadlineJob } from '../deadline.engine';
import { DeadlineTopic } from '../deadline-topics';

/** Runs deadline stages from their delayed jobs, and the sweep every minute (a BullMQ job scheduler). */
@Processor(QueueName.DEADLINES, { concurrency: 8 })
@Injectable()
export class DeadlinesProcessor extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Deadlines');
  private sweep: RecurringJob | null = null;

  constructor(
    private readonly engine: DeadlineEngine,
    private readonly config: AppConfig,
    @InjectQueue(QueueName.DEADLINES) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.engine.assertComplete();
    // A sweep at once: whatever fell due while no worker ran (or while Redis was away) is not left waiting a minute.
    this.sweep = new RecurringJob(this.queue, DeadlineJob.SWEEP, this.config.values.DEADLINE_SWEEP_EVERY_MS, this.logger);
    await this.sweep.start();
  }

  onModuleDestroy(): void {
    this.sweep?.stop();
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
@HandlesEvent(DeadlineTopic.CHANGED)
@Injectable()
export class DeadlineChangedHandler implements EventHandler {
  constructor(private readonly engine: DeadlineEngine) {}

  async handle(payload: EventPayload): Promise<void> {
    const deadlineId = payload.deadlineId as string;
    if (payload.nextAt) await this.engine.schedule(deadlineId, new Date(payload.nextAt as string));
    else await this.engine.unschedule(deadlineId, Number(payload.stages ?? 0));
  }
}
