import { Injectable } from '@nestjs/common';
import { actorOf } from '@tandem/audit';
import { DataScope, Viewer } from '@tandem/authz';
import { CaseFlag, CaseJournal, CaseRepository, CaseView, higherRisk } from '@tandem/cases';
import { DeadlineKind, DeadlineService, HOUR } from '@tandem/deadlines';
import { NotificationService, Recipients } from '@tandem/notifications';
import { Tx } from '@tandem/platform';
import { inLanguage } from './instrument-definition';
import { ScreeningResult } from './scoring';
import { InstrumentDefinition, ScreeningOutcome, ScreeningRecord } from './screening.types';

/** A positive result's follow-up when its instrument names none: a forensic interview or a medical exam within 72 hours. */
export const DEFAULT_FOLLOW_UP = { withinHours: 72, serviceTypes: ['FORENSIC_INTERVIEW', 'MEDICAL_EXAM'] };

/** What a scored screening does to its case, decided before its row is written. */
export interface ScreeningEffects {
  caseRiskAfter: ScreeningRecord['caseRiskAfter'];
  followUpDueAt: Date | null;
}

/**
 * What a screening's result does to its case, in the submitting transaction: the case's risk level
 * is raised to what the result calls for (never lowered: a lower suggestion is kept on the screening
 * and said on the timeline); a positive result flags the case SCREENED_POSITIVE, starts the
 * SCREENING_FOLLOW_UP clock that a referral of the named services meets, and alerts the case's
 * PRIMARY assignee and the supervisors of the lead agency (and of the screening agency, when another).
 */
@Injectable()
export class ScreeningOutcomes {
  constructor(
    private readonly cases: CaseRepository,
    private readonly deadlines: DeadlineService,
    private readonly notifications: NotificationService,
    private readonly recipients: Recipients,
    private readonly journal: CaseJournal,
  ) {}

  /** Raises the risk level and works out the follow-up; returns what the screening row records of them. */
  async apply(tx: Tx, view: CaseView, result: ScreeningResult, administeredAt: Date): Promise<ScreeningEffects> {
    const before = view.record.riskLevel;
    let caseRiskAfter = before;
    if (result.riskLevel && (await this.cases.raiseRiskLevel(tx, view.record.id, result.riskLevel))) caseRiskAfter = higherRisk(before, result.riskLevel);
    if (result.outcome !== ScreeningOutcome.POSITIVE) return { caseRiskAfter, followUpDueAt: null };
    await this.cases.raiseFlag(tx, view.record.id, CaseFlag.SCREENED_POSITIVE);
    const followUp = result.threshold?.outcome.followUp ?? DEFAULT_FOLLOW_UP;
    return { caseRiskAfter, followUpDueAt: new Date(administeredAt.getTime() + followUp.withinHours * HOUR) };
  }

  /** The screening's row is written: its clock, alerts, timeline entries and audit event follow. */
  async record(tx: Tx, viewer: Viewer, view: CaseView, definition: InstrumentDefinition, result: ScreeningResult, screening: ScreeningRecord, now: Date): Promise<void> {
    const caseId = screening.caseId;
    const leadAgencyId = view.record.leadAgencyId;
    const positive = screening.outcome === ScreeningOutcome.POSITIVE;
    const riskChanged = screening.caseRiskAfter !== screening.caseRiskBefore;
    if (positive) {
      const followUp = result.threshold?.outcome.followUp ?? DEFAULT_FOLLOW_UP;
      await this.deadlines.start(tx, {
        kind: DeadlineKind.SCREENING_FOLLOW_UP,
        caseId,
        subjectType: 'Screening',
        subjectId: screening.id,
        agencyId: leadAgencyId,
        startedAt: screening.administeredAt,
        dueAt: screening.followUpDueAt!,
        data: { serviceTypes: followUp.serviceTypes, notifyUserId: viewer.userId, notifyAgencyId: viewer.agencyId ?? leadAgencyId },
      });
      const recipientIds = [
        ...(await this.recipients.primaryOf(tx, caseId)),
        ...(await this.recipients.ofAgency(tx, leadAgencyId, ['SUPERVISOR'])),
        ...(viewer.agencyId && viewer.agencyId !== leadAgencyId ? await this.recipients.ofAgency(tx, viewer.agencyId, ['SUPERVISOR']) : []),
      ];
      await this.notifications.notify(tx, {
        ledgerKey: `screening:${screening.id}:positive`,
        kind: 'SCREENED_POSITIVE',
        caseId,
        caseNumber: view.record.caseNumber,
        text: positiveText(view.record.caseNumber, definition, result, screening),
        recipientIds,
        createdAt: now,
      });
    }
    const done = {
      caseId,
      kind: 'SCREENING_DONE',
      scope: definition.scope,
      onlyAgencyId: definition.scope === DataScope.CLINICAL ? screening.agencyId : null,
      actor: viewer,
      subjectId: screening.id,
      data: { instrumentId: screening.instrumentId, version: screening.instrumentVersion, outcome: screening.outcome },
    };
    const audit = {
      actor: actorOf(viewer),
      action: 'SCREENING_SUBMIT',
      caseId,
      subjectType: 'Screening',
      subjectId: screening.id,
      scopes: [definition.scope],
      details: { instrumentId: screening.instrumentId, version: screening.instrumentVersion, outcome: screening.outcome, riskRaised: riskChanged, missingEpisodeId: screening.missingEpisodeId },
    };
    await this.journal.record(tx, done, audit);
    if (positive) {
      await this.journal.record(tx, {
        caseId,
        kind: 'SCREENED_POSITIVE',
        scope: DataScope.SUMMARY,
        actor: viewer,
        subjectId: screening.id,
        data: { instrumentId: screening.instrumentId, version: screening.instrumentVersion, riskFrom: screening.caseRiskBefore, riskTo: screening.caseRiskAfter, suggested: screening.riskLevel, flag: CaseFlag.SCREENED_POSITIVE },
      });
    } else if (riskChanged) {
      await this.journal.record(tx, {
        caseId,
        kind: 'CASE_UPDATED',
        scope: DataScope.SUMMARY,
        actor: viewer,
        subjectId: screening.id,
        data: { scopes: [DataScope.SUMMARY], fields: ['riskLevel'], riskLevel: { from: screening.caseRiskBefore, to: screening.caseRiskAfter }, screeningId: screening.id },
      });
    }
  }
}

/** "Case STL-2026-000012: a screening (practice-screen v1) was positive (Positive: high). Refer ... Follow-up due by 2026-12-08 14:00 UTC." */
function positiveText(caseNumber: string, definition: InstrumentDefinition, result: ScreeningResult, screening: ScreeningRecord): string {
  const band = result.threshold ? ` (${inLanguage(result.threshold.label, 'en')})` : '';
  const action = result.threshold ? ` ${inLanguage(result.threshold.outcome.recommendedAction, 'en')}` : '';
  const due = screening.followUpDueAt ? ` Follow-up referral due by ${screening.followUpDueAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.` : '';
  return `Case ${caseNumber}: a screening (${definition.id} v${definition.version}) was positive${band}.${action}${due}`;
}
