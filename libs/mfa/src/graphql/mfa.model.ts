import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A second factor waiting for its first code: show `otpauthUri` as a QR code' })
export class MfaEnrollment {
  @Field({ description: 'otpauth://totp/... for an authenticator app (as a QR code)' }) otpauthUri!: string;
  @Field({ description: 'The same secret in base32, for typing into an app by hand' }) secret!: string;
}

@ObjectType()
export class MfaRecoveryCodes {
  @Field(() => [String], { description: 'Ten single-use codes for when the app is not at hand: shown this once, keep them somewhere safe' })
  recoveryCodes!: string[];
}

@ObjectType({ description: "The signed-in user's second factor" })
export class MfaStatus {
  @Field() enrolled!: boolean;
  @Field({ description: 'A second factor is required of this account (its role, its agency type or its agency)' }) required!: boolean;
  @Field(() => Int) recoveryCodesLeft!: number;
}
