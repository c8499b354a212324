import { AgencyType, DataScope, decide, LEAD_SCOPES, Policy, Role, Verdict, Viewer } from '@tandem/authz';
import { READ_ONLY, SeenCase } from '@tandem/cases';
import { testViewer } from '@tandem/testing';
import { MISSING_EPISODE_RECORD, MISSING_REPORT_RECORD, MISSING_RETURN_RECORD, MissingReportFacts, RETURN_INTERVIEW_RECORD } from './missing.policies';
import { ReportedTo } from './missing.types';

/**
 * The missing-child rows of the access policy's "who may do what" table, as a table: each policy,
 * for every role, from the lead (own agency), a partner (the police agency the report was made to,
 * or a shelter) and an outsider. Expected verdicts are written from the access policy.
 */

type Expected = 'allow' | 'hide' | 'forbid' | 'role';

const LEAD = 'a-cw';
const POLICE = 'a-pd';
const SHELTER = 'a-sh';
const OUTSIDER = 'a-pd2';
const ROLES = [Role.STAFF, Role.SUPERVISOR, Role.AGENCY_ADMIN, Role.AUDITOR, Role.SYSTEM_ADMIN];

const viewer = (role: Role, agencyId: string, agencyType: AgencyType): Viewer =>
  testViewer(role, {
    userId: 'u-me',
    agencyId,
    agencyType,
  });

function seen(scopes: readonly string[], agencyId: string): SeenCase {
  return {
    record: { leadAgencyId: LEAD },
    facts: {
      memberships: [
        { agencyId: LEAD, role: 'LEAD', scopes: [...LEAD_SCOPES], consentScopes: [], active: true },
        { agencyId: POLICE, role: 'PARTNER', scopes: [DataScope.SUMMARY, DataScope.IDENTITY, DataScope.LOCATION, DataScope.INVESTIGATION], consentScopes: [], active: true },
        { agencyId: SHELTER, role: 'PARTNER', scopes: [DataScope.SUMMARY, DataScope.SERVICES], consentScopes: [DataScope.SERVICES], active: true },
      ],
      assignments: [{ userId: 'u-me', agencyId, role: agencyId === LEAD ? 'PRIMARY' : 'SECONDARY', active: true }],
    },
    scopes,
  };
}

function outcome(verdict: Verdict): Expected {
  if (verdict.allowed) return 'allow';
  if (verdict.disclose === 'hide') return 'hide';
  return verdict.code === 'role' ? 'role' : 'forbid';
}

interface Situation<Facts> {
  as: string;
  agencyId: string;
  agencyType: AgencyType;
  facts: Facts;
  /** For staff and supervisors alike; the other roles never act on cases. */
  expect: Expected;
}

function table<Facts>(policy: Policy<Facts>, situations: Situation<Facts>[]) {
  const rows = situations.flatMap((situation) => ROLES.map((role) => [situation.as, role, role === Role.STAFF || role === Role.SUPERVISOR ? situation.expect : 'role', situation] as const));
  describe(policy.name, () => {
    it.each(rows)('%s, %s: %s', (_as, role, expected, situation) => {
      expect(outcome(decide(policy, viewer(role, situation.agencyId, situation.agencyType), situation.facts))).toBe(expected);
    });
  });
}

const own = { as: 'own agency (the lead, child welfare)', agencyId: LEAD, agencyType: AgencyType.CHILD_WELFARE };
const police = { as: 'partner: the police agency the report was made to', agencyId: POLICE, agencyType: AgencyType.LAW_ENFORCEMENT };
const shelter = { as: 'partner: a shelter', agencyId: SHELTER, agencyType: AgencyType.SHELTER };
const outsider = { as: 'outsider: police of another jurisdiction', agencyId: OUTSIDER, agencyType: AgencyType.LAW_ENFORCEMENT };

describe('missing-child policies', () => {
  for (const policy of [MISSING_EPISODE_RECORD, MISSING_RETURN_RECORD, RETURN_INTERVIEW_RECORD]) {
    table(policy, [
      { ...own, facts: { view: seen(LEAD_SCOPES, LEAD) }, expect: 'allow' },
      { ...own, as: `${own.as}, through a break-glass grant only`, facts: { view: READ_ONLY }, expect: 'forbid' },
      { ...police, facts: { view: seen([DataScope.SUMMARY, DataScope.INVESTIGATION], POLICE) }, expect: 'forbid' },
      { ...shelter, facts: { view: seen([DataScope.SUMMARY], SHELTER) }, expect: 'forbid' },
      { ...outsider, facts: { view: null }, expect: 'hide' },
      { ...outsider, as: `${outsider.as}, through a break-glass grant`, facts: { view: READ_ONLY }, expect: 'forbid' },
    ]);
  }

  const policeView = seen([DataScope.SUMMARY, DataScope.INVESTIGATION], POLICE);
  const report = (reportedTo: ReportedTo, ncicAgencyId: string | null) => ({ reportedTo, ncicAgencyId });
  table<MissingReportFacts>(MISSING_REPORT_RECORD, [
    ...[ReportedTo.LAW_ENFORCEMENT, ReportedTo.NCMEC].flatMap((to): Situation<MissingReportFacts>[] => [
      { ...own, as: `${own.as}, to ${to}`, facts: { view: seen(LEAD_SCOPES, LEAD), ...report(to, null) }, expect: 'allow' },
      { ...own, as: `${own.as}, to ${to}, through a break-glass grant only`, facts: { view: READ_ONLY, ...report(to, null) }, expect: 'forbid' },
      { ...police, as: `${police.as}, to ${to}, holding the NCIC clock`, facts: { view: policeView, ...report(to, POLICE) }, expect: 'forbid' },
      { ...shelter, as: `${shelter.as}, to ${to}`, facts: { view: seen([DataScope.SUMMARY], SHELTER), ...report(to, null) }, expect: 'forbid' },
      { ...outsider, as: `${outsider.as}, to ${to}`, facts: { view: null, ...report(to, null) }, expect: 'hide' },
    ]),
    { ...own, as: `${own.as}, the NCIC entry`, facts: { view: seen(LEAD_SCOPES, LEAD), ...report(ReportedTo.NCIC, POLICE) }, expect: 'allow' },
    { ...own, as: `${own.as}, the NCIC entry, no NCIC clock`, facts: { view: seen(LEAD_SCOPES, LEAD), ...report(ReportedTo.NCIC, null) }, expect: 'allow' },
    { ...police, as: `${police.as}, the NCIC entry, holding the NCIC clock`, facts: { view: policeView, ...report(ReportedTo.NCIC, POLICE) }, expect: 'allow' },
    { ...police, as: `${police.as}, the NCIC entry, no NCIC clock`, facts: { view: policeView, ...report(ReportedTo.NCIC, null) }, expect: 'forbid' },
    { ...police, as: `${police.as}, the NCIC entry, through a break-glass grant only`, facts: { view: READ_ONLY, ...report(ReportedTo.NCIC, POLICE) }, expect: 'forbid' },
    { ...shelter, as: `${shelter.as}, the NCIC entry`, facts: { view: seen([DataScope.SUMMARY], SHELTER), ...report(ReportedTo.NCIC, POLICE) }, expect: 'forbid' },
    { ...outsider, as: `${outsider.as}, the NCIC entry`, facts: { view: null, ...report(ReportedTo.NCIC, POLICE) }, expect: 'hide' },
  ]);
});
