// The API's roles and agency types, as the console names them (the schema's enums).
export type Role = 'STAFF' | 'SUPERVISOR' | 'AUDITOR' | 'AGENCY_ADMIN' | 'SYSTEM_ADMIN';
export type AgencyType = 'ADVOCACY' | 'CHILD_WELFARE' | 'COUNSELING' | 'LAW_ENFORCEMENT' | 'MEDICAL' | 'PROSECUTION' | 'SHELTER';
