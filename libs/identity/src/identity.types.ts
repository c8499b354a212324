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
  createdAt: Date;
}

export interface UserWithSecret extends UserRecord {
  passwordHash: string;
}
