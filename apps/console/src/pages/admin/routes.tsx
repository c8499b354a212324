import type { RouteObject } from 'react-router';
import { Agencies } from './Agencies';
import { DirectoryImports } from './DirectoryImports';
import { Jurisdictions } from './Jurisdictions';
import { Users } from './Users';

/** Administrators' pages: users; for system administrators agencies, jurisdictions, directory imports. */
export const adminRoutes: RouteObject[] = [
  { path: 'manage/users', element: <Users /> },
  { path: 'manage/agencies', element: <Agencies /> },
  { path: 'manage/jurisdictions', element: <Jurisdictions /> },
  { path: 'manage/directory', element: <DirectoryImports /> },
];
