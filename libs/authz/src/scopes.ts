import { registerEnumType } from '@nestjs/graphql';

/** The data scopes of docs/access-policy.md ("What a case holds, by scope"): every field of a case, its child and every note belongs to one. */
export enum DataScope {
  SUMMARY = 'SUMMARY',
  IDENTITY = 'IDENTITY',
  LOCATION = 'LOCATION',
  SERVICES = 'SERVICES',
  INVESTIGATION = 'INVESTIGATION',
  CLINICAL = 'CLINICAL',
}
registerEnumType(DataScope, { name: 'DataScope' });

/** Scopes that need consent to be shared with a partner (docs/access-policy.md, "Consent"). */
export const CONSENTED_SCOPES: readonly DataScope[] = [DataScope.IDENTITY, DataScope.LOCATION, DataScope.SERVICES];

/** What the lead agency holds: every scope but CLINICAL. */
export const LEAD_SCOPES: readonly DataScope[] = [
  DataScope.SUMMARY,
  DataScope.IDENTITY,
  DataScope.LOCATION,
  DataScope.SERVICES,
  DataScope.INVESTIGATION,
];

/** What a break-glass grant discloses. */
export const BREAK_GLASS_SCOPES: readonly DataScope[] = [DataScope.SUMMARY, DataScope.IDENTITY, DataScope.LOCATION];
