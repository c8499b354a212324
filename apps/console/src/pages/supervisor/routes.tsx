import type { RouteObject } from 'react-router';

/** A supervisor's pages: team, overdue deadlines, referral answer times, audit, alerts, break-glass reviews, statistics. */
export const supervisorRoutes: RouteObject[] = [];
