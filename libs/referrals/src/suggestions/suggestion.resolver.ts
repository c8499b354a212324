import { Args, Context, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { actorOf, recordRead } from '@tandem/audit';
import { Allow, CurrentViewer, Viewer } from '@tandem/authz';
import { GraphQLContext, pageSize, ParseIdPipe } from '@tandem/platform';
import { ServiceType } from '../referrals.types';
import { CriterionOutcome, ProviderSuggestion } from './suggestion.model';
import { PROVIDER_SUGGEST } from './suggestion.policies';
import { SuggestionsService } from './suggestions.service';

@Resolver(() => ProviderSuggestion)
export class SuggestionResolver {
  constructor(private readonly service: SuggestionsService) {}

  @Query(() => [ProviderSuggestion], {
    description: 'Providers of a service type ranked for a case’s child: eligible with a bed first, then fresh figures, open now, the same jurisdiction, the nearer. Never discloses the child’s age or sex to a viewer without IDENTITY',
  })
  @Allow(PROVIDER_SUGGEST)
  async suggestProviders(
    @CurrentViewer() viewer: Viewer,
    @Context() context: GraphQLContext,
    @Args('caseId', { type: () => ID }, new ParseIdPipe('caseId')) caseId: string,
    @Args('serviceType', { type: () => ServiceType }) serviceType: ServiceType,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
  ): Promise<ProviderSuggestion[]> {
    const { suggestions, scopes } = await this.service.suggest(viewer, caseId, serviceType, pageSize(first));
    recordRead(context, {
      actor: actorOf(viewer),
      action: 'PROVIDER_SUGGEST',
      caseId,
      subjectType: 'Case',
      subjectId: caseId,
      scopes,
      details: { serviceType, serviceAtLocationIds: suggestions.map((s) => s.site.serviceAtLocationId) },
    });
    return suggestions.map(({ site, ranked, distanceKm, located, stale }, index) => ({
      rank: index + 1,
      serviceAtLocationId: site.serviceAtLocationId,
      serviceId: site.serviceId,
      serviceName: site.serviceName,
      organizationName: site.organizationName,
      locationName: located ? site.locationName : null,
      city: site.city,
      distanceKm,
      available: site.available,
      maximum: site.maximum,
      capacityUpdated: site.updated,
      stale,
      eligible: ranked.gatesFailed === 0,
      score: ranked.score,
      reasons: ranked.criteria.map((c) => ({ criterion: c.criterion, outcome: c.outcome as CriterionOutcome })),
    }));
  }
}
