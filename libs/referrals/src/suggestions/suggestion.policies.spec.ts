import { decide, Role, Verdict, Viewer } from '@tandem/authz';
import { READ_ONLY, SeenCase } from '@tandem/cases';
import { testViewer } from '@tandem/testing';
import { PROVIDER_SUGGEST } from './suggestion.policies';

// Providers are suggested to whoever may send a referral on the case: users of the lead, a partner's
// while it holds SERVICES; not through a break-glass grant; a case not seen is not found.

const LEAD = 'agency-lead';
const PARTNER = 'agency-partner';
const ROLES = [Role.STAFF, Role.SUPERVISOR, Role.AGENCY_ADMIN, Role.AUDITOR, Role.SYSTEM_ADMIN];

const viewer = (role: Role, agencyId: string): Viewer => testViewer(role, { userId: `u-${role}`, agencyId });
const seen = (partnerScopes: string[], viewerScopes: string[]): SeenCase => ({
  record: { leadAgencyId: LEAD },
  facts: { memberships: [{ agencyId: LEAD, active: true }, { agencyId: PARTNER, active: true, scopes: partnerScopes }] as never, assignments: [] },
  scopes: viewerScopes,
});

type Outcome = 'allowed' | 'hidden' | 'forbidden' | 'role';
const outcomeOf = (verdict: Verdict): Outcome => (verdict.allowed ? 'allowed' : verdict.code === 'role' ? 'role' : verdict.disclose === 'hide' ? 'hidden' : 'forbidden');

describe('provider.suggest', () => {
  const expected: Record<Role, [lead: Outcome, partnerWithServices: Outcome, partnerWithout: Outcome, breakGlass: Outcome, unseen: Outcome]> = {
    [Role.STAFF]: ['allowed', 'allowed', 'forbidden', 'forbidden', 'hidden'],
    [Role.SUPERVISOR]: ['allowed', 'allowed', 'forbidden', 'forbidden', 'hidden'],
    [Role.AGENCY_ADMIN]: ['role', 'role', 'role', 'role', 'role'],
    [Role.AUDITOR]: ['role', 'role', 'role', 'role', 'role'],
    [Role.SYSTEM_ADMIN]: ['role', 'role', 'role', 'role', 'role'],
  };
  it.each(ROLES)('%s: of the lead, of a partner with and without SERVICES, through break glass, and on a case not seen', (role) => {
    expect([
      outcomeOf(decide(PROVIDER_SUGGEST, viewer(role, LEAD), { view: seen([], ['SUMMARY', 'IDENTITY', 'SERVICES']) })),
      outcomeOf(decide(PROVIDER_SUGGEST, viewer(role, PARTNER), { view: seen(['SERVICES'], ['SUMMARY', 'SERVICES']) })),
      outcomeOf(decide(PROVIDER_SUGGEST, viewer(role, PARTNER), { view: seen(['IDENTITY'], ['SUMMARY', 'IDENTITY']) })),
      outcomeOf(decide(PROVIDER_SUGGEST, viewer(role, 'agency-other'), { view: READ_ONLY })),
      outcomeOf(decide(PROVIDER_SUGGEST, viewer(role, 'agency-other'), { view: null })),
    ]).toEqual(expected[role]);
  });
});
