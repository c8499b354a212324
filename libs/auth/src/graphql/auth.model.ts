import { Field, ObjectType } from '@nestjs/graphql';
import { User } from '@tandem/identity';

@ObjectType()
export class AuthPayload {
  @Field({ description: 'Bearer token for the Authorization header; short-lived' }) accessToken!: string;
  @Field() accessTokenExpiresAt!: Date;
  @Field(() => String, {
    nullable: true,
    description: 'Single use: exchange it with refreshToken for a new pair. Null in browser session mode (header Tandem-Session: browser), where it is in an HttpOnly cookie',
  })
  refreshToken!: string | null;
  @Field(() => User) user!: User;
  @Field({ description: 'The password was set by an administrator: call changePassword before anything else (only me and logout answer meanwhile)' })
  passwordChangeRequired!: boolean;
}
