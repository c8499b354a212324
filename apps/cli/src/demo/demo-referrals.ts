import { Injectable } from '@nestjs/common';
import { AgencyType, DataScope, Viewer } from '@tandem/authz';
import { CaseConsentsService, CaseRecordsService, ConsentGrantor, RiskLevel } from '@tandem/cases';
import { Transactions } from '@tandem/platform';
import { DeclineReason, HandoffsService, ReferralsService, ServiceType, Urgency } from '@tandem/referrals';
import { DemoRepository } from './demo.repository';
import { DemoViewers } from './demo-viewer';
import { DEMO_JURISDICTIONS, demoEmail } from './demo-identity';

/**
 * Demo referrals in every state and handoffs in every state, on fresh demo cases of St. Louis
 * and Atlanta, made through the same services as the API. EXPIRED ones are set as the deadline
 * sweep would leave them.
 */
@Injectable()
export class DemoReferrals {
  constructor(
    private readonly transactions: Transactions,
    private readonly cases: CaseRecordsService,
    private readonly consents: CaseConsentsService,
    private readonly referrals: ReferralsService,
    private readonly handoffs: HandoffsService,
    private readonly demo: DemoRepository,
    private readonly viewers: DemoViewers,
  ) {}

  async seed(): Promise<number> {
    if ((await this.demo.demoReferralCount(this.transactions.manager)) > 0) return 0;
    let created = 0;
    for (const place of DEMO_JURISDICTIONS.slice(0, 2)) {
      const user = (local: string, agency: string) => this.viewer(demoEmail(local, agency, place.domain));
      const cw = await user('staff1', 'cw');
      const shelter = await user('staff1', 'sh');
      const counselor = await user('staff1', 'co');
      const view = await this.cases.createCase(cw, {
        riskLevel: RiskLevel.HIGH,
        child: { legalName: `Riley ${place.code} Demo Referral`, dateOfBirth: '2010-09-17', placement: { kind: 'SHELTER', address: `7 Demo Court, ${place.name}` } },
      });
      const caseId = view.record.id;
      await this.consents.recordConsent(cw, {
        caseId,
        grantedBy: ConsentGrantor.GUARDIAN,
        scopes: [DataScope.IDENTITY, DataScope.LOCATION, DataScope.SERVICES],
        agencyTypes: [AgencyType.SHELTER, AgencyType.COUNSELING, AgencyType.MEDICAL, AgencyType.ADVOCACY],
        purpose: 'Services for the youth',
      });
      const send = (to: Viewer, serviceType: ServiceType, urgency: Urgency, scopes: DataScope[]) =>
        this.referrals.createReferral(cw, { caseId, toAgencyId: to.agencyId!, serviceType, urgency, scopes, reason: 'Demo referral for the youth' });
      const medical = await user('staff1', 'md');
      const advocate = await user('staff1', 'ad');
      const prosecutor = await user('staff1', 'da');
      const police = await user('staff1', 'pd');

      await send(shelter, ServiceType.EMERGENCY_SHELTER, Urgency.EMERGENCY, [DataScope.IDENTITY, DataScope.LOCATION]); // REQUESTED
      const accepted = await send(shelter, ServiceType.HOUSING, Urgency.URGENT, [DataScope.IDENTITY]);
      await this.referrals.act(shelter, accepted.id, 'accept'); // ACCEPTED
      const inProgress = await send(counselor, ServiceType.COUNSELING, Urgency.ROUTINE, [DataScope.SERVICES]);
      await this.referrals.act(counselor, inProgress.id, 'accept');
      await this.referrals.act(counselor, inProgress.id, 'start'); // IN_PROGRESS
      const completed = await send(medical, ServiceType.MEDICAL_EXAM, Urgency.URGENT, [DataScope.IDENTITY]);
      await this.referrals.act(medical, completed.id, 'accept');
      await this.referrals.act(medical, completed.id, 'complete', { outcome: 'Exam completed; no follow-up needed' }); // COMPLETED
      const failed = await send(advocate, ServiceType.LEGAL_ADVOCACY, Urgency.ROUTINE, []);
      await this.referrals.act(advocate, failed.id, 'accept');
      await this.referrals.act(advocate, failed.id, 'fail', { reason: 'Youth declined advocacy' }); // FAILED
      const declined = await send(police, ServiceType.INVESTIGATION, Urgency.URGENT, [DataScope.IDENTITY]);
      await this.referrals.act(police, declined.id, 'decline', { reason: DeclineReason.DUPLICATE, note: 'Already investigating' }); // DECLINED
      const cancelled = await send(prosecutor, ServiceType.LEGAL_ADVOCACY, Urgency.ROUTINE, []);
      await this.referrals.act(cw, cancelled.id, 'withdraw', { reason: 'Sent in error' }); // CANCELLED
      const expired = await send(advocate, ServiceType.EDUCATION, Urgency.ROUTINE, []);
      await this.backdate(expired.id, 75);
      await this.demo.expireReferral(this.transactions.manager, expired.id);
      // An overdue one: still REQUESTED, 3 hours past its response time. The worker's first sweep
      // expires it and tells the sender, as it would have at the due time.
      const overdue = await send(medical, ServiceType.EDUCATION, Urgency.ROUTINE, []);
      await this.backdate(overdue.id, 75);
      created += 9;

      // Handoffs: one of each closed state on this case, and a pending one on another demo case.
      const supervisor = await user('supervisor', 'cw');
      const otherLead = await user('supervisor', 'ad');
      for (const end of ['DECLINED', 'CANCELLED', 'EXPIRED'] as const) {
        const handoff = await this.handoffs.requestHandoff(cw, { caseId, toAgencyId: otherLead.agencyId!, reason: 'Demo handoff' });
        if (end === 'DECLINED') await this.handoffs.actOnHandoff(otherLead, handoff.id, 'decline', 'Not our area');
        else if (end === 'CANCELLED') await this.handoffs.actOnHandoff(supervisor, handoff.id, 'cancel');
        else await this.demo.expireHandoff(this.transactions.manager, handoff.id);
        created += 1;
      }
      const second = await this.cases.createCase(cw, { child: { legalName: `Sam ${place.code} Demo Handoff`, dateOfBirth: '2009-02-11' } });
      const pending = await this.handoffs.requestHandoff(cw, { caseId: second.record.id, toAgencyId: otherLead.agencyId!, reason: 'Family moved to the advocacy program' });
      const third = await this.cases.createCase(cw, { child: { legalName: `Kai ${place.code} Demo Handoff`, dateOfBirth: '2011-06-01' } });
      const toAccept = await this.handoffs.requestHandoff(cw, { caseId: third.record.id, toAgencyId: otherLead.agencyId!, reason: 'Lead moves to advocacy' });
      await this.handoffs.actOnHandoff(otherLead, toAccept.id, 'accept');
      created += pending ? 2 : 1;
    }
    return created;
  }

  /** Moves a ROUTINE (72-hour) referral and its response clock back in time, as if sent `hours` ago. */
  private backdate(referralId: string, hours: number): Promise<void> {
    return this.demo.backdateReferral(this.transactions.manager, referralId, hours);
  }

  private viewer(email: string): Promise<Viewer> {
    return this.viewers.of(email);
  }

}
