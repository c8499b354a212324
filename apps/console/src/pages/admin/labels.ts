import type { AgencyType, Role } from '../../session/session';

export const ROLE_LABEL: Record<Role, string> = {
  STAFF: 'Staff',
  SUPERVISOR: 'Supervisor',
  AGENCY_ADMIN: 'Agency administrator',
  AUDITOR: 'Auditor',
  SYSTEM_ADMIN: 'System administrator',
};

export const AGENCY_TYPE_LABEL: Record<AgencyType, string> = {
  ADVOCACY: 'Advocacy',
  CHILD_WELFARE: 'Child welfare',
  COUNSELING: 'Counseling',
  LAW_ENFORCEMENT: 'Law enforcement',
  MEDICAL: 'Medical',
  PROSECUTION: 'Prosecution',
  SHELTER: 'Shelter',
};
