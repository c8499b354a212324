import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { QueueName, RecurringJob } from '@tandem/platform';
import { Job, Queue } from 'bullmq';
import { AnomalyWatch } from '../anomaly-watch.service';
import { AuditPartitions } from '../audit-partitions.service';

export const AuditJob = {
  /** Every minute: the anomaly rules over the last ~70 minutes of the trail. */
  ANOMALY_SCAN: 'anomaly-scan',
  /** Daily and at boot: monthly partitions twelve months ahead. */
  PARTITIONS: 'partitions',
} as const;

export const ANOMALY_SCAN_EVERY_MS = 60_000;
export const PARTITIONS_EVERY_MS = 24 * 3600_000;

/**
 * Runs the audit watch on BullMQ job schedulers (queue `audit`), one job at a time per worker.
 * Both run once at boot too: a worker that was down at the turn of a month must not leave the
 * next month without its partition.
 */
@Processor(QueueName.AUDIT, { concurrency: 1 })
@Injectable()
export class AuditWatchProcessor extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AuditWatch');
  private schedules: RecurringJob[] = [];

  constructor(
    private readonly watch: AnomalyWatch,
    private readonly partitions: AuditPartitions,
    @InjectQueue(QueueName.AUDIT) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.schedules = [
      new RecurringJob(this.queue, AuditJob.PARTITIONS, PARTITIONS_EVERY_MS, this.logger),
      new RecurringJob(this.queue, AuditJob.ANOMALY_SCAN, ANOMALY_SCAN_EVERY_MS, this.logger),
    ];
    for (const schedule of this.schedules) await schedule.start();
  }

  onModuleDestroy(): void {
    for (const schedule of this.schedules) schedule.stop();
  }

  async process(job: Job): Promise<void> {
    switch (job.name) {
      case AuditJob.ANOMALY_SCAN: {
        await this.watch.scan();
        return;
      }
      case AuditJob.PARTITIONS: {
        const created = await this.partitions.ensure();
        if (created) this.logger.log(`audit partitions: ${created} monthly partition(s) created`);
        return;
      }
      default:
        throw new Error(`Unknown audit job "${job.name}"`);
    }
  }
}
