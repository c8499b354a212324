import { Field, ID, InputType } from '@nestjs/graphql';
import { IsDate, IsEnum, IsOptional, IsUUID, Matches } from 'class-validator';
import { AuditOutcome } from './audit-event.model';

@InputType({ description: 'Every condition set narrows the list; from and to are inclusive' })
export class AuditEventFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'must be an id' }) actorUserId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The agency the actor acted for' }) @IsOptional() @IsUUID('all', { message: 'must be an id' }) actorAgencyId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'must be an id' }) caseId?: string | null;
  @Field(() => String, { nullable: true, description: 'An action code, e.g. CASE_VIEW' })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9_]{0,63}$/, { message: 'must be an action code such as CASE_VIEW' })
  action?: string | null;
  @Field(() => AuditOutcome, { nullable: true }) @IsOptional() @IsEnum(AuditOutcome) outcome?: AuditOutcome | null;
  @Field(() => Date, { nullable: true }) @IsOptional() @IsDate() from?: Date | null;
  @Field(() => Date, { nullable: true }) @IsOptional() @IsDate() to?: Date | null;
}
