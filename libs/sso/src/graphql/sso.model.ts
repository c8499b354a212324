import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: "An agency's identity provider as Tandem uses it; the client secret is never shown" })
export class AgencySingleSignOn {
  @Field(() => ID) agencyId!: string;
  @Field() issuer!: string;
  @Field() clientId!: string;
  @Field() trustProviderMfa!: boolean;
  @Field(() => [String], { description: 'amr values accepted as a second factor (mfa, otp and hwk when none are listed)' }) acceptedAmr!: string[];
  @Field(() => [String]) acceptedAcr!: string[];
  @Field() enabled!: boolean;
  @Field({ description: "The redirect URI to register at the provider for Tandem's client" }) redirectUri!: string;
  @Field({ description: "Where a page sends the agency's people to sign in (add ?returnTo=<the page's URL>)" }) signInUrl!: string;
  @Field() updatedAt!: Date;
}
