import type { RouteObject } from 'react-router';
import { Account } from './Account';
import { Notifications } from './Notifications';

/** Every signed-in person's own pages: account and sessions, notifications. */
export const accountRoutes: RouteObject[] = [
  { path: 'account', element: <Account /> },
  { path: 'notifications', element: <Notifications /> },
];
