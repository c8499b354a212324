import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig, QueueName, RecurringJob } from '@tandem/platform';
import { Job, Queue } from 'bullmq';
import { StatisticsReleases } from '../statistics-releases.service';

export const StatisticsJob = {
  /** Every STATISTICS_RELEASE_CHECK_EVERY_MS (hourly) and at boot: the last ended month's release, unless it exists. */
  MONTHLY_RELEASE: 'monthly-release',
} as const;

/**
 * Builds the monthly release on a BullMQ job scheduler (queue `statistics`). It checks often rather
 * than once a month, so that a worker down at the turn of the month publishes it when it is back;
 * the month's release is made once (a unique index), however many workers check.
 */
@Processor(QueueName.STATISTICS, { concurrency: 1 })
@Injectable()
export class StatisticsProcessor extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('StatisticsJobs');
  private schedule: RecurringJob | null = null;

  constructor(
    private readonly releases: StatisticsReleases,
    private readonly config: AppConfig,
    @InjectQueue(QueueName.STATISTICS) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.schedule = new RecurringJob(this.queue, StatisticsJob.MONTHLY_RELEASE, this.config.values.STATISTICS_RELEASE_CHECK_EVERY_MS, this.logger);
    await this.schedule.start();
  }

  onModuleDestroy(): void {
    this.schedule?.stop();
  }

  async process(job: Job): Promise<void> {
    if (job.name !== StatisticsJob.MONTHLY_RELEASE) throw new Error(`Unknown statistics job "${job.name}"`);
    const release = await this.releases.publishMonthly();
    if (release) this.logger.log(`statistics: the release of ${release.from} is published`);
  }
}
