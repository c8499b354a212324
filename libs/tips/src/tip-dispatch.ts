import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AgencyType } from '@tandem/authz';
import { DeadlineKind, DeadlineService } from '@tandem/deadlines';
import { AgencyRepository, JurisdictionRepository } from '@tandem/identity';
import { NotificationService, Recipients } from '@tandem/notifications';
import { Tx } from '@tandem/platform';
import { TipRecord, triageDuration } from './tips.types';

/**
 * The id of the TIP_TRIAGE clock that an agency holds for a tip: one clock per law-enforcement
 * agency of the tip's jurisdiction, each with its own reminders and escalation, named by a
 * deterministic id so that it is found again to be met.
 */
export function triageClockId(tipId: string, agencyId: string): string {
  const hex = createHash('sha256').update(`tip-triage:${tipId.toLowerCase()}:${agencyId.toLowerCase()}`).digest('hex');
  // The layout of a UUID, version 8 (custom), variant 10.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Who answers for a tip, and how they hear of it: the law-enforcement agencies of its jurisdiction,
 * each on a TIP_TRIAGE clock (1 h when a child may be in danger now, else 24 h; its staff reminded at
 * half time, its supervisors at due), and, for a child in danger now, every one of their staff and
 * supervisors alerted at once (in-app, email, the agency's webhooks), once.
 */
@Injectable()
export class TipDispatch {
  constructor(
    private readonly agencies: AgencyRepository,
    private readonly jurisdictions: JurisdictionRepository,
    private readonly deadlines: DeadlineService,
    private readonly notifications: NotificationService,
    private readonly recipients: Recipients,
  ) {}

  /** Every jurisdiction, by name: where a tip may be sent. */
  jurisdictionList(tx: Tx): Promise<{ id: string; code: string; name: string }[]> {
    return this.jurisdictions.list(tx);
  }

  async jurisdictionExists(tx: Tx, id: string): Promise<boolean> {
    return (await this.jurisdictions.findById(tx, id)) !== null;
  }

  /** The active law-enforcement agencies of a jurisdiction. */
  async agenciesOf(tx: Tx, jurisdictionId: string, includeInactive = false): Promise<string[]> {
    const found = await this.agencies.list(tx, { jurisdictionId, type: AgencyType.LAW_ENFORCEMENT });
    return found.filter((agency) => includeInactive || agency.active).map((agency) => agency.id);
  }

  /** The tip arrived in its jurisdiction (submitted, or referred there): its clocks start, and a child in danger now is alerted. */
  async arrived(tx: Tx, tip: TipRecord, at: Date): Promise<void> {
    const agencyIds = await this.agenciesOf(tx, tip.jurisdictionId);
    const dueAt = new Date(at.getTime() + triageDuration(tip.dangerNow));
    for (const agencyId of agencyIds) {
      await this.deadlines.start(tx, {
        kind: DeadlineKind.TIP_TRIAGE,
        caseId: null,
        subjectType: 'Tip',
        subjectId: triageClockId(tip.id, agencyId),
        agencyId,
        startedAt: at,
        dueAt,
        data: { subject: `Tip ${tip.reference}`, tipId: tip.id },
      });
    }
    if (!tip.dangerNow || agencyIds.length === 0) return;
    const people = new Set<string>();
    for (const agencyId of agencyIds) (await this.recipients.ofAgency(tx, agencyId, ['STAFF', 'SUPERVISOR'])).forEach((id) => people.add(id));
    const due = `${dueAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    await this.notifications.notify(tx, {
      // One alert per arrival in a jurisdiction: a tip referred on alerts its new jurisdiction once too.
      ledgerKey: `tip:${tip.id}:danger:${tip.jurisdictionId}`,
      kind: 'TIP_DANGER_NOW',
      caseId: null,
      caseNumber: null,
      text: `Tip ${tip.reference}: an anonymous tip says a child may be in danger now. Triage it by ${due}.`,
      recipientIds: [...people],
      createdAt: at,
    });
  }

  /** The tip was decided in its jurisdiction (linked, referred on, closed): its clocks there are met. */
  async decided(tx: Tx, tip: Pick<TipRecord, 'id' | 'jurisdictionId'>, by: string, at: Date): Promise<void> {
    for (const agencyId of await this.agenciesOf(tx, tip.jurisdictionId, true)) {
      await this.deadlines.meet(tx, [DeadlineKind.TIP_TRIAGE], triageClockId(tip.id, agencyId), by, at);
    }
  }
}
