import { Field, ID, InputType } from '@nestjs/graphql';
import { DataScope } from '@tandem/authz';
import { Trim } from '@tandem/platform';
import { ArrayMaxSize, IsArray, IsDate, IsEnum, IsIn, IsOptional, IsUUID, Length } from 'class-validator';
import { ServiceType, Urgency } from '../referrals.types';

@InputType()
export class CreateReferralInput {
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) caseId!: string;
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) toAgencyId!: string;
  @Field(() => ServiceType) @IsEnum(ServiceType) serviceType!: ServiceType;
  @Field(() => Urgency) @IsEnum(Urgency) urgency!: Urgency;
  @Field(() => [DataScope], { description: 'IDENTITY, LOCATION and/or SERVICES to share (SUMMARY always comes with it)' })
  @IsArray()
  @ArrayMaxSize(3)
  @IsIn([DataScope.IDENTITY, DataScope.LOCATION, DataScope.SERVICES], { each: true, message: 'a referral shares IDENTITY, LOCATION or SERVICES' })
  scopes!: DataScope[];
  @Field() @Trim() @Length(1, 2000) reason!: string;
  @Field(() => Date, { nullable: true, description: 'Defaults from urgency: EMERGENCY 2 h, URGENT 24 h, ROUTINE 72 h' }) @IsOptional() @IsDate() responseDueAt?: Date | null;
  @Field(() => ID, { nullable: true, description: 'EMERGENCY_SHELTER only: the receiving agency’s site (directory service at location) to hold a bed at when it accepts' })
  @IsOptional()
  @Trim()
  @Length(1, 250)
  serviceAtLocationId?: string | null;
  @Field(() => String, { nullable: true, description: 'EMERGENCY only: shares without consent; audited, and both agencies’ supervisors are alerted' })
  @IsOptional()
  @Trim()
  @Length(20, 2000)
  emergencyJustification?: string | null;
}

@InputType()
export class RequestHandoffInput {
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) caseId!: string;
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) toAgencyId!: string;
  @Field() @Trim() @Length(1, 2000) reason!: string;
}
