import { Logger } from '@nestjs/common';
import { Queue } from 'bullmq';

/**
 * A BullMQ job scheduler that survives Redis losing it. The schedule lives in Redis, so a Redis
 * restarted empty or flushed under a running worker would silently end every run to come: this
 * checks on the job's own beat and puts it back (with a run at once), one check at a time, waiting
 * quietly while Redis is away. Started runs one job at once too, so a fresh worker does not wait.
 */
export class RecurringJob {
  private timer: NodeJS.Timeout | null = null;
  private checking = false;

  constructor(
    private readonly queue: Queue,
    private readonly name: string,
    private readonly everyMs: number,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    await this.schedule();
    this.timer = setInterval(() => void this.restore(), this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async schedule(): Promise<void> {
    await this.queue.upsertJobScheduler(this.name, { every: this.everyMs }, { name: this.name });
    await this.queue.add(this.name, {}, { removeOnComplete: true, removeOnFail: true });
  }

  private async restore(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      if (await this.queue.getJobScheduler(this.name)) return;
      this.logger.warn(`the "${this.name}" schedule is missing from Redis (restarted empty or flushed): restoring it`);
      await this.schedule();
    } catch (error) {
      this.logger.warn(`the "${this.name}" schedule could not be checked: ${(error as Error).message}`);
    } finally {
      this.checking = false;
    }
  }
}
