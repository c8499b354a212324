import { Injectable } from '@nestjs/common';
import { CaseRecordsService, ConsentGrantor, RiskLevel } from '@tandem/cases';
import { Clock, Transactions } from '@tandem/platform';
import { DemoMissing } from './demo-missing';
import { DemoTips } from './demo-tips';
import { ReferralsService, ServiceType, Urgency } from '@tandem/referrals';
import { AnswerInput, ScreeningInstruments, ScreeningMode, ScreeningRespondent, ScreeningService, shippedInstrumentFiles } from '@tandem/screening';
import { DemoRepository } from './demo.repository';
import { DemoViewers } from './demo-viewer';
import { DEMO_JURISDICTIONS, demoEmail } from './demo-identity';

const HOUR = 3600_000;
const YES_NO = ['runaway', 'unexplained-items', 'controlling-relationship', 'exchange', 'unstable-lodging'];

/** The practice screen's required items answered NO / NEVER, with the given YES answers. */
function answers(...yes: string[]): AnswerInput[] {
  return [...YES_NO.map((itemId) => ({ itemId, value: yes.includes(itemId) ? 'YES' : 'NO' })), { itemId: 'substance-use', value: 'NEVER' }];
}

/**
 * Screened cases in each demo jurisdiction, with the practice instrument (never a real child's):
 * one positive (elevated) whose 72-hour follow-up referral is still due; one positive (high) whose
 * forensic interview referral was sent, meeting its follow-up; one negative from records.
 */
@Injectable()
export class DemoScreening {
  constructor(
    private readonly transactions: Transactions,
    private readonly cases: CaseRecordsService,
    private readonly instruments: ScreeningInstruments,
    private readonly screenings: ScreeningService,
    private readonly referrals: ReferralsService,
    private readonly demo: DemoRepository,
    private readonly viewers: DemoViewers,
  ) {}

  /** Screens the demo cases as of `at` (the seed's clock). */
  async seed(at: Date): Promise<number> {
    let created = 0;
    for (const file of shippedInstrumentFiles()) {
      const loaded = await this.instruments.loadFile(file);
      if (!loaded.ok) throw new Error(`The shipped instrument ${file} is refused: ${loaded.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
      if (loaded.loaded) created += 1;
    }
    if ((await this.demo.demoScreeningCount(this.transactions.manager)) > 0) return created;
    const now = at.getTime();
    for (const place of DEMO_JURISDICTIONS) {
      const caseworker = await this.viewers.of(demoEmail('staff1', 'cw', place.domain));
      const police = await this.viewers.of(demoEmail('staff1', 'pd', place.domain));
      const screen = async (name: string, risk: RiskLevel, given: AnswerInput[], mode: ScreeningMode, hoursAgo: number) => {
        const view = await this.cases.createCase(caseworker, { riskLevel: risk, child: { legalName: `${name} ${place.code} Demo Screened`, dateOfBirth: '2010-06-15' } });
        const youth = mode !== ScreeningMode.INFORMATION_INTEGRATION;
        await this.screenings.submit(caseworker, {
          caseId: view.record.id,
          instrumentId: 'practice-screen',
          version: '1',
          answers: given,
          mode,
          respondent: youth ? ScreeningRespondent.YOUTH : ScreeningRespondent.PROFESSIONAL,
          administeredAt: new Date(now - hoursAgo * HOUR),
          assent: youth,
          consentBy: youth ? ConsentGrantor.GUARDIAN : null,
        });
        return view.record.id;
      };
      await screen('Avery', RiskLevel.UNKNOWN, answers('runaway', 'unstable-lodging'), ScreeningMode.INTERVIEW, 2);
      const high = await screen('Casey', RiskLevel.LOW, answers('exchange', 'runaway'), ScreeningMode.SELF_REPORT, 5);
      await this.referrals.createReferral(caseworker, {
        caseId: high,
        toAgencyId: police.agencyId!,
        serviceType: ServiceType.FORENSIC_INTERVIEW,
        urgency: Urgency.URGENT,
        scopes: [],
        reason: 'Forensic interview after a positive screening',
      });
      await screen('Drew', RiskLevel.UNKNOWN, answers(), ScreeningMode.INFORMATION_INTEGRATION, 24);
      created += 7;
    }
    return created;
  }
}

/** The casework that follows the demo cases: a missing child whose clocks run, screened children, and the community's tips. */
@Injectable()
export class DemoCasework {
  constructor(
    private readonly missing: DemoMissing,
    private readonly screening: DemoScreening,
    private readonly tips: DemoTips,
    private readonly clock: Clock,
  ) {}

  async seed(): Promise<number> {
    const missing = await this.missing.seed();
    const screened = await this.screening.seed(this.clock.now());
    return missing + screened + (await this.tips.seed());
  }
}
