import { decide, Policy, Role, Verdict, Viewer } from '@tandem/authz';
import { testViewer } from '@tandem/testing';
import { MfaPolicy } from './mfa.policies';

/*
 * The "manage your own MFA", "reset a user's MFA" and "set an agency's MFA rule" rows of the access
 * policy. The expected answers are written from the policy's words, not from the rules' code.
 */

const OWN = 'agency-own';
const OTHER = 'agency-other';
const viewer = (role: Role, agencyId: string | null = role === Role.AUDITOR || role === Role.SYSTEM_ADMIN ? null : OWN): Viewer => testViewer(role, { agencyId });
type Outcome = 'allowed' | 'hidden' | 'forbidden' | 'role';
const outcomeOf = (verdict: Verdict): Outcome => (verdict.allowed ? 'allowed' : verdict.code === 'role' ? 'role' : verdict.disclose === 'hide' ? 'hidden' : 'forbidden');
const outcome = <Facts>(policy: Policy<Facts>, who: Viewer, facts: Facts): Outcome => outcomeOf(decide(policy, who, facts));

describe('MfaPolicy.manageOwn', () => {
  it.each([Role.STAFF, Role.SUPERVISOR, Role.AGENCY_ADMIN, Role.AUDITOR, Role.SYSTEM_ADMIN])('lets a %s manage their own', (role) => {
    expect(outcome(MfaPolicy.manageOwn, viewer(role), undefined)).toBe('allowed');
  });
});

describe('MfaPolicy.reset', () => {
  it.each([
    [Role.AGENCY_ADMIN, Role.STAFF, OWN, 'allowed'],
    [Role.AGENCY_ADMIN, Role.SUPERVISOR, OWN, 'allowed'],
    [Role.AGENCY_ADMIN, Role.STAFF, OTHER, 'hidden'],
    [Role.AGENCY_ADMIN, Role.AGENCY_ADMIN, OWN, 'forbidden'],
    [Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN, OTHER, 'allowed'],
    [Role.SYSTEM_ADMIN, Role.AUDITOR, null, 'allowed'],
    [Role.SYSTEM_ADMIN, Role.STAFF, OWN, 'forbidden'],
    [Role.SUPERVISOR, Role.STAFF, OWN, 'role'],
    [Role.STAFF, Role.STAFF, OWN, 'role'],
  ] as const)('a %s resetting a %s of %s: %s', (role, targetRole, agencyId, expected) => {
    expect(outcome(MfaPolicy.reset, viewer(role), { id: 'target', role: targetRole, agencyId })).toBe(expected);
  });

  it('refuses one’s own account and hides one that does not exist', () => {
    const admin = viewer(Role.AGENCY_ADMIN);
    expect(outcome(MfaPolicy.reset, admin, { id: admin.userId, role: Role.STAFF, agencyId: OWN })).toBe('forbidden');
    expect(outcome(MfaPolicy.reset, admin, null)).toBe('hidden');
  });
});

describe('MfaPolicy.setAgencyRule', () => {
  it.each([
    [Role.AGENCY_ADMIN, OWN, 'allowed'],
    [Role.AGENCY_ADMIN, OTHER, 'forbidden'],
    [Role.SYSTEM_ADMIN, OTHER, 'allowed'],
    [Role.SUPERVISOR, OWN, 'role'],
    [Role.AUDITOR, OWN, 'role'],
  ] as const)('a %s setting the rule of %s: %s', (role, agencyId, expected) => {
    expect(outcome(MfaPolicy.setAgencyRule, viewer(role), { agencyId, exists: true })).toBe(expected);
  });

  it('hides an agency that does not exist', () => {
    expect(outcome(MfaPolicy.setAgencyRule, viewer(Role.SYSTEM_ADMIN), { agencyId: 'none', exists: false })).toBe('hidden');
  });
});
