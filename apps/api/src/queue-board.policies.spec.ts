import { decide, Role, Viewer } from '@tandem/authz';
import { testViewer } from '@tandem/testing';
import { QueueBoardPolicy } from './queue-board.policies';

// The queue dashboard is the platform operator's: the system administrator, and no one else.

const ROLES = [Role.STAFF, Role.SUPERVISOR, Role.AGENCY_ADMIN, Role.AUDITOR, Role.SYSTEM_ADMIN];

const viewer = (role: Role, agencyId: string | null): Viewer => testViewer(role, { agencyId });

describe('queueBoard.open', () => {
  const rows = ROLES.flatMap((role) => [
    [role, 'an agency', 'agency-own'],
    [role, 'no agency', null],
  ] as const);

  it.each(rows)('%s of %s', (role, _place, agencyId) => {
    expect(decide(QueueBoardPolicy.open, viewer(role, agencyId), undefined).allowed).toBe(role === Role.SYSTEM_ADMIN);
  });

  it('refuses with the reason the trail keeps and the message the visitor reads', () => {
    expect(decide(QueueBoardPolicy.open, viewer(Role.STAFF, 'agency-own'), undefined)).toMatchObject({
      reason: 'role STAFF may not open the queue dashboard',
      message: 'Only system administrators may open the queue dashboard',
    });
  });

  it('refuses anyone signed out', () => {
    expect(decide(QueueBoardPolicy.open, null, undefined).allowed).toBe(false);
  });
});
