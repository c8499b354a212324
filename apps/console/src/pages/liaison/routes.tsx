import type { RouteObject } from 'react-router';
import { BreakGlass } from './BreakGlass';
import { ReportsDue } from './ReportsDue';
import { SharedCases } from './SharedCases';
import { TipPage } from './TipPage';
import { TipQueue } from './TipQueue';

/** A law-enforcement liaison's pages: shared cases, reports due, the tip triage queue, break glass. */
export const liaisonRoutes: RouteObject[] = [
  { path: 'liaison/cases', element: <SharedCases /> },
  { path: 'liaison/reports', element: <ReportsDue /> },
  { path: 'liaison/tips', element: <TipQueue /> },
  { path: 'liaison/tips/:id', element: <TipPage /> },
  { path: 'liaison/break-glass', element: <BreakGlass /> },
];
