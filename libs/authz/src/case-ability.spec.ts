import { randomUUID } from 'node:crypto';
import { CaseFacts } from './case-facts';
import { defineCaseAbility, scopesOf } from './case-ability';
import { DataScope } from './scopes';
import { Viewer } from './viewer';
import { AgencyType, Role } from './vocabulary';

const { SUMMARY, IDENTITY, LOCATION, INVESTIGATION } = DataScope;
const now = new Date('2026-12-01T12:00:00Z');
const lead = randomUUID();
const police = randomUUID();

function viewer(role: Role, agencyId: string, agencyType: AgencyType): Viewer {
  return { userId: randomUUID(), sessionId: randomUUID(), email: 'x@tandem.test', displayName: 'x', role, agencyId, agencyType, jurisdictionId: randomUUID() };
}

function facts(extra: Partial<CaseFacts> = {}): CaseFacts {
  return {
    id: randomUUID(),
    leadAgencyId: lead,
    jurisdictionId: randomUUID(),
    memberships: [
      { agencyId: lead, role: 'LEAD', scopes: [], consentScopes: [], active: true },
      { agencyId: police, role: 'PARTNER', scopes: [SUMMARY, IDENTITY, LOCATION, INVESTIGATION], consentScopes: [], active: true },
    ],
    assignments: [],
    grants: [],
    consents: [],
    inbox: [],
    clocks: [],
    ...extra,
  };
}

const scopes = (who: Viewer, of: CaseFacts) => scopesOf(defineCaseAbility(who, now), of);

describe('case ability, rule 6 (mandated reporting)', () => {
  const liaison = viewer(Role.STAFF, police, AgencyType.LAW_ENFORCEMENT);
  const reported = [SUMMARY, IDENTITY, LOCATION, INVESTIGATION];

  it('shows the case to law-enforcement staff of a member agency while its NCIC clock is open', () => {
    expect(scopes(liaison, facts())).toEqual([]);
    expect(scopes(liaison, facts({ clocks: [{ agencyId: police, kind: 'NCIC_ENTRY' }] }))).toEqual(reported);
  });

  it('needs the clock to be the NCIC entry, of the viewer’s own agency, and an active membership', () => {
    expect(scopes(liaison, facts({ clocks: [{ agencyId: police, kind: 'REFERRAL_RESPONSE' }] }))).toEqual([]);
    expect(scopes(liaison, facts({ clocks: [{ agencyId: lead, kind: 'NCIC_ENTRY' }] }))).toEqual([]);
    const ended = facts({ clocks: [{ agencyId: police, kind: 'NCIC_ENTRY' }] });
    ended.memberships[1]!.active = false;
    expect(scopes(liaison, ended)).toEqual([]);
  });

  it('opens nothing to staff of other agency types, who still need an assignment', () => {
    const shelter = randomUUID();
    const staff = viewer(Role.STAFF, shelter, AgencyType.SHELTER);
    const member = facts({ clocks: [{ agencyId: shelter, kind: 'NCIC_ENTRY' }] });
    member.memberships.push({ agencyId: shelter, role: 'PARTNER', scopes: [], consentScopes: [], active: true });
    expect(scopes(staff, member)).toEqual([]);
  });

  it('after the clock, an assignment or the supervisor role is what shows the case', () => {
    expect(scopes(liaison, facts({ assignments: [{ userId: liaison.userId, agencyId: police, role: 'SECONDARY', active: true }] }))).toEqual(reported);
    expect(scopes(viewer(Role.SUPERVISOR, police, AgencyType.LAW_ENFORCEMENT), facts())).toEqual(reported);
  });
});

describe('case ability, the consent basis of each scope', () => {
  const { SERVICES } = DataScope;
  const shelter = randomUUID();
  const supervisor = viewer(Role.SUPERVISOR, shelter, AgencyType.SHELTER);
  const consent = (scopes: DataScope[], extra: Partial<CaseFacts['consents'][number]> = {}): CaseFacts['consents'][number] => ({
    scopes,
    agencyIds: [shelter],
    agencyTypes: [],
    effectiveAt: now.getTime() - 60_000,
    expiresAt: now.getTime() + 86_400_000,
    revoked: false,
    ...extra,
  });
  const partner = (scopes: DataScope[], consentScopes: DataScope[], consents: CaseFacts['consents'] = []) => {
    const of = facts({ consents });
    of.memberships.push({ agencyId: shelter, role: 'PARTNER', scopes: [SUMMARY, ...scopes], consentScopes, active: true });
    return scopes_(of);
  };
  const scopes_ = (of: CaseFacts) => scopes(supervisor, of);

  it('holds a scope shared in an emergency without consent, beside one shared on consent that is held only while consent covers it', () => {
    // LOCATION came with an emergency referral, SERVICES with a consented one.
    expect(partner([LOCATION, SERVICES], [SERVICES])).toEqual([SUMMARY, LOCATION]);
    expect(partner([LOCATION, SERVICES], [SERVICES], [consent([SERVICES])])).toEqual([SUMMARY, LOCATION, SERVICES]);
  });

  it('does not let the emergency share loosen the consented scope, nor the consented share tighten the emergency one', () => {
    // A consent for LOCATION does not matter to LOCATION held without consent; its end takes nothing.
    expect(partner([LOCATION, SERVICES], [SERVICES], [consent([LOCATION])])).toEqual([SUMMARY, LOCATION]);
    expect(partner([LOCATION, SERVICES], [SERVICES], [consent([SERVICES], { revoked: true })])).toEqual([SUMMARY, LOCATION]);
    expect(partner([LOCATION, SERVICES], [SERVICES], [consent([SERVICES], { expiresAt: now.getTime() - 1 })])).toEqual([SUMMARY, LOCATION]);
  });

  it('reads a consent by the agency type as well as by the agency', () => {
    expect(partner([IDENTITY, SERVICES], [IDENTITY, SERVICES], [consent([IDENTITY], { agencyIds: [], agencyTypes: [AgencyType.SHELTER] })])).toEqual([SUMMARY, IDENTITY]);
    expect(partner([IDENTITY, SERVICES], [IDENTITY, SERVICES], [consent([IDENTITY], { agencyIds: [], agencyTypes: [AgencyType.MEDICAL] })])).toEqual([SUMMARY]);
  });

  it('never opens a scope the membership does not hold, whatever the consents', () => {
    expect(partner([SERVICES], [], [consent([IDENTITY, LOCATION])])).toEqual([SUMMARY, SERVICES]);
  });
});
