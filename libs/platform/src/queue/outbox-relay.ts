import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { QueueName } from './queues';

interface OutboxRow {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
}

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
      const rows: OutboxRow[] = await tx.query(
        `SELECT id, topic, payload FROM outbox WHERE sent_at IS NULL
          ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      if (rows.length === 0) return 0;
      await this.events.addBulk(
        rows.map((row) => ({ name: row.topic, data: { ...row.payload, eventId: row.id }, opts: { jobId: row.id } })),
      );
      await tx.query(`UPDATE outbox SET sent_at = now(), attempts = attempts + 1 WHERE id = ANY($1::uuid[])`, [
        rows.map((row) => row.id),
      ]);
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
      const client = new Client({ connectionString: this.config.values.DATABASE_URL, application_name: 'tandem-relay' });
      client.on('error', () => undefined);
      await client.connect();
      client.on('notification', () => this.wake?.());
      await client.query('LISTEN outbox');
      this.listener = client;
    } catch (error) {
      this.logger.warn(`outbox relay falls back to polling: ${(error as Error).message}`);
    }
  }
}
