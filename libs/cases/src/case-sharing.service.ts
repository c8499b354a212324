import { Injectable } from '@nestjs/common';
import { actorOf, AuditService } from '@tandem/audit';
import { DataScope, Viewer } from '@tandem/authz';
import { AgencyRepository } from '@tandem/identity';
import { Tx } from '@tandem/platform';
import { CaseEvents } from './case-events';
import { CaseRepository } from './case.repository';
import { GrantVia } from './cases.types';
import { grantScopes, NO_SCOPES } from './membership-basis';

/** What a report to law enforcement shares, without consent (docs/access-policy.md, "Who sees a case", rule 6). */
export const REPORT_SCOPES: readonly DataScope[] = [DataScope.SUMMARY, DataScope.IDENTITY, DataScope.LOCATION, DataScope.INVESTIGATION];

/** The report that shared the case: a missing-child report or a trafficking-victim report. */
export type SharingReport = 'MISSING_REPORT' | 'VICTIM_REPORT';

/**
 * Mandated reporting: the law-enforcement agency a report is made to becomes a partner of the
 * case. Consent is not asked (the law requires the report), so the share is written here, in the
 * reporting transaction, by the agency that made it.
 */
@Injectable()
export class CaseSharing {
  constructor(
    private readonly cases: CaseRepository,
    private readonly agencies: AgencyRepository,
    private readonly events: CaseEvents,
    private readonly audit: AuditService,
  ) {}

  /** The active law-enforcement agency a report may name, or `null` when the id names none. */
  async reportableAgency(tx: Tx, agencyId: string): Promise<{ id: string } | null> {
    return this.agencies.findReportable(tx, agencyId);
  }

  /**
   * Shares the case with the agency a report was made to: a PARTNER membership granted via
   * REPORT holding {@link REPORT_SCOPES} without consent; a partner already there gains them; the
   * lead keeps what it has. Audited and on the timeline. The caller holds the case's row lock.
   */
  async shareByReport(tx: Tx, viewer: Viewer, input: { caseId: string; agencyId: string; report: SharingReport; reportId: string }): Promise<void> {
    const existing = await this.cases.lockActiveMembership(tx, input.caseId, input.agencyId);
    if (existing?.role === 'LEAD') return;
    const scopes = [...REPORT_SCOPES];
    // Toward law enforcement no scope needs consent (docs/access-policy.md, "Consent"): the reported
    // scopes rest on the report; what the agency holds on consent besides them stays on consent.
    const basis = grantScopes(existing ?? NO_SCOPES, { scopes, consentRequired: false });
    let membershipId: string;
    if (existing) {
      await this.cases.setMembershipScopes(tx, existing.id, basis);
      membershipId = existing.id;
    } else {
      membershipId = await this.cases.insertMembership(tx, { caseId: input.caseId, agencyId: input.agencyId, role: 'PARTNER', grantedVia: GrantVia.REPORT, ...basis });
    }
    const data = { agencyId: input.agencyId, scopes, report: input.report };
    await this.events.record(tx, { caseId: input.caseId, kind: 'SHARED_BY_REPORT', scope: DataScope.SUMMARY, actor: viewer, subjectId: input.reportId, data });
    await this.audit.record(tx, {
      actor: actorOf(viewer),
      action: 'CASE_SHARE_REPORT',
      caseId: input.caseId,
      subjectType: 'Membership',
      subjectId: membershipId,
      scopes,
      details: { ...data, reportId: input.reportId },
    });
  }
}
