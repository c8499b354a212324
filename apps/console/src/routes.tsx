// Every page of the console. Each area keeps its routes in its own folder (pages/<area>/routes.tsx);
// this file only places them under the public layout or behind sign-in.
import type { RouteObject } from 'react-router';
import { PublicLayout } from './layout/PublicLayout';
import { RequireSession } from './layout/RequireSession';
import { NotFound } from './pages/NotFound';
import { accountRoutes } from './pages/account/routes';
import { adminRoutes } from './pages/admin/routes';
import { auditorRoutes } from './pages/auditor/routes';
import { caseworkerRoutes } from './pages/caseworker/routes';
import { liaisonRoutes } from './pages/liaison/routes';
import { publicRoutes } from './pages/public/routes';
import { SignIn } from './pages/SignIn';
import { supervisorRoutes } from './pages/supervisor/routes';

export const signedInRoutes: RouteObject[] = [...caseworkerRoutes, ...liaisonRoutes, ...supervisorRoutes, ...auditorRoutes, ...adminRoutes, ...accountRoutes];

export const routes: RouteObject[] = [
  { path: '/', element: <PublicLayout />, children: [...publicRoutes] },
  { path: '/sign-in', element: <SignIn /> },
  { path: '/', element: <RequireSession />, children: [...signedInRoutes, { path: '*', element: <NotFound /> }] },
];
