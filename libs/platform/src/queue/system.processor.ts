import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { EventPayload, EventHandler, HandlesEvent } from './event-handler';
import { QueueName, SystemJob, SystemTopic } from './queues';
import { RecurringJob } from './recurring-job';
import { RedisService } from './redis.service';

export const HEARTBEAT_EVERY_MS = 30_000;

/** The worker's heartbeat: a scheduled job whose last run is visible in Redis and in /metrics. */
@Processor(QueueName.SYSTEM)
@Injectable()
export class SystemProcessor extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SystemProcessor.name);
  private heartbeat: RecurringJob | null = null;

  constructor(
    @InjectQueue(QueueName.SYSTEM) private readonly queue: Queue,
    private readonly redis: RedisService,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    // One beat at once, so a fresh worker proves itself without waiting for the first interval.
    this.heartbeat = new RecurringJob(this.queue, SystemJob.HEARTBEAT, HEARTBEAT_EVERY_MS, this.logger);
    await this.heartbeat.start();
  }

  onModuleDestroy(): void {
    this.heartbeat?.stop();
  }

  async process(job: Job): Promise<void> {
    if (job.name !== SystemJob.HEARTBEAT) throw new Error(`Unknown system job "${job.name}"`);
    const at = new Date().toISOString();
    await this.redis.client.set(this.redis.key('worker', 'heartbeat'), at, 'EX', 300);
    this.logger.log(`heartbeat ${at}`);
  }
}

/** Answers `queue:ping`: proves that an outbox row travels to a worker and back. */
@HandlesEvent(SystemTopic.PING)
@Injectable()
export class SystemPingHandler implements EventHandler {
  constructor(private readonly redis: RedisService) {}

  async handle(payload: EventPayload): Promise<void> {
    await this.redis.client.set(this.redis.key('ping', payload.eventId), new Date().toISOString(), 'EX', 600);
  }
}
