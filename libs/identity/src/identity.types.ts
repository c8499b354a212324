import { AgencyType, Role } from '@tandem/authz';

export interface JurisdictionRecord {
  id: string;
  code: string;
  name: string;
  createdAt: Date;
}

export interface AgencyRecord {
  id: string;
  name: string;
  type: AgencyType;
  jurisdictionId: string;
  contactEmail: string | null;
  contactPhone: string | null;
  active: boolean;
  createdAt: Date;
}

export interface UserRecord {
  id: string;
  email: string;
  displayName: string;
  agencyId: string | null;
  role: Role;
  active: boolean;
  failedLoginCount: number;
  lockedUntil: Date | null;
  /** The password was set by an administrator: the user must choose their own before anything else. */
  passwordChangeRequired: boolean;
  createdAt: Date;
}

/** What a supervisor sees of a colleague: enough to recognise and assign them, no account administration. */
export interface StaffMemberRecord {
  id: string;
  displayName: string;
  email: string;
  role: Role;
}

/** A password check taken against an account's lockout budget. */
export interface SignInAttempt {
  /** Which check of the current lock window this is (1 to the limit). */
  attempt: number;
  /** This check used the last one: the account is locked unless the password is right. */
  locksAccount: boolean;
}

export interface UserWithSecret extends UserRecord {
  passwordHash: string;
}
