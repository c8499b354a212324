import type { RouteObject } from 'react-router';
import { Alerts } from './Alerts';
import { Audit } from './Audit';
import { BreakGlass } from './BreakGlass';
import { CaseAccessLog } from './CaseAccessLog';
import { Deadlines } from './Deadlines';
import { ReferralTimes } from './ReferralTimes';
import { Statistics } from './Statistics';
import { Team } from './Team';

/** A supervisor's pages: team, overdue deadlines, referral answer times, audit, alerts, break-glass reviews, statistics (shared with auditors). */
export const supervisorRoutes: RouteObject[] = [
  { path: 'supervisor/team', element: <Team /> },
  { path: 'supervisor/deadlines', element: <Deadlines /> },
  { path: 'supervisor/referrals', element: <ReferralTimes /> },
  { path: 'supervisor/audit', element: <Audit /> },
  { path: 'supervisor/audit/cases/:caseId', element: <CaseAccessLog /> },
  { path: 'supervisor/alerts', element: <Alerts /> },
  { path: 'supervisor/break-glass', element: <BreakGlass /> },
  { path: 'statistics', element: <Statistics /> },
];
