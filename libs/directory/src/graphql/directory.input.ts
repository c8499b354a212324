import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { SingleLineText, Trim } from '@tandem/platform';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsNumber, IsOptional, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { DirectoryServiceStatus, DirectoryServiceType, PopulationSex } from '../directory.types';

@InputType({ description: 'A point and a radius' })
export class NearInput {
  @Field(() => Float) @IsNumber() @Min(-90) @Max(90) lat!: number;
  @Field(() => Float) @IsNumber() @Min(-180) @Max(180) lng!: number;
  @Field(() => Float, { description: 'Radius in km, above 0 and at most 500' }) @IsNumber() @Min(0.001) @Max(500) km!: number;
}

@InputType({ description: 'What the public listing may be searched by' })
export class PublicResourceFilterInput {
  @Field(() => DirectoryServiceType, { nullable: true }) @IsOptional() @IsEnum(DirectoryServiceType) serviceType?: DirectoryServiceType | null;
  @Field(() => NearInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => NearInput) near?: NearInput | null;
  @Field(() => Boolean, { nullable: true, description: 'true: open now; false: closed now (docs/design.md, opening hours)' })
  @IsOptional()
  @IsBoolean()
  openNow?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'Serves a person of this age (0 to 120)' }) @IsOptional() @IsInt() @Min(0) @Max(120) age?: number | null;
  @Field(() => PopulationSex, { nullable: true, description: 'FEMALE or MALE: services for that sex or for any' }) @IsOptional() @IsEnum(PopulationSex) sex?: PopulationSex | null;
  @Field(() => String, { nullable: true, description: 'Words, each matched as a prefix in the name, description and eligibility' })
  @IsOptional()
  @Trim()
  @Length(1, 200)
  @SingleLineText()
  text?: string | null;
}

@InputType({ description: 'What the directory may be searched by; every condition given narrows the answer' })
export class ResourceFilterInput extends PublicResourceFilterInput {
  @Field(() => ID, { nullable: true, description: "The site's or the service's jurisdiction" }) @IsOptional() @IsUUID() jurisdictionId?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'true: some capacity figure shows a place available; false: none does' })
  @IsOptional()
  @IsBoolean()
  hasCapacity?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Also services that are not active (inactive, defunct, temporarily closed)' })
  @IsOptional()
  @IsBoolean()
  includeInactive?: boolean | null;
}

@InputType({ description: 'What an editor may change of a service; a field left out stays as it is' })
export class UpdateServiceInput {
  @Field(() => DirectoryServiceStatus, { nullable: true }) @IsOptional() @IsEnum(DirectoryServiceStatus) status?: DirectoryServiceStatus | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() acceptingReferrals?: boolean | null;
  @Field(() => String, { nullable: true, description: 'null clears it' }) @IsOptional() @Trim() @Length(1, 4000) eligibilityDescription?: string | null;
  @Field(() => Float, { nullable: true, description: 'null clears it' }) @IsOptional() @IsNumber() @Min(0) @Max(120) minimumAge?: number | null;
  @Field(() => Float, { nullable: true, description: 'null clears it' }) @IsOptional() @IsNumber() @Min(0) @Max(120) maximumAge?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Listed to the public without signing in' }) @IsOptional() @IsBoolean() public?: boolean | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() minorsOnly?: boolean | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() traffickingSurvivors?: boolean | null;
  @Field(() => PopulationSex, { nullable: true }) @IsOptional() @IsEnum(PopulationSex) populationSex?: PopulationSex | null;
}
