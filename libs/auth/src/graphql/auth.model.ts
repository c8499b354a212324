import { Field, ObjectType } from '@nestjs/graphql';
import { User } from '@tandem/identity';

@ObjectType()
export class AuthPayload {
  @Field({ description: 'Bearer token for the Authorization header; short-lived' }) accessToken!: string;
  @Field() accessTokenExpiresAt!: Date;
  @Field({ description: 'Single use: exchange it with refreshToken for a new pair' }) refreshToken!: string;
  @Field(() => User) user!: User;
  @Field({ description: 'The password was set by an administrator: call changePassword before anything else (only me and logout answer meanwhile)' })
  passwordChangeRequired!: boolean;
}
