import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { DataScope } from '@tandem/authz';
import { ConsentGrantor, RiskLevel } from '@tandem/cases';
import { ServiceType } from '@tandem/referrals';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsDate, IsEnum, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { AnswerStatus, AnswerType, ScreeningMode, ScreeningOutcome, ScreeningRespondent } from '../screening.types';

const INSTRUMENT_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
const VERSION = /^[0-9]{1,4}(\.[0-9]{1,4}){0,2}$/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;

@ObjectType({ description: 'One option of a CHOICE item' })
export class ScreeningItemOption {
  @Field() code!: string;
  @Field() text!: string;
  @Field(() => Float) points!: number;
}

@ObjectType({ description: 'One item of an instrument, in the language asked for (English when it has none)' })
export class ScreeningItem {
  @Field() id!: string;
  @Field() text!: string;
  @Field(() => AnswerType) answerType!: AnswerType;
  @Field(() => Float) weight!: number;
  @Field() required!: boolean;
  @Field(() => Int, { nullable: true }) min!: number | null;
  @Field(() => Int, { nullable: true }) max!: number | null;
  @Field(() => [ScreeningItemOption]) options!: ScreeningItemOption[];
}

@ObjectType({ description: 'A band of results: reached at minScore, or by a YES to any item of anyYesOf; the last band reached is the result' })
export class ScreeningThreshold {
  @Field() id!: string;
  @Field() label!: string;
  @Field(() => Float, { nullable: true }) minScore!: number | null;
  @Field(() => [String]) anyYesOf!: string[];
  @Field(() => RiskLevel, { nullable: true, description: 'The case is raised to this level (never lowered)' }) riskLevel!: RiskLevel | null;
  @Field({ description: 'A positive result flags the case SCREENED_POSITIVE and starts the follow-up clock' }) positive!: boolean;
  @Field() recommendedAction!: string;
  @Field(() => Int, { nullable: true }) followUpWithinHours!: number | null;
  @Field(() => [ServiceType], { description: 'A referral of one of these services meets the follow-up' }) followUpServiceTypes!: ServiceType[];
}

@ObjectType({ description: 'A loaded version of a screening instrument, as data. A version never changes once loaded' })
export class ScreeningInstrument {
  @Field() id!: string;
  @Field() version!: string;
  @Field() title!: string;
  @Field(() => [String]) languages!: string[];
  @Field({ description: 'A practice instrument is for training and demonstrations only, never for a real child' }) practice!: boolean;
  @Field(() => DataScope, { description: 'SERVICES, or CLINICAL: answers read only by the administering agency' }) scope!: DataScope;
  @Field(() => [ScreeningMode]) modes!: ScreeningMode[];
  @Field(() => [ScreeningRespondent]) respondents!: ScreeningRespondent[];
  @Field() licenseName!: string;
  @Field(() => String, { nullable: true }) licenseUrl!: string | null;
  @Field() citation!: string;
  @Field(() => Int, { nullable: true, description: 'Declined or unknown items allowed before a result short of a positive band is INCONCLUSIVE' }) maxMissing!: number | null;
  @Field(() => [ScreeningItem]) items!: ScreeningItem[];
  @Field(() => [ScreeningThreshold]) thresholds!: ScreeningThreshold[];
  @Field() digest!: string;
  @Field() loadedAt!: Date;
}

@ObjectType()
export class ScreeningAnswer {
  @Field() itemId!: string;
  @Field(() => AnswerStatus) status!: AnswerStatus;
  @Field(() => String, { nullable: true }) value!: string | null;
  @Field(() => Float, { description: 'Points scored, weight included' }) points!: number;
}

