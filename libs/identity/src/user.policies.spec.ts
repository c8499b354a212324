import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decide, Policy, Role, Verdict, Viewer } from '@tandem/authz';
import { AccountPolicy } from './account.policies';
import { AgencyPolicy } from './agency.policies';
import { JurisdictionPolicy } from './jurisdiction.policies';
import { ManagedAccount, UserPolicy } from './user.policies';

/*
 * The "manage users", "list an agency's users", "change one's own password" and "manage agencies,
 * jurisdictions" rows of the access policy, for every role, in their own agency, another one or
 * none. The expected answers are written from the policy's words, not from the rules' code.
 */

const OWN = 'agency-own';
const OTHER = 'agency-other';
const ROLES = [Role.STAFF, Role.SUPERVISOR, Role.AGENCY_ADMIN, Role.AUDITOR, Role.SYSTEM_ADMIN];
/** Staff, supervisors and agency administrators belong to an agency; auditors and system administrators to none. */
const homeOf = (role: Role): string | null => (role === Role.AUDITOR || role === Role.SYSTEM_ADMIN ? null : OWN);

const viewer = (role: Role, agencyId: string | null = homeOf(role)): Viewer => ({
  userId: `viewer-${role}`,
  sessionId: 's',
  email: 'v@tandem.test',
  displayName: 'V',
  role,
  agencyId,
  agencyType: null,
  jurisdictionId: null,
});

type Outcome = 'allowed' | 'hidden' | 'forbidden' | 'role';
const outcomeOf = (verdict: Verdict): Outcome => (verdict.allowed ? 'allowed' : verdict.code === 'role' ? 'role' : verdict.disclose === 'hide' ? 'hidden' : 'forbidden');
const outcome = <Facts>(policy: Policy<Facts>, who: Viewer | null, facts: Facts): Outcome => outcomeOf(decide(policy, who, facts));

const ADMINISTRATORS = [Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN];
const PLACES: [string, string | null][] = [
  ['own agency', OWN],
  ['another agency', OTHER],
  ['no agency', null],
];

/** "manage users": an agency administrator, for the staff and supervisors of that agency; the system administrator, for agency administrators and auditors. */
function managesByPolicy(role: Role, target: { role: Role; agencyId: string | null }): boolean {
  if (role === Role.AGENCY_ADMIN) return target.agencyId === OWN && (target.role === Role.STAFF || target.role === Role.SUPERVISOR);
  if (role === Role.SYSTEM_ADMIN) return target.role === Role.AGENCY_ADMIN || target.role === Role.AUDITOR;
  return false;
}

