import { decide, Role, Viewer } from '@tandem/authz';
import { testViewer } from '@tandem/testing';
import { SsoPolicy } from './sso.policies';

// Only a system administrator configures or reads an agency's identity provider; signing in
// through one is open to anyone (the provider's answer and the one-time code are the credential).

const viewer = (role: Role, agencyId: string | null): Viewer => testViewer(role, { agencyId });

const ROWS: [Role, string | null, boolean][] = [
  [Role.SYSTEM_ADMIN, null, true],
  [Role.AGENCY_ADMIN, 'agency-own', false],
  [Role.SUPERVISOR, 'agency-own', false],
  [Role.STAFF, 'agency-own', false],
  [Role.AUDITOR, null, false],
];

describe('agency single sign-on policies', () => {
  it.each(ROWS)('%s (agency %s) configures and reads settings: %s', (role, agencyId, allowed) => {
    expect(decide(SsoPolicy.configure, viewer(role, agencyId), undefined).allowed).toBe(allowed);
    expect(decide(SsoPolicy.read, viewer(role, agencyId), undefined).allowed).toBe(allowed);
  });

  it('lets anyone, signed in or not, sign in through a provider', () => {
    expect(decide(SsoPolicy.signIn, null, undefined).allowed).toBe(true);
    for (const [role, agencyId] of ROWS) expect(decide(SsoPolicy.signIn, viewer(role, agencyId), undefined).allowed).toBe(true);
  });

  it('refuses configuration to an anonymous caller', () => {
    expect(decide(SsoPolicy.configure, null, undefined)).toMatchObject({ allowed: false, code: 'role' });
  });
});
