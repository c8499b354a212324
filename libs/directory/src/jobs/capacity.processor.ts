import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig, QueueName, RecurringJob } from '@tandem/platform';
import { Job, Queue } from 'bullmq';
import { CapacityStaleWatch } from '../capacity-stale.service';

export const DirectoryJob = {
  /** Every CAPACITY_STALE_SCAN_EVERY_MS: alerts for figures gone stale. */
  STALE_CAPACITY: 'stale-capacity',
} as const;

/** Runs the stale-capacity scan on a BullMQ job scheduler (queue `directory`), one job at a time. */
@Processor(QueueName.DIRECTORY, { concurrency: 1 })
@Injectable()
export class DirectoryProcessor extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('DirectoryJobs');
  private schedule: RecurringJob | null = null;

  constructor(
    private readonly stale: CapacityStaleWatch,
    private readonly config: AppConfig,
    @InjectQueue(QueueName.DIRECTORY) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.schedule = new RecurringJob(this.queue, DirectoryJob.STALE_CAPACITY, this.config.values.CAPACITY_STALE_SCAN_EVERY_MS, this.logger);
    await this.schedule.start();
  }

  onModuleDestroy(): void {
    this.schedule?.stop();
  }

  async process(job: Job): Promise<void> {
    if (job.name !== DirectoryJob.STALE_CAPACITY) throw new Error(`Unknown directory job "${job.name}"`);
    await this.stale.scan();
  }
}
