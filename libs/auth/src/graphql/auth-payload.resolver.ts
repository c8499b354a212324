import { ResolveField, Resolver } from '@nestjs/graphql';
import { Tokens } from '../session-tokens';
import { SecondFactorGate } from '../second-factor-gate';
import { AuthPayload } from './auth.model';

/** What a sign-in's answer says of the second factor the account still owes. */
@Resolver(() => AuthPayload)
export class AuthPayloadResolver {
  constructor(private readonly gate: SecondFactorGate) {}

  @ResolveField(() => Boolean, {
    description:
      'The account requires a second factor and has none: enrol one (startMfaEnrollment, confirmMfaEnrollment) before anything else (only me, myMfa, enrolling, changePassword and logout answer meanwhile)',
  })
  mfaEnrollmentRequired(answer: AuthPayload & Partial<Pick<Tokens, 'sessionId'>>): Promise<boolean> {
    const { user, sessionId } = answer;
    return this.gate.mustEnroll({ userId: user.id, role: user.role, agencyId: user.agencyId, ...(sessionId ? { sessionId } : {}) });
  }
}
