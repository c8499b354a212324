import { ALLOW, definePolicy, forbid, hide, Role, Verdict, Viewer } from '@tandem/authz';

const ADMINISTRATORS = [Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN];

/** The account an administrator acts on, as loaded (or, for a new account, as asked for). */
export interface ManagedAccount {
  /** Absent for an account that does not exist yet. */
  id?: string;
  role: Role;
  agencyId: string | null;
}

/** Which roles an administrator may create or manage: an agency administrator never their own role. */
function manageableRoles(viewer: Viewer): Role[] {
  if (viewer.role === Role.SYSTEM_ADMIN) return [Role.AGENCY_ADMIN, Role.AUDITOR];
  if (viewer.role === Role.AGENCY_ADMIN) return [Role.STAFF, Role.SUPERVISOR];
  return [];
}

/** May `viewer` manage the account `target` (create, disable, enable)? Nobody manages their own. */
function mayManage(viewer: Viewer, target: ManagedAccount): boolean {
  if (target.id !== undefined && target.id === viewer.userId) return false;
  if (!manageableRoles(viewer).includes(target.role)) return false;
  if (viewer.role === Role.AGENCY_ADMIN) return target.agencyId !== null && target.agencyId === viewer.agencyId;
  return true;
}

/** An agency administrator sees the accounts of their own agency only: any other account is not disclosed. */
const inPurview = (viewer: Viewer, target: ManagedAccount | null): target is ManagedAccount =>
  target !== null && (viewer.role !== Role.AGENCY_ADMIN || target.agencyId === viewer.agencyId);

/** An account that does not exist, or that is not the administrator's to see: answered as not found. */
export const NO_SUCH_USER = hide('no such user in purview');

/**
 * Changing an account (disabling, enabling, resetting its second factor): one outside the
 * administrator's agency answers as if it did not exist.
 */
export function changeAccount(viewer: Viewer, target: ManagedAccount | null): Verdict {
  if (!inPurview(viewer, target)) return NO_SUCH_USER;
  return mayManage(viewer, target) ? ALLOW : forbid("outside the administrator's purview", { message: 'You may not change this account' });
}

/** Creating an account of a role in an agency (or in none, for an auditor). */
const create = definePolicy<ManagedAccount>({
  name: 'user.create',
  row: 'manage user accounts',
  audit: 'USER_CREATE',
  who: ADMINISTRATORS,
  rule: (viewer, account) => {
    if (mayManage(viewer, account)) return ALLOW;
    const reason =
      viewer.role === Role.AGENCY_ADMIN && account.agencyId !== viewer.agencyId
        ? 'agency administrators manage only their own agency'
        : `role ${viewer.role} may not create a ${account.role}`;
    return forbid(reason, { message: `You may not create this user: ${reason}` });
  },
});

/** Disabling an account (`null`: no account has the id). */
const disable = definePolicy<ManagedAccount | null>({
  name: 'user.disable',
  row: 'manage user accounts',
  audit: 'USER_DISABLE',
  who: ADMINISTRATORS,
  hides: 'User',
  rule: changeAccount,
});

/** Enabling an account again (`null`: no account has the id). */
const enable = definePolicy<ManagedAccount | null>({
  name: 'user.enable',
  row: 'manage user accounts',
  audit: 'USER_ENABLE',
  who: ADMINISTRATORS,
  hides: 'User',
  rule: changeAccount,
});

/**
 * The accounts of an agency with their administration fields, or of every agency (`agencyId`
 * null) for the system administrator; an agency administrator's list is their own agency's.
 */
const list = definePolicy<{ agencyId: string | null }>({
  name: 'user.list',
  row: "list an agency's users",
  audit: 'USER_LIST',
  who: ADMINISTRATORS,
  rule: (viewer, asked) =>
    viewer.role === Role.AGENCY_ADMIN && asked.agencyId !== null && asked.agencyId !== viewer.agencyId
      ? forbid('agency administrators see only their own agency', { message: 'You may list only the users of your own agency' })
      : ALLOW,
});

/** A supervisor's list of their own agency's active staff and supervisors, the people they assign. */
const listStaff = definePolicy({
  name: 'staff.list',
  row: "list an agency's users",
  audit: 'USER_LIST',
  who: [Role.SUPERVISOR],
  rule: (viewer) =>
    viewer.agencyId === null ? forbid('only supervisors list their agency staff', { message: 'Only supervisors list their agency staff', code: 'role' }) : ALLOW,
});

/** The account whose administration fields (active, locked, temporary password) are read: its id and agency, as its record carries them. */
export interface AdministeredAccount {
  id: string;
  agencyId: string | null;
}

/**
 * Reading an account's administration fields wherever the account is reached (a case's assignments,
 * a note's author, a timeline's actor): its owner, an admin of its agency and the system
 * administrator; anyone else reads null (redacted). A supervisor sees no admin field.
 */
const readAdministration = definePolicy<AdministeredAccount>({
  name: 'user.readAdministration',
  row: "list an agency's users",
  audit: 'USER_READ_ADMINISTRATION',
  who: 'signed-in',
  rule: (viewer, account) => {
    if (account.id === viewer.userId || viewer.role === Role.SYSTEM_ADMIN) return ALLOW;
    if (viewer.role === Role.AGENCY_ADMIN && account.agencyId !== null && account.agencyId === viewer.agencyId) return ALLOW;
    return forbid("an account's administration is read by its owner, its agency's admin and the system administrator");
  },
});

/** What may be done to user accounts, by whom. */
export const UserPolicy = { create, disable, enable, list, listStaff, readAdministration } as const;
