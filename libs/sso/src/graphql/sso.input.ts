import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsUUID, Length, Matches } from 'class-validator';
import { Trim } from '@tandem/platform';

/** Visible ASCII without spaces: what client ids, secrets and claim values are made of. */
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

@InputType({ description: "An agency's OpenID Connect identity provider" })
export class ConfigureAgencySingleSignOnInput {
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) agencyId!: string;

  @Field({ description: 'The issuer URL exactly as the provider names itself (its discovery document is at <issuer>/.well-known/openid-configuration)' })
  @Trim()
  @Length(8, 500)
  @Matches(/^https?:\/\/[\x21-\x7e]+$/, { message: 'must be an https URL' })
  issuer!: string;

  @Field({ description: 'The client id the provider registered for Tandem' })
  @Trim()
  @Length(1, 200)
  @Matches(VISIBLE_ASCII, { message: 'must be visible ASCII characters without spaces' })
  clientId!: string;

  @Field(() => String, { nullable: true, description: 'The client secret; required the first time, kept when omitted later. Never shown again' })
  @IsOptional()
  @Length(1, 500)
  @Matches(VISIBLE_ASCII, { message: 'must be visible ASCII characters without spaces' })
  clientSecret?: string | null;

  @Field({ description: "Whether a second factor the provider asserts (accepted amr or acr) satisfies Tandem's multi-factor rule" })
  @IsBoolean()
  trustProviderMfa!: boolean;

  @Field(() => [String], { nullable: true, description: 'amr values that mean a second factor was used; mfa, otp and hwk when empty or omitted' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Length(1, 100, { each: true })
  @Matches(VISIBLE_ASCII, { each: true, message: 'each must be visible ASCII characters without spaces' })
  acceptedAmr?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'acr values that mean a second factor was used' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Length(1, 300, { each: true })
  @Matches(VISIBLE_ASCII, { each: true, message: 'each must be visible ASCII characters without spaces' })
  acceptedAcr?: string[] | null;

  @Field({ description: "Whether the agency's people may sign in through it" })
  @IsBoolean()
  enabled!: boolean;
}
