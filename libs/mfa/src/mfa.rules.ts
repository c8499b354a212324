import { AgencyType, Role } from '@tandem/authz';

/** Whom a second factor is mandatory for, from the configuration (`MFA_REQUIRED_ROLES`, `MFA_REQUIRED_AGENCY_TYPES`). */
export interface MfaMandate {
  roles: readonly string[];
  agencyTypes: readonly string[];
}

/** What the rule reads of an account. */
export interface MfaSubject {
  role: Role;
  agencyType: AgencyType | null;
  /** The agency requires a second factor of all its users (`setAgencyMfaRequired`). */
  agencyRequiresMfa: boolean;
}

/**
 * Whether the account must sign in with a second factor: its role is named, its agency's type is
 * named, or its agency requires it of everyone. An agency's own rule only adds to the
 * configuration's: it cannot lift a second factor the configuration requires.
 */
export function mfaRequired(subject: MfaSubject, mandate: MfaMandate): boolean {
  if (mandate.roles.includes(subject.role)) return true;
  if (subject.agencyType !== null && mandate.agencyTypes.includes(subject.agencyType)) return true;
  return subject.agencyRequiresMfa;
}

/** Why a code was not taken, as the audit trail says it. */
export type CodeRefusal = 'wrong code' | 'code already used' | 'no second factor';

/** A code that was taken: a time-based one, or one of the recovery codes (with how many are left). */
export type CodeAccepted = { method: 'TOTP' } | { method: 'RECOVERY_CODE'; left: number };
