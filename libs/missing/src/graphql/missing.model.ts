import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { SingleLineText, Trim } from '@tandem/platform';
import { IsBoolean, IsDate, IsEnum, IsOptional, IsUUID, Length, Matches } from 'class-validator';
import { ReportedTo } from '../missing.types';

const REPORT_NUMBER = /^[\w ./#-]+$/;

@ObjectType()
export class MissingReport {
  @Field(() => ID) id!: string;
  @Field(() => ReportedTo) reportedTo!: ReportedTo;
  @Field() reportedAt!: Date;
  @Field(() => String, { nullable: true, description: 'INVESTIGATION: null outside that scope (see extensions.redacted)' }) reportNumber!: string | null;
  /** The number is known but not shown to this viewer (answered null, listed in extensions.redacted). */
  numberWithheld?: boolean;
}

@ObjectType({ description: 'A time the child was missing. Dates and reports are SUMMARY; where and with whom last seen are LOCATION' })
export class MissingEpisode {
  @Field(() => ID) id!: string;
  @Field(() => ID) caseId!: string;
  @Field() missingSince!: Date;
  @Field() learnedAt!: Date;
  @Field(() => String, { nullable: true }) lastSeenPlace!: string | null;
  @Field(() => String, { nullable: true }) lastSeenWith!: string | null;
  @Field(() => [MissingReport]) reports!: MissingReport[];
  @Field(() => Date, { nullable: true }) returnedAt!: Date | null;
  @Field(() => Date, { nullable: true }) returnInterviewAt!: Date | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether a screening was done at the return interview' }) screeningDone!: boolean | null;
  /** Where it was last seen is known but not shown to this viewer (answered null, listed in extensions.redacted). */
  lastSeenWithheld?: boolean;
}

@InputType()
export class RecordMissingEpisodeInput {
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) caseId!: string;
  @Field() @IsDate() missingSince!: Date;
  @Field({ description: 'When your agency learned of it: the 24-hour reporting clocks run from here' }) @IsDate() learnedAt!: Date;
  @Field(() => String, { nullable: true }) @IsOptional() @Trim() @Length(1, 300) @SingleLineText() lastSeenPlace?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Trim() @Length(1, 300) @SingleLineText() lastSeenWith?: string | null;
}

@InputType()
export class RecordMissingReportInput {
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) episodeId!: string;
  @Field(() => ReportedTo) @IsEnum(ReportedTo) reportedTo!: ReportedTo;
  @Field() @IsDate() reportedAt!: Date;
  @Field() @Trim() @Length(1, 100) @Matches(REPORT_NUMBER, { message: 'must be letters, digits, spaces or ./#-' }) reportNumber!: string;
  @Field(() => ID, { nullable: true, description: 'The law-enforcement agency on Tandem that received a LAW_ENFORCEMENT report: it becomes a partner of the case (mandated reporting) and its 2-hour NCIC clock starts' })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id' })
  receivingAgencyId?: string | null;
}

@InputType()
export class RecordReturnInput {
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) episodeId!: string;
  @Field() @IsDate() returnedAt!: Date;
}

@InputType()
export class RecordReturnInterviewInput {
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) episodeId!: string;
  @Field() @IsDate() interviewedAt!: Date;
  @Field({ description: 'Whether the screening after return was done' }) @IsBoolean() screeningDone!: boolean;
}
