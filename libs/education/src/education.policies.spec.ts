import { AgencyType, decide, Policy, Role, Verdict, Viewer } from '@tandem/authz';
import { testViewer } from '@tandem/testing';
import { EDUCATION_LOCAL_PUBLISH, EDUCATION_LOCAL_RETRACT, EDUCATION_READ_PUBLIC, EducationItemFacts } from './education.policies';

/**
 * The education rows of the access policy's "who may do what" table, as a table: each policy, for
 * every role, from the agency that published an item and from another agency. Expected verdicts are
 * written from docs/access-policy.md.
 */

type Expected = 'allow' | 'hide' | 'forbid' | 'role';
const ROLES = [Role.STAFF, Role.SUPERVISOR, Role.AGENCY_ADMIN, Role.AUDITOR, Role.SYSTEM_ADMIN] as const;
const OWN = 'a-police';
const OTHER = 'a-shelter';

const viewer = (role: Role, agencyId: string): Viewer =>
  testViewer(role, {
    userId: 'u-me',
    agencyId: role === Role.AUDITOR || role === Role.SYSTEM_ADMIN ? null : agencyId,
    agencyType: role === Role.AUDITOR || role === Role.SYSTEM_ADMIN ? null : AgencyType.LAW_ENFORCEMENT,
  });

function outcome(verdict: Verdict): Expected {
  if (verdict.allowed) return 'allow';
  if (verdict.disclose === 'hide') return 'hide';
  return verdict.code === 'role' ? 'role' : 'forbid';
}

function table<Facts>(policy: Policy<Facts>, facts: Facts, expected: { own: Record<Role, Expected>; other: Record<Role, Expected> }) {
  const rows = (['own', 'other'] as const).flatMap((who) => ROLES.map((role) => [who, role, expected[who][role]] as const));
  it.each(rows)(`${policy.name}: %s agency, %s: %s`, (who, role, want) => {
    expect(outcome(decide(policy, viewer(role, who === 'own' ? OWN : OTHER), facts))).toBe(want);
  });
}

const every = (value: Expected): Record<Role, Expected> => ({ STAFF: value, SUPERVISOR: value, AGENCY_ADMIN: value, AUDITOR: value, SYSTEM_ADMIN: value });
const supervisors = (verdict: Expected): Record<Role, Expected> => ({ STAFF: 'role', SUPERVISOR: verdict, AGENCY_ADMIN: 'role', AUDITOR: 'role', SYSTEM_ADMIN: 'role' });

describe('education policies', () => {
  describe('reading', () => {
    table(EDUCATION_READ_PUBLIC, undefined, { own: every('allow'), other: every('allow') });
    it('lets an anonymous caller read', () => {
      expect(decide(EDUCATION_READ_PUBLIC, null, undefined).allowed).toBe(true);
      expect(outcome(decide(EDUCATION_LOCAL_PUBLISH, null, undefined))).toBe('role');
      expect(outcome(decide(EDUCATION_LOCAL_RETRACT, null, { agencyId: OWN }))).toBe('role');
    });
  });

  describe('publishing a local addition', () => {
    table(EDUCATION_LOCAL_PUBLISH, undefined, { own: supervisors('allow'), other: supervisors('allow') });
  });

  describe('retracting', () => {
    describe('a local addition of the own agency', () => table(EDUCATION_LOCAL_RETRACT, { agencyId: OWN } as EducationItemFacts | null, { own: supervisors('allow'), other: supervisors('forbid') }));
    describe('loaded content', () => table(EDUCATION_LOCAL_RETRACT, { agencyId: null } as EducationItemFacts | null, { own: supervisors('forbid'), other: supervisors('forbid') }));
    describe('an item that does not exist', () => table(EDUCATION_LOCAL_RETRACT, null as EducationItemFacts | null, { own: supervisors('hide'), other: supervisors('hide') }));
  });
});
