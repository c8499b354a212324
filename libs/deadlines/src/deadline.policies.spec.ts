import { decide, Role, Viewer } from '@tandem/authz';
import { testViewer } from '@tandem/testing';
import { DEADLINE_LIST } from './deadline.policies';

const viewer = (role: Role): Viewer => testViewer(role, { userId: `u-${role}`, agencyId: role === Role.AUDITOR || role === Role.SYSTEM_ADMIN ? null : 'agency' });

/*
 * Deadlines belong to the "who sees a case" rules: only staff and supervisors, who see cases, list
 * them, and the list holds only the deadlines of cases they see (its SQL predicate, tested end to
 * end). Administrators and auditors see no case and so no deadline.
 */
describe('deadline.list', () => {
  it.each([
    [Role.STAFF, true],
    [Role.SUPERVISOR, true],
    [Role.AGENCY_ADMIN, false],
    [Role.AUDITOR, false],
    [Role.SYSTEM_ADMIN, false],
  ])('%s may list deadlines: %s', (role, allowed) => {
    expect(decide(DEADLINE_LIST, viewer(role), undefined).allowed).toBe(allowed);
  });

  it('refuses the anonymous', () => {
    expect(decide(DEADLINE_LIST, null, undefined)).toMatchObject({ allowed: false, code: 'role' });
  });
});
