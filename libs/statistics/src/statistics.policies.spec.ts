import { AgencyType, decide, Role, Verdict, Viewer } from '@tandem/authz';
import { testViewer } from '@tandem/testing';
import { STATISTICS_PUBLISH, STATISTICS_READ, STATISTICS_READ_PUBLISHED } from './statistics.policies';

/**
 * The statistics rows of the access policy's "who may do what" table, as a table: each policy for
 * every role. Expected verdicts are written from docs/access-policy.md.
 */

type Expected = 'allow' | 'forbid' | 'role';
const ROLES = [Role.STAFF, Role.SUPERVISOR, Role.AGENCY_ADMIN, Role.AUDITOR, Role.SYSTEM_ADMIN] as const;

const viewer = (role: Role): Viewer =>
  testViewer(role, {
    userId: 'u-me',
    agencyId: role === Role.AUDITOR || role === Role.SYSTEM_ADMIN ? null : 'a-cw',
    agencyType: role === Role.AUDITOR || role === Role.SYSTEM_ADMIN ? null : AgencyType.CHILD_WELFARE,
  });

function outcome(verdict: Verdict): Expected {
  if (verdict.allowed) return 'allow';
  return verdict.code === 'role' ? 'role' : 'forbid';
}

describe('statistics policies', () => {
  it.each([
    [Role.STAFF, 'allow', 'forbid'],
    [Role.SUPERVISOR, 'allow', 'allow'],
    [Role.AGENCY_ADMIN, 'allow', 'forbid'],
    [Role.AUDITOR, 'allow', 'forbid'],
    [Role.SYSTEM_ADMIN, 'allow', 'forbid'],
  ] as const)('statistics.read, %s: de-identified %s, own agency operational %s', (role, publicMeasure, operational) => {
    expect(outcome(decide(STATISTICS_READ, viewer(role), { audience: 'PUBLIC' }))).toBe(publicMeasure);
    expect(outcome(decide(STATISTICS_READ, viewer(role), { audience: 'OWN_AGENCY' }))).toBe(operational);
  });

  it('lets anyone read published releases', () => {
    expect(STATISTICS_READ_PUBLISHED.who).toBe('public');
    for (const role of ROLES) expect(outcome(decide(STATISTICS_READ_PUBLISHED, viewer(role), undefined))).toBe('allow');
  });

  it.each([
    [Role.STAFF, 'role'],
    [Role.SUPERVISOR, 'allow'],
    [Role.AGENCY_ADMIN, 'role'],
    [Role.AUDITOR, 'role'],
    [Role.SYSTEM_ADMIN, 'allow'],
  ] as const)('statisticsRelease.publish, %s: %s', (role, want) => {
    expect(outcome(decide(STATISTICS_PUBLISH, viewer(role), undefined))).toBe(want);
  });
});
