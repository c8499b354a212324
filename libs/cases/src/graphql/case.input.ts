import { Field, ID, InputType } from '@nestjs/graphql';
import { AgencyType, DataScope } from '@tandem/authz';
import { SingleLineText, Trim } from '@tandem/platform';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsDate,
  IsEnum,
  IsIn,
  IsISO8601,
  IsOptional,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { CaseFlag, CaseStatus, ConsentGrantor, NoteCategory, RiskLevel } from '../cases.types';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const dateMessage = { message: 'must be a date as YYYY-MM-DD' };
const PHONE = /^\+?[0-9 ().-]{7,25}$/;

@InputType()
export class PlacementInput {
  @Field(() => String, { nullable: true }) @IsOptional() @Trim() @Length(1, 80) @SingleLineText() kind?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Trim() @Length(1, 300) @SingleLineText() address?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(PHONE, { message: 'must be a phone number' }) phone?: string | null;
}

@InputType()
export class ContactInput {
  @Field() @Trim() @Length(1, 120) @SingleLineText() name!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Trim() @Length(1, 60) @SingleLineText() relationship?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(PHONE, { message: 'must be a phone number' }) phone?: string | null;
}

@InputType()
export class ChildInput {
  @Field() @Trim() @Length(1, 160) @SingleLineText() legalName!: string;
  @Field(() => [String], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(20) @Length(1, 160, { each: true }) @SingleLineText({ each: true }) aliases?: string[] | null;
  @Field({ description: 'YYYY-MM-DD' }) @Matches(DATE, dateMessage) @IsISO8601({ strict: true }, dateMessage) dateOfBirth!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Trim() @Length(1, 40) @SingleLineText() sex?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Trim() @Length(1, 1000) identifyingMarks?: string | null;
  @Field(() => PlacementInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => PlacementInput) placement?: PlacementInput | null;
  @Field(() => [ContactInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ContactInput)
  guardianContacts?: ContactInput[] | null;
}

@InputType()
export class CreateCaseInput {
  @Field(() => ChildInput) @ValidateNested() @Type(() => ChildInput) child!: ChildInput;
  @Field(() => RiskLevel, { nullable: true }) @IsOptional() @IsEnum(RiskLevel) riskLevel?: RiskLevel | null;
}

@InputType({ description: 'Only the fields given change; each needs its scope (riskLevel: SUMMARY, child identity: IDENTITY, placement and contacts: LOCATION)' })
export class UpdateCaseInput {
  @Field(() => RiskLevel, { nullable: true }) @IsOptional() @IsEnum(RiskLevel) riskLevel?: RiskLevel;
  @Field(() => String, { nullable: true }) @IsOptional() @Trim() @Length(1, 160) @SingleLineText() legalName?: string;
  @Field(() => [String], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(20) @Length(1, 160, { each: true }) @SingleLineText({ each: true }) aliases?: string[];
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(DATE, dateMessage) @IsISO8601({ strict: true }, dateMessage) dateOfBirth?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Trim() @Length(1, 40) @SingleLineText() sex?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Trim() @Length(1, 1000) identifyingMarks?: string;
  @Field(() => PlacementInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => PlacementInput) placement?: PlacementInput;
  @Field(() => [ContactInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ContactInput)
  guardianContacts?: ContactInput[];
}

@InputType()
export class CaseFilterInput {
  @Field(() => [CaseStatus], { nullable: true }) @IsOptional() @IsEnum(CaseStatus, { each: true }) statuses?: CaseStatus[];
  @Field(() => [RiskLevel], { nullable: true }) @IsOptional() @IsEnum(RiskLevel, { each: true }) riskLevels?: RiskLevel[];
  @Field(() => [CaseFlag], { nullable: true, description: 'Cases carrying all of these flags' }) @IsOptional() @IsEnum(CaseFlag, { each: true }) flags?: CaseFlag[];
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() assignedToMe?: boolean;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'must be an id' }) leadAgencyId?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(/^[A-Za-z]{2,5}-\d{4}-\d{6}$/, { message: 'must look like STL-2026-000123' }) caseNumber?: string;
}

@InputType()
export class AddNoteInput {
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) caseId!: string;
  @Field(() => NoteCategory) @IsEnum(NoteCategory) category!: NoteCategory;
  @Field() @Trim() @Length(1, 20000) body!: string;
  @Field(() => ID, { nullable: true, description: 'The note this one corrects' }) @IsOptional() @IsUUID('all', { message: 'must be an id' }) correctsNoteId?: string | null;
}

@InputType()
export class RecordConsentInput {
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) caseId!: string;
  @Field(() => ConsentGrantor) @IsEnum(ConsentGrantor) grantedBy!: ConsentGrantor;
  @Field(() => [DataScope])
  @IsArray()
  @ArrayNotEmpty({ message: 'must name at least one scope' })
  @IsIn([DataScope.IDENTITY, DataScope.LOCATION, DataScope.SERVICES], { each: true, message: 'consent covers IDENTITY, LOCATION or SERVICES' })
  scopes!: DataScope[];
  @Field(() => [ID], { nullable: true }) @IsOptional() @IsArray() @IsUUID('all', { each: true, message: 'must be ids' }) agencyIds?: string[] | null;
  @Field(() => [AgencyType], { nullable: true }) @IsOptional() @IsEnum(AgencyType, { each: true }) agencyTypes?: AgencyType[] | null;
  @Field() @Trim() @Length(3, 500) purpose!: string;
  @Field(() => Date, { nullable: true }) @IsOptional() @IsDate() effectiveAt?: Date | null;
  @Field(() => Date, { nullable: true }) @IsOptional() @IsDate() expiresAt?: Date | null;
}

@InputType()
export class LocateSubjectInput {
  @Field() @Trim() @Length(2, 160) @SingleLineText() name!: string;
  @Field({ description: 'YYYY-MM-DD' }) @Matches(DATE, dateMessage) @IsISO8601({ strict: true }, dateMessage) dateOfBirth!: string;
}
