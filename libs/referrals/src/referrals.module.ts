import { Module } from '@nestjs/common';
import { CasesCoreModule, CasesModule } from '@tandem/cases';
import { DeadlinesCoreModule } from '@tandem/deadlines';
import { CapacityCoreModule } from '@tandem/directory';
import { IdentityCoreModule } from '@tandem/identity';
import { NotificationsCoreModule } from '@tandem/notifications';
import { CaseReferralsResolver, HandoffResolver, ReferralResolver } from './graphql/referral.resolver';
import { EmergencyReferralHandler, HandoffChangedHandler, ReferralChangedHandler } from './jobs/referral-events.handler';
import { ReferralAlerts } from './jobs/referral-alerts.service';
import { BedHoldExpiry, HandoffExpiry, ReferralExpiry } from './jobs/referral-deadlines';
import { HandoffsService } from './handoffs.service';
import { ReferralEffects } from './referral-effects';
import { ReferralRepository } from './referral.repository';
import { ReferralsService } from './referrals.service';
import { SuggestionResolver } from './suggestions/suggestion.resolver';
import { SuggestionsService } from './suggestions/suggestions.service';

const HANDLERS = [ReferralAlerts, ReferralChangedHandler, HandoffChangedHandler, EmergencyReferralHandler, ReferralExpiry, BedHoldExpiry, HandoffExpiry];

/** Referrals without GraphQL, with the worker's event handlers. */
@Module({
  imports: [CasesCoreModule, CapacityCoreModule, DeadlinesCoreModule, IdentityCoreModule, NotificationsCoreModule],
  providers: [ReferralRepository, ReferralEffects, ReferralsService, HandoffsService, ...HANDLERS],
  exports: [ReferralRepository, ReferralsService, HandoffsService],
})
export class ReferralsCoreModule {}

/** Referrals and handoffs with their GraphQL resolvers, for the API. */
@Module({
  imports: [ReferralsCoreModule, CasesCoreModule, CasesModule, CapacityCoreModule, IdentityCoreModule],
  providers: [ReferralResolver, HandoffResolver, CaseReferralsResolver, SuggestionsService, SuggestionResolver],
})
export class ReferralsModule {}
