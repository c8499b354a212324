import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { DirectoryServiceType } from '@tandem/directory';
import { ContentLanguage, EducationAudience, EducationKind, StepLinkKind } from '../education.types';

@ObjectType({ description: 'Where an item comes from: its publisher, the title of the work, and its address' })
export class ContentSource {
  @Field() publisher!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true, description: "Null only for an agency's own local addition that names no published source" }) url!: string | null;
}

@ObjectType({ description: 'Where a what-to-do step leads: a stable route of the public pages, and the operation behind it' })
export class StepLink {
  @Field(() => StepLinkKind) kind!: StepLinkKind;
  @Field({ description: '/tips/new (the tip form), /resources?serviceType=HOTLINE (the hotlines), tel:911' }) route!: string;
  @Field(() => String, { nullable: true, description: 'submitTip or publicResources; null for a call' }) operation!: string | null;
  @Field(() => DirectoryServiceType, { nullable: true, description: 'The service type to ask publicResources for (HOTLINE)' }) serviceType!: DirectoryServiceType | null;
  @Field(() => String, { nullable: true, description: 'The number to call, for an emergency call' }) phone!: string | null;
}

@ObjectType({ description: 'The agency that published a local addition, as the public reads it' })
export class LocalPublisher {
  @Field(() => ID) agencyId!: string;
  @Field() name!: string;
  @Field({ description: "The agency's jurisdiction (county or city)" }) jurisdiction!: string;
}

@ObjectType({ description: 'A warning sign, a short guide or a what-to-do step, in one language, with its source, license and date' })
export class EducationItem {
  @Field(() => ID) id!: string;
  @Field(() => EducationKind) kind!: EducationKind;
  @Field(() => [EducationAudience]) audiences!: EducationAudience[];
  @Field() title!: string;
  @Field({ description: 'A few sentences, in the words of this item (a summary of its source, not a quotation)' }) body!: string;
  @Field(() => ContentLanguage, { description: 'The language of title and body' }) language!: ContentLanguage;
  @Field({ description: 'true when the item has no text in the language asked and is given in another (English first)' }) fallback!: boolean;
  @Field(() => ContentSource) source!: ContentSource;
  @Field({ description: 'Under what terms the item may be shown (e.g. public domain, a work of the U.S. federal government)' }) license!: string;
  @Field({ description: 'YYYY-MM-DD: when the item was written from its source or last checked against it' }) date!: string;
  @Field(() => Int) position!: number;
  @Field(() => StepLink, { nullable: true, description: 'What-to-do steps: where the step leads' }) link!: StepLink | null;
  @Field(() => LocalPublisher, { nullable: true, description: "An agency's local addition: the agency that published it; null for loaded content" })
  localAgency!: LocalPublisher | null;
  @Field(() => Date, { nullable: true, description: 'When it was retracted (public answers never hold a retracted item)' }) retractedAt!: Date | null;
}

@ObjectType({ description: 'The warning signs for an audience, and what to do on seeing them' })
export class WarningSigns {
  @Field(() => EducationAudience) audience!: EducationAudience;
  @Field(() => ContentLanguage) language!: ContentLanguage;
  @Field(() => [EducationItem]) signs!: EducationItem[];
  @Field(() => [EducationItem], { description: 'In order; each step may link to the tip form, the hotlines or an emergency call' }) whatToDo!: EducationItem[];
}

@ObjectType({ description: 'Short guides for an audience, and what to do on seeing a warning sign' })
export class LearningResources {
  @Field(() => EducationAudience) audience!: EducationAudience;
  @Field(() => ContentLanguage) language!: ContentLanguage;
  @Field(() => [EducationItem]) guides!: EducationItem[];
  @Field(() => [EducationItem]) whatToDo!: EducationItem[];
}
