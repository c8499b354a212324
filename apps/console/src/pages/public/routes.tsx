import type { RouteObject } from 'react-router';
import { Directory } from './Directory';
import { PublicHome } from './PublicHome';
import { Statistics } from './Statistics';
import { SubmitTip } from './SubmitTip';
import { TipStatus } from './TipStatus';
import { WarningSigns } from './WarningSigns';

/** The pages without sign-in, under the public layout. */
export const publicRoutes: RouteObject[] = [
  { index: true, element: <PublicHome /> },
  { path: 'public/warning-signs', element: <WarningSigns /> },
  { path: 'public/tip', element: <SubmitTip /> },
  { path: 'public/tip-status', element: <TipStatus /> },
  { path: 'public/directory', element: <Directory /> },
  { path: 'public/statistics', element: <Statistics /> },
];
