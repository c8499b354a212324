import { Field, ID, InputType } from '@nestjs/graphql';
import { AgencyType, Role } from '@tandem/authz';
import { IsEmail, IsEnum, IsOptional, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { Trim } from '@tandem/platform';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../password.hasher';

@InputType()
export class CreateJurisdictionInput {
  @Field() @Trim() @Length(2, 120) name!: string;
  @Field({ description: 'Two to five capital letters, e.g. STL' })
  @Matches(/^[A-Z]{2,5}$/, { message: 'must be two to five capital letters' })
  code!: string;
}

@InputType()
export class CreateAgencyInput {
  @Field() @Trim() @Length(2, 160) name!: string;
  @Field(() => AgencyType) @IsEnum(AgencyType) type!: AgencyType;
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) jurisdictionId!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail({}, { message: 'must be an email address' }) @MaxLength(254)
  contactEmail?: string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9 ().-]{7,25}$/, { message: 'must be a phone number' })
  contactPhone?: string | null;
}

@InputType()
export class CreateUserInput {
  @Field() @Trim() @IsEmail({}, { message: 'must be an email address' }) @MaxLength(254) email!: string;
  @Field() @Trim() @Length(1, 120) displayName!: string;
  @Field(() => ID, { nullable: true, description: 'Required for every role but AUDITOR' })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id' })
  agencyId?: string | null;
  @Field(() => Role) @IsEnum(Role) role!: Role;
  @Field() @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, { message: `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters` })
  password!: string;
}
