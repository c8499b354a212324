import { AgencyType, DataScope, decide, LEAD_SCOPES, Role, Verdict, Viewer } from '@tandem/authz';
import { CaseSight, READ_ONLY, SeenCase } from '@tandem/cases';
import { testViewer } from '@tandem/testing';
import { SCREENING_INSTRUMENTS_READ, SCREENING_SUBMIT } from './screening.policies';

/**
 * The screening rows of the access policy's "who may do what" table, as a table: submitting a
 * screening for every role, seeing the case as the lead, as a partner holding SERVICES, as a partner
 * without it (police), through break glass only, or not at all; reading the instruments by role.
 */

type Expected = 'allow' | 'hide' | 'forbid' | 'role';
const ROLES = [Role.STAFF, Role.SUPERVISOR, Role.AGENCY_ADMIN, Role.AUDITOR, Role.SYSTEM_ADMIN];

const viewer = (role: Role): Viewer =>
  testViewer(role, {
    userId: 'u-me',
    agencyId: 'a-me',
    agencyType: AgencyType.CHILD_WELFARE,
  });

const seen = (scopes: readonly string[]): SeenCase => ({ record: { leadAgencyId: 'a-cw' }, facts: { memberships: [], assignments: [] }, scopes });

function outcome(verdict: Verdict): Expected {
  if (verdict.allowed) return 'allow';
  if (verdict.disclose === 'hide') return 'hide';
  return verdict.code === 'role' ? 'role' : 'forbid';
}

const SIGHTS: Record<string, CaseSight> = {
  lead: seen(LEAD_SCOPES),
  'partner with SERVICES (shelter)': seen([DataScope.SUMMARY, DataScope.SERVICES]),
  'partner without SERVICES (police)': seen([DataScope.SUMMARY, DataScope.IDENTITY, DataScope.LOCATION, DataScope.INVESTIGATION]),
  'break glass only': READ_ONLY,
  'not seen': null,
};

const EXPECTED: Record<string, Expected> = {
  lead: 'allow',
  'partner with SERVICES (shelter)': 'allow',
  'partner without SERVICES (police)': 'forbid',
  'break glass only': 'forbid',
  'not seen': 'hide',
};

describe('screening policies', () => {
  const rows = ROLES.flatMap((role) => Object.keys(SIGHTS).map((sight) => ({ role, sight })));

  it.each(rows)('SCREENING_SUBMIT: $role, case $sight', ({ role, sight }) => {
    const expected = role === Role.STAFF || role === Role.SUPERVISOR ? EXPECTED[sight] : 'role';
    expect(outcome(decide(SCREENING_SUBMIT, viewer(role), { view: SIGHTS[sight]! }))).toBe(expected);
  });

  it.each(ROLES)('SCREENING_INSTRUMENTS_READ: %s', (role) => {
    expect(outcome(decide(SCREENING_INSTRUMENTS_READ, viewer(role), undefined))).toBe(role === Role.STAFF || role === Role.SUPERVISOR ? 'allow' : 'role');
  });
});
