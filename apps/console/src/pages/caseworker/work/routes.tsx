import type { RouteObject } from 'react-router';
import { MissingEpisode } from './MissingEpisode';
import { MyCases } from './MyCases';
import { NewCase } from './NewCase';
import { ReferCase } from './ReferCase';
import { Screening } from './Screening';

/** A caseworker's lists and forms: my cases, a new case, referring, screening, a missing episode. */
export const workRoutes: RouteObject[] = [
  { path: 'cases', element: <MyCases /> },
  { path: 'cases/new', element: <NewCase /> },
  { path: 'cases/:id/refer', element: <ReferCase /> },
  { path: 'cases/:id/screening', element: <Screening /> },
  { path: 'cases/:id/missing', element: <MissingEpisode /> },
];
