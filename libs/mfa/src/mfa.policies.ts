import { ALLOW, definePolicy, forbid, hide, Role } from '@tandem/authz';
import { changeAccount, ManagedAccount } from '@tandem/identity';

/** Enrolling one's own second factor and reading whether one has it: every user, for themselves. */
const manageOwn = definePolicy({
  name: 'mfa.manageOwn',
  row: 'manage your own MFA',
  audit: 'MFA_ENROLL',
  who: 'signed-in',
});

/**
 * Removing a user's second factor so that they enrol again (a lost phone): whoever manages the
 * account (its agency's admin for staff and supervisors, a system administrator for agency admins
 * and auditors); never one's own. An account outside the administrator's purview is not disclosed.
 */
const reset = definePolicy<ManagedAccount | null>({
  name: 'mfa.reset',
  row: "reset a user's MFA",
  audit: 'MFA_RESET',
  who: [Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN],
  hides: 'User',
  rule: changeAccount,
});

/** An agency requiring a second factor of all its users: its own admin, or a system administrator for any agency. */
const setAgencyRule = definePolicy<{ agencyId: string; exists: boolean }>({
  name: 'mfa.setAgencyRule',
  row: "set an agency's MFA rule",
  audit: 'AGENCY_MFA_POLICY',
  who: [Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN],
  hides: 'Agency',
  rule: (viewer, agency) => {
    if (!agency.exists) return hide('no such agency');
    if (viewer.role === Role.SYSTEM_ADMIN || agency.agencyId === viewer.agencyId) return ALLOW;
    return forbid("an agency admin sets their own agency's rule only", { message: "You may set only your own agency's rule" });
  },
});

/** What may be done with second factors, by whom. */
export const MfaPolicy = { manageOwn, reset, setAgencyRule } as const;
