import { decide, Role, Viewer } from '@tandem/authz';
import { testViewer } from '@tandem/testing';
import { SessionPolicy } from './session.policies';

// Signing in, its second step and refreshing are open to anyone (the credential is the password,
// the challenge with a code, or the refresh token); signing out, listing and ending sessions are every signed-in user's, for their own
// sessions (no operation names another user: another's session id answers NOT_FOUND).

const ROLES = [Role.STAFF, Role.SUPERVISOR, Role.AGENCY_ADMIN, Role.AUDITOR, Role.SYSTEM_ADMIN];

const viewer = (role: Role, agencyId: string | null): Viewer => testViewer(role, { agencyId });

describe('session policies', () => {
  const rows = ROLES.flatMap((role) => [
    [role, 'an agency', 'agency-own'],
    [role, 'no agency', null],
  ] as const);

  it.each(rows)('%s of %s signs in, refreshes and signs out', (role, _place, agencyId) => {
    expect(decide(SessionPolicy.login, viewer(role, agencyId), undefined).allowed).toBe(true);
    expect(decide(SessionPolicy.refresh, viewer(role, agencyId), undefined).allowed).toBe(true);
    expect(decide(SessionPolicy.logout, viewer(role, agencyId), undefined).allowed).toBe(true);
  });

  it.each(rows)('%s of %s lists and ends their own sessions', (role, _place, agencyId) => {
    expect(decide(SessionPolicy.list, viewer(role, agencyId), undefined).allowed).toBe(true);
    expect(decide(SessionPolicy.end, viewer(role, agencyId), undefined).allowed).toBe(true);
  });

  it('lets anyone sign in or refresh, and only a signed-in user sign out or manage sessions', () => {
    expect(decide(SessionPolicy.login, null, undefined).allowed).toBe(true);
    expect(decide(SessionPolicy.refresh, null, undefined).allowed).toBe(true);
    expect(decide(SessionPolicy.verifyMfa, null, undefined).allowed).toBe(true);
    expect(decide(SessionPolicy.logout, null, undefined)).toMatchObject({ allowed: false, code: 'role' });
    expect(decide(SessionPolicy.list, null, undefined)).toMatchObject({ allowed: false, code: 'role' });
    expect(decide(SessionPolicy.end, null, undefined)).toMatchObject({ allowed: false, code: 'role' });
  });
});
