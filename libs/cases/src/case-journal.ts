import { Injectable } from '@nestjs/common';
import { AuditEntry, AuditService } from '@tandem/audit';
import { Tx } from '@tandem/platform';
import { CaseEventEntry, CaseEvents } from './case-events';

/**
 * Writes what an act on a case did, in the act's transaction: its timeline entry (what the case's
 * readers see of it) and then its audit events (what oversight sees).
 */
@Injectable()
export class CaseJournal {
  constructor(
    private readonly events: CaseEvents,
    private readonly audit: AuditService,
  ) {}

  async record(tx: Tx, timeline: CaseEventEntry, ...audit: AuditEntry[]): Promise<void> {
    await this.events.record(tx, timeline);
    await this.audit.record(tx, ...audit);
  }
}
