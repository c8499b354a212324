import { Module } from '@nestjs/common';
import { CasesCoreModule } from '@tandem/cases';
import { DeadlinesCoreModule } from '@tandem/deadlines';
import { IdentityCoreModule } from '@tandem/identity';
import { NotificationsCoreModule } from '@tandem/notifications';
import { TipResolver } from './graphql/tip.resolver';
import { TipDispatch } from './tip-dispatch';
import { TipGate } from './tip-gate';
import { TipIntake } from './tip-intake.service';
import { TipRepository } from './tip.repository';
import { TipCaseOpener, TipTriage } from './tip-triage.service';

const CORE = [TipRepository, TipDispatch, TipGate, TipIntake, TipTriage, TipCaseOpener];

/** Tips without GraphQL: the CLI's demo data and tests. */
@Module({
  imports: [IdentityCoreModule, CasesCoreModule, DeadlinesCoreModule, NotificationsCoreModule],
  providers: CORE,
  exports: CORE,
})
export class TipsCoreModule {}

/** Tips with their GraphQL queries and mutations, for the API. */
@Module({ imports: [TipsCoreModule], providers: [TipResolver] })
export class TipsModule {}
