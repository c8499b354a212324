// Which parts of the console a person sees, by role and agency type. The API decides access; this
// only keeps the menu to what the person's work is (a link the API would refuse is not offered).
import type { AgencyType, Role } from './roles';

export type Area = 'caseworker' | 'liaison' | 'supervisor' | 'auditor' | 'agency-admin' | 'system-admin';

export interface NavItem {
  to: string;
  label: string;
  area: Area | 'account';
}

const LAW_AGENCIES: readonly AgencyType[] = ['LAW_ENFORCEMENT', 'PROSECUTION'];

/** The areas of a viewer's work; a supervisor of a law-enforcement agency is both liaison and supervisor. */
export function areasOf(viewer: { role: Role; agencyType: AgencyType | null }): Area[] {
  const law = viewer.agencyType !== null && LAW_AGENCIES.includes(viewer.agencyType);
  switch (viewer.role) {
    case 'STAFF':
      return [law ? 'liaison' : 'caseworker'];
    case 'SUPERVISOR':
      return [law ? 'liaison' : 'caseworker', 'supervisor'];
    case 'AUDITOR':
      return ['auditor'];
    case 'AGENCY_ADMIN':
      return ['agency-admin'];
    case 'SYSTEM_ADMIN':
      return ['system-admin'];
  }
}

/** The page a viewer lands on after signing in. */
export function homeOf(viewer: { role: Role; agencyType: AgencyType | null }): string {
  const first = areasOf(viewer)[0];
  return NAV.find((item) => item.area === first)?.to ?? '/account';
}

export const NAV: readonly NavItem[] = [
  { to: '/inbox', label: 'Inbox', area: 'caseworker' },
  { to: '/cases', label: 'My cases', area: 'caseworker' },
  { to: '/cases/new', label: 'New case', area: 'caseworker' },
  { to: '/liaison/cases', label: 'Shared cases', area: 'liaison' },
  { to: '/liaison/reports', label: 'Reports due', area: 'liaison' },
  { to: '/liaison/tips', label: 'Tips', area: 'liaison' },
  { to: '/supervisor/team', label: 'Team', area: 'supervisor' },
  { to: '/supervisor/deadlines', label: 'Overdue deadlines', area: 'supervisor' },
  { to: '/supervisor/referrals', label: 'Referral answer times', area: 'supervisor' },
  { to: '/supervisor/audit', label: 'Audit trail', area: 'supervisor' },
  { to: '/supervisor/alerts', label: 'Anomaly alerts', area: 'supervisor' },
  { to: '/supervisor/break-glass', label: 'Break-glass reviews', area: 'supervisor' },
  { to: '/statistics', label: 'Statistics', area: 'supervisor' },
  { to: '/audit', label: 'Audit search', area: 'auditor' },
  { to: '/audit/chain', label: 'Chain verification', area: 'auditor' },
  { to: '/statistics', label: 'Statistics', area: 'auditor' },
  { to: '/manage/users', label: 'Users', area: 'agency-admin' },
  { to: '/manage/agencies', label: 'Agencies', area: 'system-admin' },
  { to: '/manage/jurisdictions', label: 'Jurisdictions', area: 'system-admin' },
  { to: '/manage/directory', label: 'Directory imports', area: 'system-admin' },
  { to: '/manage/users', label: 'Users', area: 'system-admin' },
  { to: '/notifications', label: 'Notifications', area: 'account' },
  { to: '/account', label: 'Account and sessions', area: 'account' },
];

/** The menu of a viewer: their areas' items, then the account's, each path once. */
export function navOf(viewer: { role: Role; agencyType: AgencyType | null }): NavItem[] {
  const areas = new Set<NavItem['area']>([...areasOf(viewer), 'account']);
  const seen = new Set<string>();
  return NAV.filter((item) => areas.has(item.area) && !seen.has(item.to) && seen.add(item.to));
}
