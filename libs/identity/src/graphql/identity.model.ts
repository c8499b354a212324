import { Field, ID, ObjectType } from '@nestjs/graphql';
import { AgencyType, Role } from '@tandem/authz';
import { ConnectionType } from '@tandem/platform';

@ObjectType({ description: 'A county or city whose agencies work together' })
export class Jurisdiction {
  @Field(() => ID) id!: string;
  @Field() code!: string;
  @Field() name!: string;
}

@ObjectType()
export class Agency {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => AgencyType) type!: AgencyType;
  @Field(() => ID) jurisdictionId!: string;
  @Field(() => String, { nullable: true }) contactEmail!: string | null;
  @Field(() => String, { nullable: true }) contactPhone!: string | null;
  @Field() active!: boolean;
}

@ObjectType()
export class User {
  @Field(() => ID) id!: string;
  @Field() email!: string;
  @Field() displayName!: string;
  @Field(() => Role) role!: Role;
  /** Administration fields (active, lockedUntil, passwordChangeRequired): their resolvers answer null to anyone but the account's owner, its agency's admin and the system administrator. */
  active!: boolean;
  @Field(() => ID, { nullable: true }) agencyId!: string | null;
  lockedUntil!: Date | null;
  passwordChangeRequired!: boolean;
}

export const UserConnection = ConnectionType(User);

@ObjectType({ description: "A colleague as a supervisor sees them, to assign them: none of the account's administration" })
export class StaffMember {
  @Field(() => ID) id!: string;
  @Field() displayName!: string;
  @Field() email!: string;
  @Field(() => Role) role!: Role;
}

export const StaffMemberConnection = ConnectionType(StaffMember);
