import { Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AuditModule } from '@tandem/audit';
import { AuditWatchModule, AuditWatchProcessor } from '@tandem/audit-watch';
import { CasesCoreModule } from '@tandem/cases';
import { CryptoModule } from '@tandem/crypto';
import { DeadlinesCoreModule, DeadlinesProcessor } from '@tandem/deadlines';
import { CapacityCoreModule, DirectoryCoreModule, DirectoryProcessor } from '@tandem/directory';
import { MissingCoreModule } from '@tandem/missing';
import { DeliveryProcessor, NotificationsCoreModule } from '@tandem/notifications';
import { ReferralsCoreModule } from '@tandem/referrals';
import { StatisticsCoreModule, StatisticsProcessor } from '@tandem/statistics';
import {
  AppConfig,
  ClockModule,
  ConfigModule,
  DatabaseModule,
  EventsProcessor,
  LoggingModule,
  OutboxRelay,
  QueueModule,
  SystemPingHandler,
  SystemProcessor,
} from '@tandem/platform';

/** Says when the worker has closed its queues, so operators see a clean stop in the logs. */
@Injectable()
export class WorkerLifecycle implements OnApplicationShutdown {
  onApplicationShutdown(signal?: string): void {
    new Logger('Bootstrap').log(`Tandem worker stopped${signal ? ` on ${signal}` : ''}`);
  }
}

/** Platform event handlers; domain handlers come with their modules (CasesCoreModule, ...). */
export const WORKER_HANDLERS = [SystemPingHandler];

/** The worker process: the outbox relay, the event router, and housekeeping jobs. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig = AppConfig.fromEnv()) {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        ClockModule,
        DatabaseModule.forRoot('worker'),
        QueueModule.forRoot(),
        AuditModule,
        CryptoModule,
        CasesCoreModule,
        ReferralsCoreModule,
        CapacityCoreModule,
        NotificationsCoreModule,
        DeadlinesCoreModule,
        MissingCoreModule,
        DirectoryCoreModule,
        AuditWatchModule,
        StatisticsCoreModule,
        DiscoveryModule,
      ],
      providers: [OutboxRelay, EventsProcessor, SystemProcessor, DeadlinesProcessor, DeliveryProcessor, AuditWatchProcessor, DirectoryProcessor, StatisticsProcessor, WorkerLifecycle, ...WORKER_HANDLERS],
    };
  }
}
