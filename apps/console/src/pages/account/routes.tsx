import type { RouteObject } from 'react-router';

/** Every signed-in person's own pages: account and sessions, notifications. */
export const accountRoutes: RouteObject[] = [];
