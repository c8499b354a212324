import { SetMetadata } from '@nestjs/common';

export const MFA_ENROLLMENT_ALLOWED = 'tandem:mfa-enrollment-allowed';

/**
 * Marks the few operations an account that must enrol a second factor may call before it has: who
 * am I, enrol, change the password, sign out. Everything else answers MFA_ENROLLMENT_REQUIRED.
 */
export const AllowedBeforeMfaEnrollment = () => SetMetadata(MFA_ENROLLMENT_ALLOWED, true);
