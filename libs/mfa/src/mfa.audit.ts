/**
 * What the audit trail records of second factors. Each is recorded with the account's owner as the
 * actor (an administrator's reset with the account's agency), so the owner's supervisors read them
 * with their agency's events, and auditors with everyone's.
 */
export const MfaAudit = {
  /** A secret was issued for enrolment (not yet confirmed). */
  ENROLL_START: 'MFA_ENROLL_START',
  /** Enrolment confirmed by a first code (or refused: a wrong code). */
  ENROLL: 'MFA_ENROLL',
  /** A right password earned a challenge for the second factor. */
  CHALLENGE: 'MFA_CHALLENGE',
  SUCCESS: 'MFA_SUCCESS',
  FAILURE: 'MFA_FAILURE',
  RECOVERY_CODE_USED: 'MFA_RECOVERY_CODE_USED',
  /** An administrator removed a user's second factor; the user enrols again. */
  RESET: 'MFA_RESET',
  /** An agency's own rule changed. */
  AGENCY_POLICY: 'AGENCY_MFA_POLICY',
} as const;
