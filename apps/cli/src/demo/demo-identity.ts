import { AgencyType, Role } from '@tandem/authz';

export const DEMO_PASSWORD = 'Demo-Password-2026!';
/**
 * The authenticator secret (base32) of every demo account that requires a second factor: printed by
 * `seed:demo` for adding to an app. Public on purpose: the demo is never loaded in production.
 */
export const DEMO_TOTP_SECRET = 'TANDEMDEMOSECRETFORTHEPOLICEXX23';

export const DEMO_JURISDICTIONS = [
  { code: 'STL', name: 'St. Louis', domain: 'stl' },
  { code: 'ATL', name: 'Atlanta', domain: 'atl' },
  { code: 'DET', name: 'Detroit', domain: 'det' },
  { code: 'MIA', name: 'Miami-Dade', domain: 'mia' },
] as const;

export const DEMO_AGENCY_KINDS: { type: AgencyType; short: string; name: string }[] = [
  { type: AgencyType.CHILD_WELFARE, short: 'cw', name: "Children's Division" },
  { type: AgencyType.LAW_ENFORCEMENT, short: 'pd', name: 'Police Department' },
  { type: AgencyType.SHELTER, short: 'sh', name: 'Youth Emergency Shelter' },
  { type: AgencyType.COUNSELING, short: 'co', name: 'Family Counseling Center' },
  { type: AgencyType.MEDICAL, short: 'md', name: "Children's Hospital Clinic" },
  { type: AgencyType.ADVOCACY, short: 'ad', name: 'Survivor Advocacy Network' },
  { type: AgencyType.PROSECUTION, short: 'da', name: "Prosecuting Attorney's Office" },
];

/** The accounts of one demo agency: two staff, a supervisor and an agency administrator. */
export const DEMO_AGENCY_USERS: { local: string; role: Role; label: string }[] = [
  { local: 'staff1', role: Role.STAFF, label: 'Staff One' },
  { local: 'staff2', role: Role.STAFF, label: 'Staff Two' },
  { local: 'supervisor', role: Role.SUPERVISOR, label: 'Supervisor' },
  { local: 'admin', role: Role.AGENCY_ADMIN, label: 'Agency Admin' },
];

export function demoEmail(local: string, short: string, domain: string): string {
  return `${short}.${local}@${domain}.tandem.demo`;
}
