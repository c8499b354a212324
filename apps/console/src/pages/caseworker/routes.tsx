import type { RouteObject } from 'react-router';
import { caseRoutes } from './case/routes';
import { Inbox } from './Inbox';
import { workRoutes } from './work/routes';

/** A caseworker's pages: inbox, cases, a case, referrals. */
export const caseworkerRoutes: RouteObject[] = [{ path: 'inbox', element: <Inbox /> }, ...workRoutes, ...caseRoutes];
