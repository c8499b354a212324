import type { RouteObject } from 'react-router';
import { Inbox } from './Inbox';

/** A caseworker's pages: inbox, cases, a case, referrals. */
export const caseworkerRoutes: RouteObject[] = [{ path: 'inbox', element: <Inbox /> }];
