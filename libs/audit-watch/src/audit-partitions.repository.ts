import { Injectable } from '@nestjs/common';
import { firstRow, Tx } from '@tandem/platform';

/**
 * The monthly partitions of `audit_event`, as the application role may touch them: only through
 * `audit_ensure_partitions`, which runs as the schema's owner.
 */
@Injectable()
export class AuditPartitionsRepository {
  /** Creates the missing partitions from last month to `monthsAhead` ahead; returns how many it made. */
  async ensure(db: Tx, monthsAhead: number): Promise<number> {
    const row = await firstRow<{ created: number | string }>(db, `SELECT audit_ensure_partitions($1) AS created`, [monthsAhead]);
    return Number(row!.created);
  }
}
