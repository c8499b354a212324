import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { OutboxRepository } from './outbox.repository';
import { QueueName } from './queues';

/**
 * Moves committed outbox rows into BullMQ. The row id is the job id, so a row relayed twice
 * (a crash between `add` and the commit that marks it sent) is still one job.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private listener: Client | null = null;
  private autoStart = true;

  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(QueueName.EVENTS) private readonly events: Queue,
    private readonly config: AppConfig,
    private readonly outbox: OutboxRepository,
  ) {}

  /** Tests drive the relay by hand with `relayOnce`. */
  disableAutoStart(): void {
    this.autoStart = false;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.autoStart) return;
    this.running = true;
    await this.listen();
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
  }

  /** Relays up to `batchSize` pending rows; returns how many were sent. */
  async relayOnce(batchSize = 500): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const rows = await this.outbox.lockUnsent(tx, batchSize);
      if (rows.length === 0) return 0;
      await this.events.addBulk(
        rows.map((row) => ({ name: row.topic, data: { ...row.payload, eventId: row.id }, opts: { jobId: row.id } })),
      );
      await this.outbox.markSent(tx, rows.map((row) => row.id));
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let sent = 0;
      try {
        sent = await this.relayOnce();
        failures = 0;
      } catch (error) {
        failures += 1;
        if (failures === 1 || failures % 30 === 0) {
          this.logger.warn(`outbox relay could not deliver (attempt ${failures}): ${(error as Error).message}`);
        }
      }
      if (sent === 0 && this.running) await this.sleep(failures > 0 ? Math.min(failures * 500, 5_000) : 1_000);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  /** LISTEN for commits that wrote to the outbox, so events move at once instead of on the next poll. */
  private async listen(): Promise<void> {
    try {
      this.listener = await this.outbox.listen(this.config.values.DATABASE_URL, 'tandem-relay', () => this.wake?.());
    } catch (error) {
      this.logger.warn(`outbox relay falls back to polling: ${(error as Error).message}`);
    }
  }
}
