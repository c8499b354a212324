import type { RouteObject } from 'react-router';

/** Administrators' pages: users; for system administrators agencies, jurisdictions, directory imports. */
export const adminRoutes: RouteObject[] = [];
