import { ALLOW, definePolicy, forbid, Role } from '@tandem/authz';

/** What the queue dashboard lets a visitor see. */
const open = definePolicy({
  name: 'queueBoard.open',
  row: null,
  audit: 'QUEUE_BOARD_OPEN',
  // The dashboard is an HTTP route, not a GraphQL operation: its middleware signs the visitor in
  // and asks this policy, whose rule names the one role that operates the queues.
  who: 'signed-in',
  rule: (viewer) =>
    viewer.role === Role.SYSTEM_ADMIN
      ? ALLOW
      : forbid(`role ${viewer.role} may not open the queue dashboard`, { message: 'Only system administrators may open the queue dashboard', code: 'role' }),
});

/** Who opens the BullMQ dashboard: the system administrators, who operate the platform. */
export const QueueBoardPolicy = { open } as const;
