import { Args, ID, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { PublicThrottle } from '@tandem/auth';
import { Allow, CurrentViewer, Viewer } from '@tandem/authz';
import { DirectoryServiceType } from '@tandem/directory';
import { IdentityLoaders } from '@tandem/identity';
import { GraphQLContext } from '@tandem/platform';
import { EducationPublisher } from '../education-publisher.service';
import { EducationAnswer, EducationReader } from '../education-reader.service';
import { EDUCATION_LOCAL_PUBLISH, EDUCATION_LOCAL_RETRACT, EDUCATION_READ_PUBLIC } from '../education.policies';
import { ContentLanguage, EducationAudience, ItemView, STEP_LINKS } from '../education.types';
import { PublishEducationItemInput } from './education.input';
import { EducationItem, LearningResources, LocalPublisher, StepLink, WarningSigns } from './education.model';

/** Public warning signs and guides, and an agency's local additions to them. */
@Resolver(() => EducationItem)
export class EducationResolver {
  constructor(
    private readonly reader: EducationReader,
    private readonly publisher: EducationPublisher,
    private readonly identity: IdentityLoaders,
  ) {}

  @Query(() => WarningSigns, {
    description:
      'The warning signs for an audience, and what to do on seeing them; without signing in. An item without a text in the language asked is given in English (fallback: true). Rate limited (PUBLIC_RATE_LIMIT_PER_MINUTE)',
  })
  // Public: the people who learn the signs (teachers, parents, hotel staff, young people) have no account.
  @Allow(EDUCATION_READ_PUBLIC)
  @PublicThrottle()
  async warningSigns(
    @Args('audience', { type: () => EducationAudience }) audience: EducationAudience,
    @Args('language', { type: () => ContentLanguage }) language: ContentLanguage,
  ): Promise<Omit<WarningSigns, 'signs' | 'whatToDo'> & { signs: ItemView[]; whatToDo: ItemView[] }> {
    const answer: EducationAnswer = await this.reader.warningSigns(audience, language);
    return { audience, language, signs: answer.items, whatToDo: answer.whatToDo };
  }

  @Query(() => LearningResources, {
    description: 'Short guides for an audience, and what to do on seeing a warning sign; without signing in, in the same terms as warningSigns. Rate limited',
  })
  // Public, as warningSigns.
  @Allow(EDUCATION_READ_PUBLIC)
  @PublicThrottle()
  async learningResources(
    @Args('audience', { type: () => EducationAudience }) audience: EducationAudience,
    @Args('language', { type: () => ContentLanguage }) language: ContentLanguage,
  ): Promise<Omit<LearningResources, 'guides' | 'whatToDo'> & { guides: ItemView[]; whatToDo: ItemView[] }> {
    const answer = await this.reader.learningResources(audience, language);
    return { audience, language, guides: answer.items, whatToDo: answer.whatToDo };
  }

  @Mutation(() => EducationItem, {
    description: "Publishes your agency's local addition to the public warning-signs education (its supervisors); shown to the public with the agency named; audited",
  })
  @Allow(EDUCATION_LOCAL_PUBLISH)
  publishEducationItem(@CurrentViewer() viewer: Viewer, @Args('input') input: PublishEducationItemInput): Promise<ItemView> {
    return this.publisher.publish(viewer, { ...input, texts: input.texts.map((text) => ({ ...text })) });
  }

  @Mutation(() => EducationItem, { description: "Retracts a local addition of your agency (its supervisors): the public no longer reads it; kept with who retracted it and why; audited" })
  @Allow(EDUCATION_LOCAL_RETRACT)
  retractEducationItem(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string, @Args('reason', { description: 'Why, in one line (1 to 500 characters)' }) reason: string): Promise<ItemView> {
    return this.publisher.retract(viewer, id, reason);
  }

  @ResolveField(() => StepLink, { nullable: true })
  link(item: ItemView): StepLink | null {
    if (!item.link) return null;
    const link = STEP_LINKS[item.link];
    return { kind: item.link, route: link.route, operation: link.operation, serviceType: link.serviceType as DirectoryServiceType | null, phone: link.phone };
  }

  @ResolveField(() => LocalPublisher, { nullable: true })
  async localAgency(item: ItemView, _args: unknown, context: GraphQLContext): Promise<LocalPublisher | null> {
    if (!item.agencyId) return null;
    const agency = await this.identity.agency(context).load(item.agencyId);
    if (!agency) return null;
    const jurisdiction = await this.identity.jurisdiction(context).load(agency.jurisdictionId);
    return { agencyId: agency.id, name: agency.name, jurisdiction: jurisdiction?.name ?? '' };
  }
}
