import type { RouteObject } from 'react-router';
import { PublicHome } from './PublicHome';

/** The pages without sign-in, under the public layout. */
export const publicRoutes: RouteObject[] = [{ index: true, element: <PublicHome /> }];
