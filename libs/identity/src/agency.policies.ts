import { definePolicy, Role } from '@tandem/authz';

/** The directory of agencies (names, types, contacts): every signed-in user reads it. */
const list = definePolicy({
  name: 'agency.list',
  row: 'manage agencies and jurisdictions',
  audit: 'AGENCY_LIST',
  who: 'signed-in',
});

/** One agency of the directory. */
const read = definePolicy({
  name: 'agency.read',
  row: 'manage agencies and jurisdictions',
  audit: 'AGENCY_READ',
  who: 'signed-in',
});

/** Adding an agency to a jurisdiction: the platform's operator. */
const create = definePolicy({
  name: 'agency.create',
  row: 'manage agencies and jurisdictions',
  audit: 'AGENCY_CREATE',
  who: [Role.SYSTEM_ADMIN],
});

/** What may be done with agencies, by whom. */
export const AgencyPolicy = { list, read, create } as const;
