import { ALLOW, definePolicy, forbid, hide, Role, Viewer } from '@tandem/authz';

const READ_ROW = 'read the resource directory';
const EDIT_ROW = 'edit a directory entry';
/** The directory's editors: the admins and supervisors of the agency an entry's organization is. */
const EDITORS = [Role.AGENCY_ADMIN, Role.SUPERVISOR] as const;

/** Searching and reading the directory: every signed-in user. */
export const DIRECTORY_READ = definePolicy({
  name: 'directory.read',
  row: READ_ROW,
  audit: 'DIRECTORY_READ',
  who: 'signed-in',
});

/**
 * The public listing, without signing in: only services marked public, never a confidential site,
 * within the public rate limit (docs/access-policy.md, "read the resource directory").
 */
export const DIRECTORY_READ_PUBLIC = definePolicy({
  name: 'directory.readPublic',
  row: READ_ROW,
  audit: 'DIRECTORY_READ_PUBLIC',
  who: 'public',
});

/**
 * What decides who reads a site's address and map position. `ownerAgencyIds`: the agencies of the
 * organizations the site and its service belong to; `referringAgencyIds`: agencies holding (or having
 * held) a bed there for an accepted referral. The repository gives, of these, only the viewer's own.
 */
export interface SiteAddressFacts {
  confidential: boolean;
  ownerAgencyIds: readonly string[];
  referringAgencyIds: readonly string[];
}

/** Whether a viewer's agency is the site's own or one a referral to it was accepted from. */
export function knowsConfidentialSite(viewer: Pick<Viewer, 'agencyId'>, facts: SiteAddressFacts): boolean {
  const agencyId = viewer.agencyId;
  return agencyId !== null && (facts.ownerAgencyIds.includes(agencyId) || facts.referringAgencyIds.includes(agencyId));
}

/**
 * A site's street address, coordinates, directions and distance: to everyone for an ordinary site; for a
 * confidential one, only to its own agency and to agencies with an accepted referral to it. Anyone
 * else reads its city and phones, the rest null and listed in `extensions.redacted`.
 */
export const DIRECTORY_SITE_ADDRESS = definePolicy<SiteAddressFacts>({
  name: 'directorySite.readAddress',
  row: READ_ROW,
  audit: 'DIRECTORY_SITE_ADDRESS',
  who: 'signed-in',
  rule: (viewer, facts) => (!facts.confidential || knowsConfidentialSite(viewer, facts) ? ALLOW : forbid('the site is confidential')),
});

/** An entry as its editors' policy sees it: the agency its organization is, or null when no agency is linked. */
export interface DirectoryEntryFacts {
  ownerAgencyId: string | null;
}

function ownEntry(viewer: Viewer, facts: DirectoryEntryFacts | null, what: string) {
  if (!facts) return hide(`no such ${what}`);
  if (facts.ownerAgencyId === null) return forbid(`the ${what}'s organization is linked to no agency`);
  if (facts.ownerAgencyId !== viewer.agencyId) return forbid(`the ${what} belongs to another agency`);
  return ALLOW;
}

/** Changing a service (status, referrals accepted, eligibility, ages, public listing): its own agency's admins and supervisors. */
export const DIRECTORY_SERVICE_UPDATE = definePolicy<DirectoryEntryFacts | null>({
  name: 'directoryService.update',
  row: EDIT_ROW,
  audit: 'DIRECTORY_SERVICE_UPDATE',
  who: EDITORS,
  hides: 'Service',
  rule: (viewer, facts) => ownEntry(viewer, facts, 'service'),
});

/** Changing a site (whether it is confidential): its own agency's admins and supervisors. */
export const DIRECTORY_SITE_UPDATE = definePolicy<DirectoryEntryFacts | null>({
  name: 'directorySite.update',
  row: EDIT_ROW,
  audit: 'DIRECTORY_SITE_UPDATE',
  who: EDITORS,
  hides: 'Location',
  rule: (viewer, facts) => ownEntry(viewer, facts, 'location'),
});

/** Saying which Tandem agency a directory organization is: system administrators, who import the directory. */
/** Importing a directory package sent as files (the console's import): system administrators, as with the command line. */
export const DIRECTORY_IMPORT_RUN = definePolicy({
  name: 'directory.import',
  row: EDIT_ROW,
  audit: 'DIRECTORY_IMPORT',
  who: [Role.SYSTEM_ADMIN],
});

export const DIRECTORY_ORGANIZATION_LINK = definePolicy({
  name: 'directoryOrganization.link',
  row: EDIT_ROW,
  audit: 'DIRECTORY_ORGANIZATION_LINK',
  who: [Role.SYSTEM_ADMIN],
});
