import type { RouteObject } from 'react-router';
import { CasePage } from './CasePage';

/** The case page (/cases/:id): everything on one case the viewer may see, and the changes made from it. */
export const caseRoutes: RouteObject[] = [{ path: 'cases/:id', element: <CasePage /> }];
