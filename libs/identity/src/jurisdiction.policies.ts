import { definePolicy, Role } from '@tandem/authz';

/** The jurisdictions: every signed-in user reads them. */
const list = definePolicy({
  name: 'jurisdiction.list',
  row: 'manage agencies and jurisdictions',
  audit: 'JURISDICTION_LIST',
  who: 'signed-in',
});

/** Adding a jurisdiction: the platform's operator. */
const create = definePolicy({
  name: 'jurisdiction.create',
  row: 'manage agencies and jurisdictions',
  audit: 'JURISDICTION_CREATE',
  who: [Role.SYSTEM_ADMIN],
});

/** What may be done with jurisdictions, by whom. */
export const JurisdictionPolicy = { list, create } as const;
