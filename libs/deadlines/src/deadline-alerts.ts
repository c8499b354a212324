import { Injectable } from '@nestjs/common';
import { NotificationService, Recipients } from '@tandem/notifications';
import { Tx } from '@tandem/platform';
import { Audience, DEADLINE_RULES, Stage } from './deadline.rules';
import { DeadlineRecord } from './deadline.types';

/** Who hears of a deadline's stage, and what they read: the audiences of the rule table, resolved to users. */
@Injectable()
export class DeadlineAlerts {
  constructor(
    private readonly notifications: NotificationService,
    private readonly recipients: Recipients,
  ) {}

  /** Alerts the stage's recipients (once per deadline and stage, whatever runs it twice). */
  async send(tx: Tx, deadline: DeadlineRecord, stage: number, current: Stage, caseNumber: string | null, recipientIds: string[], now: Date): Promise<void> {
    const rule = DEADLINE_RULES[deadline.kind];
    await this.notifications.notify(tx, {
      ledgerKey: `deadline:${deadline.id}:${stage}`,
      kind: `${deadline.kind}_${current.due ? 'OVERDUE' : 'REMINDER'}`,
      caseId: deadline.caseId,
      caseNumber,
      deadlineId: deadline.id,
      text: alertText(deadline.caseId ? `Case ${caseNumber ?? 'unknown'}` : (deadline.data.subject ?? 'A record'), rule.what, deadline.dueAt, now, current.due, rule.atDue),
      recipientIds,
      createdAt: now,
    });
  }

  /** The users a stage's audiences are, now. */
  async audience(tx: Tx, deadline: DeadlineRecord, audiences: Audience[]): Promise<string[]> {
    const ids = new Set<string>();
    for (const audience of audiences) {
      let found: string[] = [];
      switch (audience) {
        case 'PRIMARY':
          found = deadline.caseId ? await this.recipients.primaryOf(tx, deadline.caseId) : [];
          if (!found.length) found = await this.recipients.ofAgency(tx, deadline.agencyId, ['SUPERVISOR']);
          break;
        case 'SUPERVISORS':
          found = await this.recipients.ofAgency(tx, deadline.agencyId, ['SUPERVISOR']);
          break;
        case 'AGENCY_STAFF':
          found = await this.recipients.ofAgency(tx, deadline.agencyId, ['STAFF', 'SUPERVISOR']);
          break;
        case 'LIAISON':
          found = deadline.caseId ? await this.recipients.assignedFrom(tx, deadline.caseId, deadline.agencyId) : [];
          if (!found.length) found = await this.recipients.ofAgency(tx, deadline.agencyId, ['STAFF', 'SUPERVISOR']);
          break;
        case 'NOTIFY_USER':
          found = await this.recipients.user(tx, deadline.data.notifyUserId);
          // The person left: their agency's supervisors hear instead.
          if (!found.length) found = await this.recipients.ofAgency(tx, deadline.data.notifyAgencyId ?? deadline.agencyId, ['SUPERVISOR']);
          break;
        case 'AUDITORS':
          found = await this.recipients.auditors(tx);
          break;
      }
      found.forEach((id) => ids.add(id));
    }
    return [...ids];
  }
}
/** "Case STL-2026-000012: the missing-child report to NCMEC is due at 2026-11-26 14:00 UTC (4 h left)." `subject` is "Case STL-2026-000012" or "Tip TIP-2026-000003". */
export function alertText(subject: string, what: string, dueAt: Date, now: Date, overdue: boolean, atDue?: string): string {
  const due = `${dueAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  if (overdue) return `${subject}: ${what} was due at ${due} and is overdue.${atDue ? ` ${atDue}` : ''}`;
  const minutes = Math.max(0, Math.round((dueAt.getTime() - now.getTime()) / 60_000));
  const left = minutes >= 120 ? `${Math.round(minutes / 60)} h` : `${minutes} min`;
  return `${subject}: ${what} is due at ${due} (${left} left).`;
}
