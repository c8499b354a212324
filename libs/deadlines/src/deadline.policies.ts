import { definePolicy, Role } from '@tandem/authz';

/** The deadlines of cases the viewer sees: the list's visibility is the case predicate, so its role is the whole policy. */
export const DEADLINE_LIST = definePolicy({ name: 'deadline.list', row: null, audit: 'DEADLINE_LIST', who: [Role.STAFF, Role.SUPERVISOR] });
