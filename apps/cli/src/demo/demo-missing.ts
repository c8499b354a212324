import { Injectable } from '@nestjs/common';
import { CaseRecordsService, RiskLevel } from '@tandem/cases';
import { MissingReports, MissingService, ReportedTo } from '@tandem/missing';
import { Clock, Transactions } from '@tandem/platform';
import { DemoRepository } from './demo.repository';
import { DemoViewers } from './demo-viewer';
import { DEMO_JURISDICTIONS, demoEmail } from './demo-identity';

const HOUR = 3600_000;

/**
 * A missing child in St. Louis whose clocks are running: learned of 14 hours ago, so the
 * primary's 12-hour reminder is due now, the supervisor's comes in 6 hours and the breach in 10;
 * the report to police is made and the police's 2-hour NCIC clock is half gone.
 */
@Injectable()
export class DemoMissing {
  constructor(
    private readonly transactions: Transactions,
    private readonly cases: CaseRecordsService,
    private readonly missing: MissingService,
    private readonly reports: MissingReports,
    private readonly clock: Clock,
    private readonly demo: DemoRepository,
    private readonly viewers: DemoViewers,
  ) {}

  async seed(): Promise<number> {
    if ((await this.demo.demoEpisodeCount(this.transactions.manager)) > 0) return 0;
    const place = DEMO_JURISDICTIONS[0]!;
    const cw = await this.viewers.of(demoEmail('staff1', 'cw', place.domain));
    const police = await this.viewers.of(demoEmail('staff1', 'pd', place.domain));
    const view = await this.cases.createCase(cw, {
      riskLevel: RiskLevel.HIGH,
      child: { legalName: `Morgan ${place.code} Demo Missing`, dateOfBirth: '2010-12-05', placement: { kind: 'FOSTER_HOME', address: `3 Demo Lane, ${place.name}` } },
    });
    const now = this.clock.now().getTime();
    const episode = await this.missing.recordEpisode(cw, {
      caseId: view.record.id,
      missingSince: new Date(now - 20 * HOUR),
      learnedAt: new Date(now - 14 * HOUR),
      lastSeenPlace: 'Downtown transit center',
      lastSeenWith: 'an unknown adult',
    });
    await this.reports.recordReport(cw, {
      episodeId: episode.id,
      reportedTo: ReportedTo.LAW_ENFORCEMENT,
      reportedAt: new Date(now - HOUR),
      reportNumber: `${place.code}-PD-2026-0101`,
      receivingAgencyId: police.agencyId,
    });
    return 2;
  }
}
