import { AgencyType, Role } from '@tandem/authz';
import { CONFIG_AGENCY_TYPES, CONFIG_ROLES } from '@tandem/platform';
import { mfaRequired } from './mfa.rules';

const DEFAULT = { roles: ['SUPERVISOR', 'AGENCY_ADMIN', 'AUDITOR', 'SYSTEM_ADMIN'], agencyTypes: ['LAW_ENFORCEMENT', 'PROSECUTION'] };

describe('mfaRequired', () => {
  it.each([
    [Role.STAFF, AgencyType.CHILD_WELFARE, false, false],
    [Role.STAFF, AgencyType.SHELTER, true, true],
    [Role.STAFF, AgencyType.LAW_ENFORCEMENT, false, true],
    [Role.STAFF, AgencyType.PROSECUTION, false, true],
    [Role.SUPERVISOR, AgencyType.CHILD_WELFARE, false, true],
    [Role.AGENCY_ADMIN, AgencyType.MEDICAL, false, true],
    [Role.AUDITOR, null, false, true],
    [Role.SYSTEM_ADMIN, null, false, true],
  ])('%s of a %s agency (agency rule %s): %s by default', (role, agencyType, agencyRequiresMfa, expected) => {
    expect(mfaRequired({ role, agencyType, agencyRequiresMfa }, DEFAULT)).toBe(expected);
  });

  it('an agency rule adds to the configuration and never lifts it', () => {
    const none = { roles: [], agencyTypes: [] };
    expect(mfaRequired({ role: Role.STAFF, agencyType: AgencyType.LAW_ENFORCEMENT, agencyRequiresMfa: false }, none)).toBe(false);
    expect(mfaRequired({ role: Role.STAFF, agencyType: AgencyType.CHILD_WELFARE, agencyRequiresMfa: true }, none)).toBe(true);
    expect(mfaRequired({ role: Role.STAFF, agencyType: AgencyType.LAW_ENFORCEMENT, agencyRequiresMfa: false }, DEFAULT)).toBe(true);
  });
});

describe('the configuration names', () => {
  it('knows exactly the roles and agency types of the vocabulary', () => {
    expect([...CONFIG_ROLES].sort()).toEqual(Object.values(Role).sort());
    expect([...CONFIG_AGENCY_TYPES].sort()).toEqual(Object.values(AgencyType).sort());
  });
});
