import { Field, ID, InputType } from '@nestjs/graphql';
import { AgencyType, Role } from '@tandem/authz';
import { IsEnum, IsOptional, IsUUID, Length, Matches } from 'class-validator';
import { SingleLineText, Trim } from '@tandem/platform';
import { IsAccountEmail } from '../account-email';
import { PASSWORD_MAX_LENGTH } from '../password-rules';

@InputType()
export class CreateJurisdictionInput {
  @Field() @Trim() @Length(2, 120) @SingleLineText() name!: string;
  @Field({ description: 'Two to five capital letters, e.g. STL' })
  @Matches(/^[A-Z]{2,5}$/, { message: 'must be two to five capital letters' })
  code!: string;
}

@InputType()
export class CreateAgencyInput {
  @Field() @Trim() @Length(2, 160) @SingleLineText() name!: string;
  @Field(() => AgencyType) @IsEnum(AgencyType) type!: AgencyType;
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) jurisdictionId!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Trim() @IsAccountEmail() contactEmail?: string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9 ().-]{7,25}$/, { message: 'must be a phone number' })
  contactPhone?: string | null;
}

@InputType()
export class CreateUserInput {
  @Field({ description: 'Plain ASCII; stored in lower case' }) @Trim() @IsAccountEmail() email!: string;
  @Field() @Trim() @Length(1, 120) @SingleLineText() displayName!: string;
  @Field(() => ID, { nullable: true, description: 'Required for every role but AUDITOR' })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id' })
  agencyId?: string | null;
  @Field(() => Role) @IsEnum(Role) role!: Role;
  @Field({ description: 'Temporary: the user must choose their own at the first sign-in. PASSWORD_MIN_LENGTH (12) to 200 characters, not a common password' })
  // The length and the common list are the password rule's (PasswordHasher.problem), which reads the configured minimum.
  @Length(1, PASSWORD_MAX_LENGTH, { message: `must be 1 to ${PASSWORD_MAX_LENGTH} characters` })
  password!: string;
}
