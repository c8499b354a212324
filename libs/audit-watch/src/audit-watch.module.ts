import { Module } from '@nestjs/common';
import { NotificationsCoreModule } from '@tandem/notifications';
import { AnomalyWatch } from './anomaly-watch.service';
import { AnomalyRepository } from './anomaly.repository';
import { AuditPartitions } from './audit-partitions.service';

const CORE = [AnomalyWatch, AuditPartitions];

/** The anomaly watch and partition upkeep; the worker adds `AuditWatchProcessor` to run them on schedule. */
@Module({ imports: [NotificationsCoreModule], providers: [...CORE, AnomalyRepository], exports: CORE })
export class AuditWatchModule {}
