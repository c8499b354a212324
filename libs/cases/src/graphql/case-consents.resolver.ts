import { Args, Context, ID, Info, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, CurrentViewer, decide, Viewer } from '@tandem/authz';
import { Clock, GraphQLContext, ParseIdPipe } from '@tandem/platform';
import { GraphQLResolveInfo } from 'graphql';
import { viewToChange } from '../case-access.service';
import { CaseConsentsService } from '../case-consents.service';
import { CONSENT_READ, CONSENT_RECORD, CONSENT_REVOKE } from '../case.policies';
import { RecordConsentInput } from './case.input';
import { CaseLoaders } from './case.loaders';
import { Case, Consent } from './case.model';
import { CaseNode } from './case.resolver';
import { pathOf } from './redaction';

/** A case's consents: read by the lead agency, which records and revokes them. */
@Resolver(() => Case)
export class CaseConsentsResolver {
  constructor(
    private readonly service: CaseConsentsService,
    private readonly loaders: CaseLoaders,
    private readonly clock: Clock,
  ) {}

  /** The lead's users who see the case, not through a break-glass grant alone, read them (consent.read, decided on the loaded view). */
  @ResolveField(() => [Consent], { description: 'Consents are read by the lead agency, which records them; others get an empty list (redacted)' })
  async consents(
    @Parent() node: CaseNode,
    @CurrentViewer() viewer: Viewer,
    @Context() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Consent[]> {
    const view = await this.loaders.view(context, node.id);
    if (!decide(CONSENT_READ, viewer, { view: view && viewToChange(viewer, view, this.clock.now()) }).allowed) {
      context.redacted.push(pathOf(info));
      return [];
    }
    return (await this.loaders.consents(context).load(node.id)) as unknown as Consent[];
  }

  @Mutation(() => Consent)
  @Allow(CONSENT_RECORD)
  recordConsent(@CurrentViewer() viewer: Viewer, @Args('input') input: RecordConsentInput) {
    return this.service.recordConsent(viewer, input);
  }

  @Mutation(() => Consent, { description: 'Scopes that rested on this consent are withdrawn at once' })
  @Allow(CONSENT_REVOKE)
  revokeConsent(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string) {
    return this.service.revokeConsent(viewer, id);
  }
}
