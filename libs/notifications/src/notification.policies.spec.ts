import { decide, Role, Viewer } from '@tandem/authz';
import { testViewer } from '@tandem/testing';
import { NotificationPolicy } from './notification.policies';

// Every signed-in user has notifications of their own, whatever their role or agency; no one
// signed out reads, counts, marks or follows any.

const ROLES = [Role.STAFF, Role.SUPERVISOR, Role.AGENCY_ADMIN, Role.AUDITOR, Role.SYSTEM_ADMIN];

const viewer = (role: Role, agencyId: string | null): Viewer => testViewer(role, { agencyId });

describe('notification policies', () => {
  const policies = Object.values(NotificationPolicy);
  const rows = policies.flatMap((policy) => ROLES.flatMap((role) => [
    [policy.name, role, 'an agency', policy, 'agency-own'],
    [policy.name, role, 'no agency', policy, null],
  ] as const));

  it.each(rows)('%s: %s of %s, on their own notifications', (_name, role, _place, policy, agencyId) => {
    expect(decide(policy, viewer(role, agencyId), undefined)).toEqual({ allowed: true });
  });

  it.each(policies.map((policy) => [policy.name, policy] as const))('%s: refused without signing in', (_name, policy) => {
    expect(decide(policy, null, undefined)).toMatchObject({ allowed: false, code: 'role' });
  });
});
