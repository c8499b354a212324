import type { RouteObject } from 'react-router';

/** A law-enforcement liaison's pages: shared cases, reports due, the tip triage queue. */
export const liaisonRoutes: RouteObject[] = [];
