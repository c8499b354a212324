import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { CreateCaseInput } from '@tandem/cases';
import { SingleLineText, Trim } from '@tandem/platform';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDate, IsEnum, IsInt, IsNumber, IsOptional, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { TipAction, TipStatus } from '../tips.types';

@InputType({ description: 'A person seen: what you can say of them, nothing more' })
export class TipPersonInput {
  @Field(() => Int, { nullable: true, description: 'Approximate age in years' }) @IsOptional() @IsInt() @Min(0) @Max(120) approximateAge?: number | null;
  @Field(() => String, { nullable: true, description: 'What they look like, what they wore, what they did' }) @IsOptional() @Trim() @Length(1, 1000) description?: string | null;
}

@InputType({ description: 'What you saw. Nothing about you is required; your address and device are not kept' })
export class SubmitTipInput {
  @Field(() => ID, { description: 'Where it happened: the jurisdiction (see jurisdictions)' }) @IsUUID('all', { message: 'must be an id' }) jurisdictionId!: string;
  @Field({ description: 'What you saw or heard, in your own words' }) @Trim() @Length(10, 5000) whatSeen!: string;
  @Field(() => String, { nullable: true, description: 'Address or landmark' }) @IsOptional() @Trim() @Length(1, 300) @SingleLineText() place?: string | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() @Min(-90) @Max(90) latitude?: number | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() @Min(-180) @Max(180) longitude?: number | null;
  @Field(() => Date, { nullable: true, description: 'When: required unless ongoing' }) @IsOptional() @IsDate() seenAt?: Date | null;
  @Field(() => Boolean, { nullable: true, description: 'It is still going on' }) @IsOptional() @IsBoolean() ongoing?: boolean | null;
  @Field(() => [TipPersonInput], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => TipPersonInput) people?: TipPersonInput[] | null;
  @Field(() => [String], { nullable: true, description: 'Vehicles: make, colour, plate' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Length(1, 200, { each: true })
  @SingleLineText({ each: true })
  vehicles?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Online handles, profiles or phone numbers used' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Length(1, 200, { each: true })
  @SingleLineText({ each: true })
  onlineHandles?: string[] | null;
  @Field({ description: 'A child may be in danger right now: the police of the jurisdiction are alerted at once' }) @IsBoolean() childInDangerNow!: boolean;
  @Field(() => String, { nullable: true, description: 'How you know: you saw it, someone told you, online...' }) @IsOptional() @Trim() @Length(1, 1000) howKnown?: string | null;
  @Field(() => String, { nullable: true, description: 'Only if you want to be contacted: how' }) @IsOptional() @Trim() @Length(1, 500) contact?: string | null;
}

@InputType({ description: 'What you learned since you sent your tip' })
export class AddToTipInput {
  @Field() @Trim() @Length(1, 5000) information!: string;
  @Field(() => String, { nullable: true, description: 'Only if you want to be contacted: how' }) @IsOptional() @Trim() @Length(1, 500) contact?: string | null;
}

@InputType({ description: 'Which tips to list' })
export class TipFilterInput {
  @Field(() => [TipStatus], { nullable: true, description: 'Only these statuses (default: NEW and UNDER_REVIEW)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsEnum(TipStatus, { each: true })
  status?: TipStatus[] | null;
}

@InputType({
  description: 'REVIEW (from NEW, or REFERRED here); LINK with caseId or newCase; REFER with jurisdictionId (and a reason); NO_ACTION with a reason. Each action takes only its fields',
})
export class TriageTipInput {
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) tipId!: string;
  @Field(() => TipAction) @IsEnum(TipAction) action!: TipAction;
  @Field(() => Int, { description: 'The version you read: CONFLICT if the tip changed since' }) @IsInt() expectedVersion!: number;
  @Field(() => ID, { nullable: true, description: 'LINK: a case you can change' }) @IsOptional() @IsUUID('all', { message: 'must be an id' }) caseId?: string | null;
  @Field(() => CreateCaseInput, { nullable: true, description: 'LINK: open a case from the tip (your agency leads it)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CreateCaseInput)
  newCase?: CreateCaseInput | null;
  @Field(() => ID, { nullable: true, description: "REFER: the jurisdiction whose police take the tip over" }) @IsOptional() @IsUUID('all', { message: 'must be an id' }) jurisdictionId?: string | null;
  @Field(() => String, { nullable: true, description: 'NO_ACTION (required) or REFER: why' }) @IsOptional() @Trim() @Length(1, 2000) reason?: string | null;
}
