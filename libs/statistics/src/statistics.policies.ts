import { ALLOW, definePolicy, forbid, Role, Verdict } from '@tandem/authz';

const READ_ROW = 'read de-identified statistics';

/** What reading a measure depends on: whether it is de-identified statistics for all, or an agency's own operational figures. */
export interface StatisticsFacts {
  audience: 'PUBLIC' | 'OWN_AGENCY';
}

/**
 * De-identified statistics: every signed-in user; a measure of an agency's own operations (its staff's
 * deadline timeliness, its referral answer times) only to a supervisor, and only of their own agency.
 */
export const STATISTICS_READ = definePolicy<StatisticsFacts>({
  name: 'statistics.read',
  row: READ_ROW,
  audit: 'STATISTICS_READ',
  who: 'signed-in',
  rule: (viewer, facts): Verdict =>
    facts.audience === 'PUBLIC' || (viewer.role === Role.SUPERVISOR && viewer.agencyId !== null)
      ? ALLOW
      : forbid("an agency's operational figures are for its supervisors", { message: "Only a supervisor reads their agency's operational figures" }),
});

/** Published releases: anyone, without signing in. */
export const STATISTICS_READ_PUBLISHED = definePolicy({
  name: 'statistics.readPublished',
  row: READ_ROW,
  audit: 'STATISTICS_READ_PUBLISHED',
  who: 'public',
});

/** Publishing a release: supervisors and system administrators. */
export const STATISTICS_PUBLISH = definePolicy({
  name: 'statisticsRelease.publish',
  row: 'publish a statistics release',
  audit: 'STATISTICS_PUBLISH',
  who: [Role.SUPERVISOR, Role.SYSTEM_ADMIN],
});