@ObjectType({ description: 'A screening of the child, scored on the server with the instrument version it names. Kept as SERVICES data, or CLINICAL where the instrument says so' })
export class Screening {
  @Field(() => ID) id!: string;
  @Field(() => ID) caseId!: string;
  @Field() instrumentId!: string;
  @Field() instrumentVersion!: string;
  @Field() instrumentTitle!: string;
  @Field() practice!: boolean;
  @Field(() => DataScope) scope!: DataScope;
  @Field(() => ScreeningMode) mode!: ScreeningMode;
  @Field(() => ScreeningRespondent) respondent!: ScreeningRespondent;
  @Field() administeredAt!: Date;
  @Field(() => ID) administeredById!: string;
  @Field(() => ID) agencyId!: string;
  @Field({ description: 'The young person agreed to be screened' }) assent!: boolean;
  @Field(() => ConsentGrantor, { nullable: true }) consentBy!: ConsentGrantor | null;
  @Field(() => Float) score!: number;
  @Field(() => Float) maxScore!: number;
  @Field(() => ScreeningOutcome) outcome!: ScreeningOutcome;
  @Field(() => String, { nullable: true }) thresholdId!: string | null;
  @Field(() => String, { nullable: true }) thresholdLabel!: string | null;
  @Field(() => RiskLevel, { nullable: true, description: 'The risk level the result called for' }) riskLevel!: RiskLevel | null;
  @Field(() => RiskLevel, { description: "The case's risk level before this screening" }) caseRiskBefore!: RiskLevel;
  @Field(() => RiskLevel, { description: "The case's risk level after it: raised, never lowered" }) caseRiskAfter!: RiskLevel;
  @Field(() => String, { nullable: true }) recommendedAction!: string | null;
  @Field(() => Date, { nullable: true, description: 'When a positive result needs its follow-up referral by' }) followUpDueAt!: Date | null;
  @Field(() => Int, { description: 'Items declined or not known' }) missingCount!: number;
  @Field(() => ID, { nullable: true, description: 'The missing episode whose return interview carried this screening' }) missingEpisodeId!: string | null;
  @Field(() => [ScreeningAnswer]) answers!: ScreeningAnswer[];
}

@InputType()
export class ScreeningAnswerInput {
  @Field() @Matches(CODE, { message: 'must be an item id of the instrument' }) itemId!: string;
  @Field(() => String, { nullable: true, description: 'YES or NO; a whole number for a SCALE item; an option code for a CHOICE item. Left out when DECLINED or UNKNOWN' })
  @IsOptional()
  @Matches(CODE, { message: 'must be YES, NO, a whole number or an option code' })
  value?: string | null;
  @Field(() => AnswerStatus, { nullable: true, defaultValue: AnswerStatus.ANSWERED }) @IsOptional() @IsEnum(AnswerStatus) status?: AnswerStatus | null;
}

@InputType()
export class SubmitScreeningInput {
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) caseId!: string;
  @Field() @Matches(INSTRUMENT_ID, { message: 'must be an instrument id such as practice-screen' }) instrumentId!: string;
  @Field({ description: 'The version to score with: a screening is pinned to it for good' }) @Matches(VERSION, { message: 'must be a version number such as 1 or 2.0' }) version!: string;
  @Field(() => [ScreeningAnswerInput]) @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => ScreeningAnswerInput) answers!: ScreeningAnswerInput[];
  @Field(() => ScreeningMode) @IsEnum(ScreeningMode) mode!: ScreeningMode;
  @Field(() => ScreeningRespondent) @IsEnum(ScreeningRespondent) respondent!: ScreeningRespondent;
  @Field() @IsDate() administeredAt!: Date;
  @Field({ description: 'The young person agreed to be screened (required for INTERVIEW and SELF_REPORT)' }) @IsBoolean() assent!: boolean;
  @Field(() => ConsentGrantor, { nullable: true, description: 'Who consented to the screening, where consent beyond assent was needed' }) @IsOptional() @IsEnum(ConsentGrantor) consentBy?: ConsentGrantor | null;
  @Field(() => ID, { nullable: true, description: 'The missing episode whose return interview this screening is part of' }) @IsOptional() @IsUUID('all', { message: 'must be an id' }) missingEpisodeId?: string | null;
}

@InputType()
export class ScreeningInstrumentFilter {
  @Field(() => String, { nullable: true, description: 'Only this instrument' }) @IsOptional() @Matches(INSTRUMENT_ID, { message: 'must be an instrument id such as practice-screen' }) instrumentId?: string | null;
  @Field(() => String, { nullable: true, description: 'The language of texts (en, es, ...); English where an instrument has none' })
  @IsOptional()
  @Matches(/^[a-z]{2}(-[A-Z]{2})?$/, { message: 'must be a language code such as en or es' })
  language?: string | null;
  @Field(() => Boolean, { nullable: true, defaultValue: true, description: 'Include practice instruments' }) @IsOptional() @IsBoolean() includePractice?: boolean | null;
}
