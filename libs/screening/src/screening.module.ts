import { Module } from '@nestjs/common';
import { CasesCoreModule, CasesModule } from '@tandem/cases';
import { DeadlinesCoreModule } from '@tandem/deadlines';
import { MissingCoreModule } from '@tandem/missing';
import { NotificationsCoreModule } from '@tandem/notifications';
import { CaseScreeningsResolver, EpisodeScreeningsResolver, ScreeningResolver } from './graphql/screening.resolver';
import { ScreeningInstruments } from './screening-instruments.service';
import { ScreeningOutcomes } from './screening-outcomes';
import { ScreeningRepository } from './screening.repository';
import { ScreeningService } from './screening.service';

/** Screening without GraphQL: loading instruments (CLI) and submitting screenings (demo, tests). */
@Module({
  imports: [CasesCoreModule, DeadlinesCoreModule, NotificationsCoreModule, MissingCoreModule],
  providers: [ScreeningRepository, ScreeningInstruments, ScreeningOutcomes, ScreeningService],
  exports: [ScreeningInstruments, ScreeningService],
})
export class ScreeningCoreModule {}

/** submitScreening, screeningInstruments, Case.screenings and MissingEpisode.screenings, for the API. */
@Module({ imports: [ScreeningCoreModule, CasesCoreModule, CasesModule], providers: [ScreeningResolver, CaseScreeningsResolver, EpisodeScreeningsResolver] })
export class ScreeningModule {}
