import { BullModule } from '@nestjs/bullmq';
import type { ConnectionOptions } from 'bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';
import { ALL_QUEUES } from './queues';
import { redisOptions } from './redis';
import { RedisService } from './redis.service';

export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  // Finished jobs stay a day so that a replayed job id is still recognised and skipped.
  removeOnComplete: { age: 24 * 3600, count: 100_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** BullMQ wiring shared by the API (producers, metrics) and the worker (consumers). */
@Global()
@Module({})
export class QueueModule {
  static forRoot(): DynamicModule {
    const queues = BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name, defaultJobOptions: DEFAULT_JOB_OPTIONS })));
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            connection: redisOptions(config.values.REDIS_URL) as ConnectionOptions,
            prefix: config.values.QUEUE_PREFIX,
          }),
        }),
        queues,
      ],
      providers: [OutboxRepository, OutboxService, RedisService],
      exports: [OutboxRepository, OutboxService, RedisService, queues],
    };
  }
}
