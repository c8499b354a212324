import { DomainError, ErrorCode, UnauthenticatedError } from '@tandem/platform';

/** Why an access token was refused, for the audit trail; the client hears only that it was. */
export type TokenRefusal =
  | 'missing token'
  | 'malformed token'
  | 'algorithm not allowed'
  | 'bad signature'
  | 'wrong issuer or audience'
  | 'expired'
  | 'not yet valid'
  | 'no expiry'
  | 'lifetime too long'
  | 'incomplete claims'
  | 'unknown session'
  | 'session ended'
  | 'session expired'
  | 'session idle';

export const INVALID_TOKEN_MESSAGE = 'Your session is invalid or has expired; sign in again';

/** An access token that does not let its bearer in; `reason` stays on the server. */
export class TokenRefusedError extends UnauthenticatedError {
  constructor(
    readonly reason: TokenRefusal,
    message = INVALID_TOKEN_MESSAGE,
  ) {
    super(message);
  }
}

/** The account signed in with a password an administrator set: it must choose its own first. */
export class PasswordChangeRequiredError extends DomainError {
  constructor() {
    super(ErrorCode.PASSWORD_CHANGE_REQUIRED, 'Change your password (changePassword) before doing anything else: the one you signed in with was set by an administrator');
  }
}

/**
 * `login` with the right password for an account that has a second factor: no tokens yet. The error
 * carries a short-lived, single-use challenge (`extensions.challenge`, `extensions.challengeExpiresAt`)
 * that `verifyMfa` exchanges, with a code, for the tokens.
 */
export class MfaRequiredError extends DomainError {
  constructor(challenge: string, expiresAt: Date) {
    super(ErrorCode.MFA_REQUIRED, 'Enter the code of your authenticator app (or a recovery code) with verifyMfa', {
      challenge,
      challengeExpiresAt: expiresAt.toISOString(),
    });
  }
}

/** The account must enrol a second factor before anything else. */
export class MfaEnrollmentRequiredError extends DomainError {
  constructor() {
    super(
      ErrorCode.MFA_ENROLLMENT_REQUIRED,
      'Your account requires a second factor: enrol one (startMfaEnrollment, then confirmMfaEnrollment) before doing anything else',
    );
  }
}
