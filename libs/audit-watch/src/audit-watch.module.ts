import { Module } from '@nestjs/common';
import { IdentityCoreModule } from '@tandem/identity';
import { NotificationsCoreModule } from '@tandem/notifications';
import { AnomalyWatch } from './anomaly-watch.service';
import { AnomalyRepository } from './anomaly.repository';
import { AuditPartitionsRepository } from './audit-partitions.repository';
import { AuditPartitions } from './audit-partitions.service';

const CORE = [AnomalyWatch, AuditPartitions];

/** The anomaly watch and partition upkeep; the worker adds `AuditWatchProcessor` to run them on schedule. */
@Module({ imports: [IdentityCoreModule, NotificationsCoreModule], providers: [...CORE, AnomalyRepository, AuditPartitionsRepository], exports: CORE })
export class AuditWatchModule {}
