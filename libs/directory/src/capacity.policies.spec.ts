import { decide, Policy, Role, Verdict, Viewer } from '@tandem/authz';
import { CAPACITY_SUBSCRIBE, CAPACITY_UPDATE, CapacitySiteFacts } from './capacity.policies';

// A site's figure is kept by the staff, supervisors and administrator of its own agency; caseworkers
// of its jurisdiction follow it live. Every role, for a user of the site's agency, of another agency
// of the same jurisdiction, and of an agency elsewhere.

const SITE_AGENCY = 'agency-site';
const HERE = 'jurisdiction-here';
const site: CapacitySiteFacts = { site: { agencyId: SITE_AGENCY, jurisdictionId: HERE } };
const ROLES = [Role.STAFF, Role.SUPERVISOR, Role.AGENCY_ADMIN, Role.AUDITOR, Role.SYSTEM_ADMIN];
type Relation = 'own' | 'neighbour' | 'elsewhere';

const viewer = (role: Role, relation: Relation): Viewer => {
  const unaffiliated = role === Role.AUDITOR || role === Role.SYSTEM_ADMIN;
  return {
    userId: `viewer-${role}-${relation}`,
    sessionId: 's',
    email: 'v@tandem.test',
    displayName: 'V',
    role,
    agencyId: unaffiliated ? null : relation === 'own' ? SITE_AGENCY : `agency-${relation}`,
    agencyType: null,
    jurisdictionId: unaffiliated ? null : relation === 'elsewhere' ? 'jurisdiction-elsewhere' : HERE,
  };
};

type Outcome = 'allowed' | 'hidden' | 'forbidden' | 'role';
const outcomeOf = (verdict: Verdict): Outcome => (verdict.allowed ? 'allowed' : verdict.code === 'role' ? 'role' : verdict.disclose === 'hide' ? 'hidden' : 'forbidden');
const outcomes = (policy: Policy<CapacitySiteFacts>, role: Role, facts = site) =>
  (['own', 'neighbour', 'elsewhere'] as const).map((relation) => outcomeOf(decide(policy, viewer(role, relation), facts)));

describe('capacity policies', () => {
  describe('capacity.update', () => {
    const expected: Record<Role, Outcome[]> = {
      [Role.STAFF]: ['allowed', 'forbidden', 'forbidden'],
      [Role.SUPERVISOR]: ['allowed', 'forbidden', 'forbidden'],
      [Role.AGENCY_ADMIN]: ['allowed', 'forbidden', 'forbidden'],
      [Role.AUDITOR]: ['role', 'role', 'role'],
      [Role.SYSTEM_ADMIN]: ['role', 'role', 'role'],
    };
    it.each(ROLES)('%s, of the site’s agency, of a neighbour and of an agency elsewhere', (role) => {
      expect(outcomes(CAPACITY_UPDATE, role)).toEqual(expected[role]);
    });

    it('refuses everyone on a site whose organization is no agency of Tandem, and says why', () => {
      const orphan = { site: { agencyId: null, jurisdictionId: HERE } };
      for (const role of [Role.STAFF, Role.SUPERVISOR, Role.AGENCY_ADMIN]) expect(outcomes(CAPACITY_UPDATE, role, orphan)).toEqual(['forbidden', 'forbidden', 'forbidden']);
      expect(decide(CAPACITY_UPDATE, viewer(Role.STAFF, 'neighbour'), site)).toMatchObject({ reason: "only the site's own agency updates its capacity" });
    });
  });

  describe('capacity.subscribe', () => {
    const expected: Record<Role, Outcome[]> = {
      [Role.STAFF]: ['allowed', 'allowed', 'hidden'],
      [Role.SUPERVISOR]: ['allowed', 'allowed', 'hidden'],
      [Role.AGENCY_ADMIN]: ['role', 'role', 'role'],
      [Role.AUDITOR]: ['role', 'role', 'role'],
      [Role.SYSTEM_ADMIN]: ['role', 'role', 'role'],
    };
    it.each(ROLES)('%s hears a site of their jurisdiction only', (role) => {
      expect(outcomes(CAPACITY_SUBSCRIBE, role)).toEqual(expected[role]);
    });

    it('sends a site without a jurisdiction to no one', () => {
      expect(outcomes(CAPACITY_SUBSCRIBE, Role.STAFF, { site: { agencyId: SITE_AGENCY, jurisdictionId: null } })).toEqual(['hidden', 'hidden', 'hidden']);
    });
  });
});
