import { AgencyType, decide, Policy, Role, Verdict, Viewer } from '@tandem/authz';
import { testViewer } from '@tandem/testing';
import {
  DIRECTORY_IMPORT_RUN,
  DIRECTORY_ORGANIZATION_LINK,
  DIRECTORY_READ,
  DIRECTORY_READ_PUBLIC,
  DIRECTORY_SERVICE_UPDATE,
  DIRECTORY_SITE_ADDRESS,
  DIRECTORY_SITE_UPDATE,
  DirectoryEntryFacts,
  SiteAddressFacts,
} from './directory.policies';

/**
 * The directory rows of the access policy's "who may do what" table, as a table: each policy, for
 * every role, from the entry's own agency, an agency with an accepted referral to the site (a
 * partner), an outsider, and no agency at all (auditors, system administrators). Expected verdicts
 * are written from docs/access-policy.md.
 */

type Expected = 'allow' | 'hide' | 'forbid' | 'role';

const OWN = 'a-shelter';
const PARTNER = 'a-cw';
const OUTSIDER = 'a-pd';
const ROLES = [Role.STAFF, Role.SUPERVISOR, Role.AGENCY_ADMIN, Role.AUDITOR, Role.SYSTEM_ADMIN] as const;
type Who = 'own' | 'partner' | 'outsider';
const AGENCY: Record<Who, string> = { own: OWN, partner: PARTNER, outsider: OUTSIDER };

const viewer = (role: Role, who: Who): Viewer =>
  testViewer(role, {
    userId: 'u-me',
    // Auditors and system administrators belong to no agency.
    agencyId: role === Role.AUDITOR || role === Role.SYSTEM_ADMIN ? null : AGENCY[who],
    agencyType: role === Role.AUDITOR || role === Role.SYSTEM_ADMIN ? null : AgencyType.SHELTER,
  });

function outcome(verdict: Verdict): Expected {
  if (verdict.allowed) return 'allow';
  if (verdict.disclose === 'hide') return 'hide';
  return verdict.code === 'role' ? 'role' : 'forbid';
}

function table<Facts>(policy: Policy<Facts>, facts: Facts, expected: Record<Who, Record<Role, Expected>>) {
  const rows = (['own', 'partner', 'outsider'] as const).flatMap((who) => ROLES.map((role) => [who, role, expected[who][role]] as const));
  describe(policy.name, () => {
    it.each(rows)('%s, %s: %s', (who, role, want) => {
      expect(outcome(decide(policy, viewer(role, who), facts))).toBe(want);
    });
  });
}

const every = (value: Expected): Record<Role, Expected> => ({ STAFF: value, SUPERVISOR: value, AGENCY_ADMIN: value, AUDITOR: value, SYSTEM_ADMIN: value });
const all = (value: Record<Role, Expected>): Record<Who, Record<Role, Expected>> => ({ own: value, partner: value, outsider: value });
const editors = (own: Expected, other: Expected): Record<Who, Record<Role, Expected>> => ({
  own: { STAFF: 'role', SUPERVISOR: own, AGENCY_ADMIN: own, AUDITOR: 'role', SYSTEM_ADMIN: 'role' },
  partner: { STAFF: 'role', SUPERVISOR: other, AGENCY_ADMIN: other, AUDITOR: 'role', SYSTEM_ADMIN: 'role' },
  outsider: { STAFF: 'role', SUPERVISOR: other, AGENCY_ADMIN: other, AUDITOR: 'role', SYSTEM_ADMIN: 'role' },
});

describe('directory policies', () => {
  describe('reading', () => {
    table(DIRECTORY_READ, undefined, all(every('allow')));
    table(DIRECTORY_READ_PUBLIC, undefined, all(every('allow')));
    it('lets an anonymous caller read the public listing, and only that', () => {
      expect(decide(DIRECTORY_READ_PUBLIC, null, undefined).allowed).toBe(true);
      expect(outcome(decide(DIRECTORY_READ, null, undefined))).toBe('role');
    });
  });

  describe('a site address', () => {
    const site = (confidential: boolean): SiteAddressFacts => ({ confidential, ownerAgencyIds: [OWN], referringAgencyIds: [PARTNER] });
    describe('of an ordinary site', () => {
      table(DIRECTORY_SITE_ADDRESS, site(false), all(every('allow')));
    });
    describe('of a confidential site', () => {
      const agencyUsers = { STAFF: 'allow', SUPERVISOR: 'allow', AGENCY_ADMIN: 'allow', AUDITOR: 'forbid', SYSTEM_ADMIN: 'forbid' } as const;
      table(DIRECTORY_SITE_ADDRESS, site(true), { own: agencyUsers, partner: agencyUsers, outsider: every('forbid') });
    });
    describe('of a confidential site whose referral came from no one', () => {
      const agencyUsers = { STAFF: 'allow', SUPERVISOR: 'allow', AGENCY_ADMIN: 'allow', AUDITOR: 'forbid', SYSTEM_ADMIN: 'forbid' } as const;
      table(DIRECTORY_SITE_ADDRESS, { confidential: true, ownerAgencyIds: [OWN], referringAgencyIds: [] }, { own: agencyUsers, partner: every('forbid'), outsider: every('forbid') });
    });
  });

  describe('editing', () => {
    const owned: DirectoryEntryFacts = { ownerAgencyId: OWN };
    for (const policy of [DIRECTORY_SERVICE_UPDATE, DIRECTORY_SITE_UPDATE]) {
      describe(`${policy.name} of an entry of the own agency`, () => table(policy, owned, editors('allow', 'forbid')));
      describe(`${policy.name} of an entry linked to no agency`, () => table(policy, { ownerAgencyId: null }, editors('forbid', 'forbid')));
      describe(`${policy.name} of an entry that does not exist`, () => table(policy, null, editors('hide', 'hide')));
    }
    table(DIRECTORY_ORGANIZATION_LINK, undefined, all({ STAFF: 'role', SUPERVISOR: 'role', AGENCY_ADMIN: 'role', AUDITOR: 'role', SYSTEM_ADMIN: 'allow' }));
    table(DIRECTORY_IMPORT_RUN, undefined, all({ STAFF: 'role', SUPERVISOR: 'role', AGENCY_ADMIN: 'role', AUDITOR: 'role', SYSTEM_ADMIN: 'allow' }));
  });
});
