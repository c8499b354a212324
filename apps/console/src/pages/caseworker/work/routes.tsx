import type { RouteObject } from 'react-router';

/** A caseworker's lists and forms: my cases, a new case, referring, screening, a missing episode. */
export const workRoutes: RouteObject[] = [];