describe('user account policies', () => {
  describe('user.create', () => {
    const rows = ROLES.flatMap((role) => ROLES.flatMap((targetRole) => PLACES.map(([place, agencyId]) => [role, targetRole, place, agencyId] as const)));
    it.each(rows)('%s creating a %s in %s', (role, targetRole, _place, agencyId) => {
      const expected: Outcome = !ADMINISTRATORS.includes(role) ? 'role' : managesByPolicy(role, { role: targetRole, agencyId }) ? 'allowed' : 'forbidden';
      expect(outcome(UserPolicy.create, viewer(role), { role: targetRole, agencyId })).toBe(expected);
    });

    it('says why, in the words the audit trail keeps', () => {
      expect(decide(UserPolicy.create, viewer(Role.AGENCY_ADMIN), { role: Role.STAFF, agencyId: OTHER })).toMatchObject({
        reason: 'agency administrators manage only their own agency',
        message: 'You may not create this user: agency administrators manage only their own agency',
      });
      expect(decide(UserPolicy.create, viewer(Role.AGENCY_ADMIN), { role: Role.AGENCY_ADMIN, agencyId: OWN })).toMatchObject({
        reason: 'role AGENCY_ADMIN may not create a AGENCY_ADMIN',
      });
      expect(decide(UserPolicy.create, viewer(Role.SYSTEM_ADMIN), { role: Role.STAFF, agencyId: OWN })).toMatchObject({ reason: 'role SYSTEM_ADMIN may not create a STAFF' });
    });
  });

  describe.each([
    ['user.disable', UserPolicy.disable],
    ['user.enable', UserPolicy.enable],
  ])('%s', (_name, policy) => {
    const rows = ROLES.flatMap((role) => ROLES.flatMap((targetRole) => PLACES.map(([place, agencyId]) => [role, targetRole, place, agencyId] as const)));
    it.each(rows)('%s changing a %s of %s', (role, targetRole, _place, agencyId) => {
      const target: ManagedAccount = { id: 'someone-else', role: targetRole, agencyId };
      // An agency administrator is not shown accounts outside their agency: those answer as not found.
      const expected: Outcome = !ADMINISTRATORS.includes(role)
        ? 'role'
        : managesByPolicy(role, target)
          ? 'allowed'
          : role === Role.AGENCY_ADMIN && agencyId !== OWN
            ? 'hidden'
            : 'forbidden';
      expect(outcome(policy, viewer(role), target)).toBe(expected);
    });

    it.each(ADMINISTRATORS)('refuses %s their own account', (role) => {
      expect(outcome(policy, viewer(role), { id: `viewer-${role}`, role, agencyId: homeOf(role) })).toBe('forbidden');
    });

    it.each(ADMINISTRATORS)('answers %s an account that does not exist as not found', (role) => {
      expect(outcome(policy, viewer(role), null)).toBe('hidden');
    });

    it('hides as a User, and says why', () => {
      expect(policy.hides).toBe('User');
      expect(decide(policy, viewer(Role.AGENCY_ADMIN), { id: 'x', role: Role.STAFF, agencyId: OTHER })).toMatchObject({ reason: 'no such user in purview' });
      expect(decide(policy, viewer(Role.AGENCY_ADMIN), { id: 'x', role: Role.AGENCY_ADMIN, agencyId: OWN })).toMatchObject({
        reason: "outside the administrator's purview",
        message: 'You may not change this account',
      });
    });
  });

  describe('user.list', () => {
    const rows = ROLES.flatMap((role) => PLACES.map(([place, agencyId]) => [role, place, agencyId] as const));
    it.each(rows)("%s listing the accounts of %s", (role, _place, agencyId) => {
      // "its AGENCY_ADMIN" (no agency named: their own); the system administrator lists any agency.
      const expected: Outcome = !ADMINISTRATORS.includes(role) ? 'role' : role === Role.AGENCY_ADMIN && agencyId === OTHER ? 'forbidden' : 'allowed';
      expect(outcome(UserPolicy.list, viewer(role), { agencyId })).toBe(expected);
    });
  });

  describe('staff.list', () => {
    it.each(ROLES)('%s listing the active staff of their own agency', (role) => {
      expect(outcome(UserPolicy.listStaff, viewer(role), undefined)).toBe(role === Role.SUPERVISOR ? 'allowed' : 'role');
    });

    it('refuses a supervisor who belongs to no agency, as a matter of role', () => {
      expect(outcome(UserPolicy.listStaff, viewer(Role.SUPERVISOR, null), undefined)).toBe('role');
    });
  });

  describe('user.readAdministration', () => {
    // "list an agency's users": supervisors see no admin field; the account's administration is its agency admin's
    // (and, for every account, the system administrator's); the owner reads their own.
    const ACCOUNTS: [string, (role: Role) => { id: string; agencyId: string | null }][] = [
      ['their own account', (role) => ({ id: `viewer-${role}`, agencyId: homeOf(role) })],
      ['an account of their agency', () => ({ id: 'someone', agencyId: OWN })],
      ['an account of another agency', () => ({ id: 'someone', agencyId: OTHER })],
      ['an account of no agency', () => ({ id: 'someone', agencyId: null })],
    ];
    const rows = ROLES.flatMap((role) => ACCOUNTS.map(([which, account]) => [role, which, account(role)] as const));
    it.each(rows)('%s reading the administration of %s', (role, which, account) => {
      const allowed = which === 'their own account' || role === Role.SYSTEM_ADMIN || (role === Role.AGENCY_ADMIN && which === 'an account of their agency');
      expect(outcome(UserPolicy.readAdministration, viewer(role), account)).toBe(allowed ? 'allowed' : 'forbidden');
    });

    it('shows nothing to an agency administrator of no agency, nor to anyone not signed in', () => {
      expect(outcome(UserPolicy.readAdministration, viewer(Role.AGENCY_ADMIN, null), { id: 'someone', agencyId: null })).toBe('forbidden');
      expect(outcome(UserPolicy.readAdministration, null, { id: 'someone', agencyId: OWN })).toBe('role');
    });
  });

  describe("one's own account", () => {
    it.each(ROLES)('%s reads their account and changes their own password', (role) => {
      expect(outcome(AccountPolicy.read, viewer(role), undefined)).toBe('allowed');
      expect(outcome(AccountPolicy.changePassword, viewer(role), undefined)).toBe('allowed');
    });

    it('needs a signed-in user', () => {
      expect(outcome(AccountPolicy.read, null, undefined)).toBe('role');
      expect(outcome(AccountPolicy.changePassword, null, undefined)).toBe('role');
    });
  });

  describe('agencies and jurisdictions', () => {
    it.each(ROLES)('%s reads the directory; only the system administrator creates', (role) => {
      expect(outcome(AgencyPolicy.list, viewer(role), undefined)).toBe('allowed');
      expect(outcome(AgencyPolicy.read, viewer(role), undefined)).toBe('allowed');
      expect(outcome(JurisdictionPolicy.list, viewer(role), undefined)).toBe('allowed');
      const creates: Outcome = role === Role.SYSTEM_ADMIN ? 'allowed' : 'role';
      expect(outcome(AgencyPolicy.create, viewer(role), undefined)).toBe(creates);
      expect(outcome(JurisdictionPolicy.create, viewer(role), undefined)).toBe(creates);
    });

    it('are not read without signing in', () => {
      expect(outcome(AgencyPolicy.list, null, undefined)).toBe('role');
      expect(outcome(JurisdictionPolicy.list, null, undefined)).toBe('role');
    });
  });

  it("names rows that the access policy's table has", () => {
    const table = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'access-policy.md'), 'utf8');
    const policies = [...Object.values(UserPolicy), ...Object.values(AccountPolicy), ...Object.values(AgencyPolicy), ...Object.values(JurisdictionPolicy)];
    for (const { row } of policies) if (row !== null) expect(table).toContain(`\n| ${row} |`);
  });
});
