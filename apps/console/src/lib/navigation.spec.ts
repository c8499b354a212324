import { areasOf, homeOf, navOf } from './navigation';

describe('console navigation', () => {
  it('gives a caseworker the inbox and their cases, and a police officer the shared cases and tips', () => {
    expect(areasOf({ role: 'STAFF', agencyType: 'CHILD_WELFARE' })).toEqual(['caseworker']);
    expect(homeOf({ role: 'STAFF', agencyType: 'CHILD_WELFARE' })).toBe('/inbox');
    expect(areasOf({ role: 'STAFF', agencyType: 'LAW_ENFORCEMENT' })).toEqual(['liaison']);
    expect(homeOf({ role: 'STAFF', agencyType: 'PROSECUTION' })).toBe('/liaison/cases');
  });

  it('gives a supervisor their staff work and the supervisor pages', () => {
    const paths = navOf({ role: 'SUPERVISOR', agencyType: 'SHELTER' }).map((item) => item.to);
    expect(paths).toContain('/inbox');
    expect(paths).toContain('/supervisor/audit');
    expect(paths).not.toContain('/audit/chain');
  });

  it('lists each path once and always the account pages', () => {
    for (const viewer of [
      { role: 'AUDITOR', agencyType: null },
      { role: 'SYSTEM_ADMIN', agencyType: null },
      { role: 'AGENCY_ADMIN', agencyType: 'MEDICAL' },
    ] as const) {
      const paths = navOf(viewer).map((item) => item.to);
      expect(new Set(paths).size).toBe(paths.length);
      expect(paths).toContain('/account');
    }
    expect(navOf({ role: 'AUDITOR', agencyType: null }).map((i) => i.to)).toContain('/audit/chain');
    expect(navOf({ role: 'AUDITOR', agencyType: null }).map((i) => i.to)).not.toContain('/inbox');
  });
});
