/** The `extensions.code` values a client can receive (docs/design.md, The GraphQL contract). */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  /** Signed in with a temporary password: only me, changePassword and logout answer until it is changed. */
  PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED',
  /** `login`: the password was right and the account has a second factor: send a code with `verifyMfa(challenge, code)`. */
  MFA_REQUIRED = 'MFA_REQUIRED',
  /** The account must enrol a second factor: only me, myMfa, startMfaEnrollment, confirmMfaEnrollment, changePassword and logout answer until it has. */
  MFA_ENROLLMENT_REQUIRED = 'MFA_ENROLLMENT_REQUIRED',
  INTERNAL = 'INTERNAL',
}
