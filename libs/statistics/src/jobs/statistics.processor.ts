import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig, Clock, QueueName, RecurringJob } from '@tandem/platform';
import { Job, Queue } from 'bullmq';
import { EpisodeFacts } from '../episode-facts.service';
import { quartersBetween } from '../statistics-lattice';
import { StatisticsLattices } from '../statistics-lattices.service';
import { StatisticsReleases } from '../statistics-releases.service';

export const StatisticsJob = {
  /** Every STATISTICS_RELEASE_CHECK_EVERY_MS (hourly) and at boot: the last ended quarter's release, unless it exists. */
  QUARTERLY_RELEASE: 'quarterly-release',
  /** Every STATISTICS_FACTS_EVERY_MS and at boot: the de-identified facts of missing episodes that have none (the backfill too). */
  EPISODE_FACTS: 'episode-facts',
  /** Every half STATISTICS_LATTICE_MAX_AGE_MS and at boot: the public lattices of the last three years built again once stale. */
  LATTICES: 'lattices',
} as const;

/** How far back the worker keeps public lattices fresh: the longest period a measure may be asked over. */
const LATTICE_MONTHS = 36;

/**
 * The statistics jobs on BullMQ job schedulers (queue `statistics`). The release check runs often
 * rather than once a quarter, so that a worker down at the turn of a quarter publishes it when it is
 * back; the quarter's release is made once (a unique index), however many workers check.
 */
@Processor(QueueName.STATISTICS, { concurrency: 1 })
@Injectable()
export class StatisticsProcessor extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('StatisticsJobs');
  private schedules: RecurringJob[] = [];

  constructor(
    private readonly releases: StatisticsReleases,
    private readonly facts: EpisodeFacts,
    private readonly lattices: StatisticsLattices,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @InjectQueue(QueueName.STATISTICS) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    const values = this.config.values;
    this.schedules = [
      new RecurringJob(this.queue, StatisticsJob.QUARTERLY_RELEASE, values.STATISTICS_RELEASE_CHECK_EVERY_MS, this.logger),
      new RecurringJob(this.queue, StatisticsJob.EPISODE_FACTS, values.STATISTICS_FACTS_EVERY_MS, this.logger),
      new RecurringJob(this.queue, StatisticsJob.LATTICES, Math.max(1000, Math.floor(values.STATISTICS_LATTICE_MAX_AGE_MS / 2)), this.logger),
    ];
    for (const schedule of this.schedules) await schedule.start();
  }

  onModuleDestroy(): void {
    for (const schedule of this.schedules) schedule.stop();
  }

  async process(job: Job): Promise<void> {
    if (job.name === StatisticsJob.QUARTERLY_RELEASE) {
      const release = await this.releases.publishQuarterly();
      if (release) this.logger.log(`statistics: the release of ${release.from} to ${release.to} is published`);
    } else if (job.name === StatisticsJob.EPISODE_FACTS) {
      const cases = await this.facts.deriveMissing();
      if (cases) this.logger.log(`statistics: the episode facts of ${cases} cases are derived`);
    } else if (job.name === StatisticsJob.LATTICES) {
      const now = this.clock.now();
      const to = now.toISOString().slice(0, 7);
      const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (LATTICE_MONTHS - 1), 1)).toISOString().slice(0, 7);
      await this.lattices.refresh(quartersBetween(from, to));
    } else throw new Error(`Unknown statistics job "${job.name}"`);
  }
}
