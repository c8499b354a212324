import type { RouteObject } from 'react-router';

/** An auditor's pages: audit search across agencies, chain verification. */
export const auditorRoutes: RouteObject[] = [];
