// Second factors: time-based one-time codes (RFC 6238) with recovery codes, who must have one,
// the challenge of a sign-in, and the administrators' reset.
export * from './graphql/mfa.model';
export * from './mfa-administration.service';
export * from './mfa.audit';
export * from './mfa-codes';
export * from './mfa.decorators';
export * from './mfa-enrollment.service';
export * from './mfa-gate';
export * from './mfa.module';
export * from './mfa.policies';
export * from './mfa.repository';
export * from './mfa.rules';
export * from './recovery-codes';
export * from './totp';
