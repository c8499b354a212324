import { Role, Viewer } from '@tandem/authz';

/**
 * A signed-in viewer for the policy specs: the role, and whatever of its place (agency, agency type,
 * jurisdiction, user id) the rule under test reads. The rest (session, email, name) no policy reads.
 */
export function testViewer(role: Role, where: Partial<Omit<Viewer, 'role'>> = {}): Viewer {
  return { userId: `viewer-${role}`, sessionId: 's', email: 'v@tandem.test', displayName: 'V', role, agencyId: null, agencyType: null, jurisdictionId: null, ...where };
}
