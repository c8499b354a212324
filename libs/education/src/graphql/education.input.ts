import { Field, InputType, Int } from '@nestjs/graphql';
import { SingleLineText, Trim } from '@tandem/platform';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsEnum, IsInt, IsOptional, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ContentLanguage, EducationAudience, EducationKind, StepLinkKind } from '../education.types';

@InputType({ description: "One language's text of an item" })
export class EducationTextInput {
  @Field(() => ContentLanguage) @IsEnum(ContentLanguage) language!: ContentLanguage;
  @Field({ description: 'One line, at most 200 characters' }) @Trim() @Length(1, 200) @SingleLineText() title!: string;
  @Field({ description: 'A few sentences, at most 2000 characters' }) @Trim() @Length(1, 2000) body!: string;
}

@InputType({ description: "An agency's local addition to the public warning-signs education" })
export class PublishEducationItemInput {
  @Field(() => EducationKind) @IsEnum(EducationKind) kind!: EducationKind;
  @Field(() => [EducationAudience]) @ArrayMinSize(1) @ArrayMaxSize(6) @ArrayUnique() @IsEnum(EducationAudience, { each: true }) audiences!: EducationAudience[];
  @Field(() => [EducationTextInput], { description: 'One text per language, English or Spanish or both' })
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @ValidateNested({ each: true })
  @Type(() => EducationTextInput)
  texts!: EducationTextInput[];
  @Field(() => StepLinkKind, { nullable: true, description: 'WHAT_TO_DO steps only: where the step leads' }) @IsOptional() @IsEnum(StepLinkKind) link?: StepLinkKind | null;
  @Field({ description: "Under what terms the public may read it (e.g. 'Published by the agency for public use')" }) @Trim() @Length(1, 300) @SingleLineText() license!: string;
  @Field(() => String, { nullable: true, description: "The work it comes from; the item's own title when not given (the agency is the publisher)" })
  @IsOptional()
  @Trim()
  @Length(1, 300)
  @SingleLineText()
  sourceTitle?: string | null;
  @Field(() => String, { nullable: true, description: 'The address of that work (https://)' })
  @IsOptional()
  @Length(1, 500)
  @Matches(/^https:\/\/[^\s/]+\.\S+$/, { message: 'must be an https:// address' })
  sourceUrl?: string | null;
  @Field(() => Int, { nullable: true, description: 'Order among the local additions (0 to 10000; 0 when not given)' }) @IsOptional() @IsInt() @Min(0) @Max(10_000) position?: number | null;
}
