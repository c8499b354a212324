import { registerEnumType } from '@nestjs/graphql';

/** Roles of docs/access-policy.md ("Roles"). Only STAFF and SUPERVISOR ever see case content. */
export enum Role {
  STAFF = 'STAFF',
  SUPERVISOR = 'SUPERVISOR',
  AGENCY_ADMIN = 'AGENCY_ADMIN',
  AUDITOR = 'AUDITOR',
  SYSTEM_ADMIN = 'SYSTEM_ADMIN',
}

export enum AgencyType {
  CHILD_WELFARE = 'CHILD_WELFARE',
  LAW_ENFORCEMENT = 'LAW_ENFORCEMENT',
  SHELTER = 'SHELTER',
  COUNSELING = 'COUNSELING',
  MEDICAL = 'MEDICAL',
  ADVOCACY = 'ADVOCACY',
  PROSECUTION = 'PROSECUTION',
}

export const CASE_ROLES: readonly Role[] = [Role.STAFF, Role.SUPERVISOR];
export const ADMIN_ROLES: readonly Role[] = [Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN];

registerEnumType(Role, { name: 'Role', description: 'What a user may do (docs/access-policy.md, Roles)' });
registerEnumType(AgencyType, { name: 'AgencyType' });
