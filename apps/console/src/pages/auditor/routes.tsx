import type { RouteObject } from 'react-router';
import { AuditSearch } from './AuditSearch';
import { ChainVerification } from './ChainVerification';

/** An auditor's pages: audit search across agencies, chain verification. */
export const auditorRoutes: RouteObject[] = [
  { path: 'audit', element: <AuditSearch /> },
  { path: 'audit/chain', element: <ChainVerification /> },
];
