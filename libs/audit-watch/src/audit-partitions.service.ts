import { Injectable } from '@nestjs/common';
import { Transactions } from '@tandem/platform';
import { AuditPartitionsRepository } from './audit-partitions.repository';

/** How many months of partitions are kept ready ahead of now. */
export const PARTITION_MONTHS_AHEAD = 12;

/**
 * Keeps the monthly partitions of the audit trail ahead of time, so events never pile up in the
 * default partition (from where old months could not be dropped whole). The application role may
 * call `audit_ensure_partitions` (it runs as the owner) but may not create tables itself.
 */
@Injectable()
export class AuditPartitions {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: AuditPartitionsRepository,
  ) {}

  /** Creates the missing partitions from last month to `monthsAhead` ahead; returns how many it made. */
  async ensure(monthsAhead = PARTITION_MONTHS_AHEAD): Promise<number> {
    return this.repository.ensure(this.transactions.manager, monthsAhead);
  }
}
