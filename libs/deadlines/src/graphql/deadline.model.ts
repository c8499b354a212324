import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Agency } from '@tandem/identity';
import { ConnectionType } from '@tandem/platform';
import { IsBoolean, IsEnum, IsOptional, IsUUID } from 'class-validator';
import { DeadlineKind, DeadlineStatus } from '../deadline.types';

@ObjectType({ description: 'A clock that law or practice sets on a case (docs/design.md, Deadlines and whom they alert)' })
export class Deadline {
  @Field(() => ID) id!: string;
  @Field(() => DeadlineKind) kind!: DeadlineKind;
  @Field(() => DeadlineStatus) status!: DeadlineStatus;
  @Field(() => ID) caseId!: string;
  @Field() caseNumber!: string;
  @Field({ description: 'What the deadline waits on: MissingEpisode, Referral, Handoff, AccessGrant, Consent or Case' }) subjectType!: string;
  @Field(() => ID) subjectId!: string;
  @Field(() => Agency, { description: 'The agency that must act' }) agency!: Agency;
  @Field() startedAt!: Date;
  @Field() dueAt!: Date;
  @Field({ description: 'Due and not met: PENDING past its due time, or BREACHED' }) overdue!: boolean;
  @Field(() => Int, { description: 'How many reminders and escalations have gone out' }) escalationLevel!: number;
  @Field(() => Date, { nullable: true, description: 'When the next reminder, escalation or the due stage runs' }) nextAlertAt!: Date | null;
  @Field(() => Date, { nullable: true }) metAt!: Date | null;
  @Field(() => Date, { nullable: true }) breachedAt!: Date | null;
  @Field(() => Date, { nullable: true }) cancelledAt!: Date | null;
  agencyId!: string;
}

@ObjectType()
export class DeadlineConnection extends ConnectionType(Deadline) {}

@InputType()
export class DeadlineFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'must be an id' }) caseId?: string | null;
  @Field(() => DeadlineStatus, { nullable: true }) @IsOptional() @IsEnum(DeadlineStatus) status?: DeadlineStatus | null;
  @Field(() => Boolean, { nullable: true, description: 'Only deadlines past due and not met' }) @IsOptional() @IsBoolean() overdueOnly?: boolean | null;
  @Field(() => ID, { nullable: true, description: 'Only deadlines this agency must act on' }) @IsOptional() @IsUUID('all', { message: 'must be an id' }) agencyId?: string | null;
}
