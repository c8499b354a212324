import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { SuggestionCriterion } from '@tandem/directory';

export enum CriterionOutcome {
  MET = 'MET',
  UNMET = 'UNMET',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(SuggestionCriterion, { name: 'SuggestionCriterion' });
registerEnumType(CriterionOutcome, {
  name: 'CriterionOutcome',
  description: 'UNKNOWN: not evaluated, for want of data or because you may not see it (AGE and SEX without IDENTITY on the case)',
});

@ObjectType({ description: 'Why a provider ranks where it does: one criterion and whether the provider meets it' })
export class SuggestionReason {
  @Field(() => SuggestionCriterion) criterion!: SuggestionCriterion;
  @Field(() => CriterionOutcome) outcome!: CriterionOutcome;
}

@ObjectType({ description: 'A provider (a service at a site) ranked for a case’s child; read the site with resource(id) for its address and phones' })
export class ProviderSuggestion {
  @Field(() => Int, { description: '1 for the best' }) rank!: number;
  @Field(() => ID) serviceAtLocationId!: string;
  @Field(() => ID) serviceId!: string;
  @Field() serviceName!: string;
  @Field() organizationName!: string;
  @Field(() => String, { nullable: true, description: 'Null for a confidential site you may not locate' }) locationName!: string | null;
  @Field(() => String, { nullable: true }) city!: string | null;
  @Field(() => Float, { nullable: true, description: 'Kilometres from the case’s jurisdiction; null for a confidential site you may not locate, or without coordinates' })
  distanceKm!: number | null;
  @Field(() => Int, { nullable: true }) available!: number | null;
  @Field(() => Int, { nullable: true }) maximum!: number | null;
  @Field(() => Date, { nullable: true }) capacityUpdated!: Date | null;
  @Field(() => Boolean, { nullable: true, description: 'The figure is older than CAPACITY_STALE_HOURS' }) stale!: boolean | null;
  @Field({ description: 'Meets every gate (accepting referrals, age, sex, a bed) that could be evaluated' }) eligible!: boolean;
  @Field(() => Int, { description: 'The weights met (fresh figure, open now, same jurisdiction, near)' }) score!: number;
  @Field(() => [SuggestionReason]) reasons!: SuggestionReason[];
}
