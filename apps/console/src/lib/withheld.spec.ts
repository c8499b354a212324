import { formsOffered, REASONS, scopeOfPath, SightFacts, whyWithheld, withheldFields, withheldNoteCategories, writableNoteCategories } from './withheld';

const LEAD = 'lead-agency';
const SH = 'shelter';
const PD = 'police';

const leadMembership = { agencyId: LEAD, active: true, scopes: ['SUMMARY', 'IDENTITY', 'LOCATION', 'SERVICES', 'INVESTIGATION'] as const };

function facts(over: Partial<SightFacts>): SightFacts {
  return {
    viewerAgencyId: LEAD,
    viewerAgencyType: 'CHILD_WELFARE',
    viewerScopes: ['SUMMARY', 'IDENTITY', 'LOCATION', 'SERVICES', 'INVESTIGATION'],
    leadAgencyId: LEAD,
    memberships: [leadMembership],
    pendingShares: [],
    ...over,
  };
}

describe('why a field is withheld', () => {
  it('knows the scope of each withheld path of a case', () => {
    expect(scopeOfPath('child.legalName')).toBe('IDENTITY');
    expect(scopeOfPath('child.dateOfBirth')).toBe('IDENTITY');
    expect(scopeOfPath('child.placement')).toBe('LOCATION');
    expect(scopeOfPath('child.guardianContacts')).toBe('LOCATION');
    expect(scopeOfPath('referrals.2.reason')).toBe('SERVICES');
    expect(scopeOfPath('missingEpisodes.0.lastSeenPlace')).toBe('LOCATION');
    expect(scopeOfPath('missingEpisodes.0.reports.1.reportNumber')).toBe('INVESTIGATION');
    expect(scopeOfPath('missingEpisodes.0.screenings')).toBe('SERVICES');
    expect(scopeOfPath('screenings')).toBe('SERVICES');
    expect(scopeOfPath('consents')).toBe('CONSENTS');
    expect(scopeOfPath('somethingNew')).toBeNull();
  });

  it('a partner whose membership holds a scope the consent no longer covers: no consent', () => {
    const shelter = facts({
      viewerAgencyId: SH,
      viewerAgencyType: 'SHELTER',
      viewerScopes: ['SUMMARY', 'IDENTITY'],
      memberships: [leadMembership, { agencyId: SH, active: true, scopes: ['SUMMARY', 'IDENTITY', 'LOCATION'] }],
    });
    expect(whyWithheld('child.placement', shelter)).toBe(REASONS.noConsent);
    expect(whyWithheld('referrals.0.reason', shelter)).toBe(REASONS.notShared);
    expect(whyWithheld('missingEpisodes.0.reports.0.reportNumber', shelter)).toBe(REASONS.investigation);
    expect(whyWithheld('consents', shelter)).toBe(REASONS.consents);
  });

  it('a scope the membership never held is not shared, and an ended membership counts for nothing', () => {
    const shelter = facts({
      viewerAgencyId: SH,
      viewerAgencyType: 'SHELTER',
      viewerScopes: ['SUMMARY'],
      memberships: [leadMembership, { agencyId: SH, active: false, scopes: ['SUMMARY', 'LOCATION'] }, { agencyId: SH, active: true, scopes: ['SUMMARY'] }],
    });
    expect(whyWithheld('child.placement', shelter)).toBe(REASONS.notShared);
  });

  it('a pending referral: what it shares without consent covering it, and what it does not share', () => {
    const inbox = facts({ viewerAgencyId: SH, viewerAgencyType: 'SHELTER', viewerScopes: ['SUMMARY', 'IDENTITY'], pendingShares: [['IDENTITY', 'LOCATION']] });
    expect(whyWithheld('child.placement', inbox)).toBe(REASONS.noConsent);
    expect(whyWithheld('referrals.0.outcome', inbox)).toBe(REASONS.notShared);
  });

  it('a break-glass holder, member of nothing: services are beyond emergency access', () => {
    const glass = facts({ viewerAgencyId: PD, viewerAgencyType: 'LAW_ENFORCEMENT', viewerScopes: ['SUMMARY', 'IDENTITY', 'LOCATION'] });
    expect(whyWithheld('referrals.0.reason', glass)).toBe(REASONS.breakGlass);
    expect(whyWithheld('screenings', glass)).toBe(REASONS.breakGlass);
  });

  it('reads the paths of one root from the extensions and ignores the rest', () => {
    const shelter = facts({ viewerAgencyId: SH, viewerScopes: ['SUMMARY'], memberships: [leadMembership, { agencyId: SH, active: true, scopes: ['SUMMARY'] }] });
    const found = withheldFields(['case.child.legalName', 'case.consents', 'me.active', 7], 'case', shelter);
    expect([...found]).toEqual([
      ['child.legalName', REASONS.notShared],
      ['consents', REASONS.consents],
    ]);
    expect(withheldFields(undefined, 'case', shelter).size).toBe(0);
  });

  it('an unknown path still reads as withheld, with a general reason', () => {
    expect(whyWithheld('child.photo', facts({}))).toBe(REASONS.unknown);
  });
});

describe('notes by category', () => {
  it('says which categories a viewer does not read, and why', () => {
    expect(withheldNoteCategories(facts({}))).toEqual([{ category: 'CLINICAL', reason: REASONS.clinical }]);
    const shelter = facts({ viewerAgencyId: SH, viewerAgencyType: 'SHELTER', viewerScopes: ['SUMMARY', 'IDENTITY'], memberships: [leadMembership, { agencyId: SH, active: true, scopes: ['SUMMARY', 'IDENTITY'] }] });
    expect(withheldNoteCategories(shelter)).toEqual([
      { category: 'GENERAL', reason: REASONS.notShared },
      { category: 'INVESTIGATION', reason: REASONS.investigation },
      { category: 'CLINICAL', reason: REASONS.clinical },
    ]);
  });

  it('offers only the categories the viewer may write', () => {
    expect(writableNoteCategories(facts({}))).toEqual(['GENERAL', 'INVESTIGATION']);
    const police = facts({ viewerAgencyId: PD, viewerAgencyType: 'LAW_ENFORCEMENT', viewerScopes: ['SUMMARY', 'INVESTIGATION'], memberships: [leadMembership, { agencyId: PD, active: true, scopes: ['SUMMARY', 'INVESTIGATION'] }] });
    expect(writableNoteCategories(police)).toEqual(['INVESTIGATION']);
    const counselor = facts({ viewerAgencyId: 'co', viewerAgencyType: 'COUNSELING', viewerScopes: ['SUMMARY', 'SERVICES'], memberships: [leadMembership, { agencyId: 'co', active: true, scopes: ['SUMMARY', 'SERVICES'] }] });
    expect(writableNoteCategories(counselor)).toEqual(['GENERAL', 'CLINICAL']);
    // A break-glass holder or an agency with a pending referral reads only.
    expect(writableNoteCategories(facts({ viewerAgencyId: PD, viewerAgencyType: 'LAW_ENFORCEMENT' }))).toEqual([]);
  });
});

describe('the forms a case offers', () => {
  it('offers referring, screening and missing episodes by what the viewer may do', () => {
    expect(formsOffered(facts({}))).toEqual({ refer: true, screening: true, missing: true });
    const police = facts({ viewerAgencyId: PD, viewerAgencyType: 'LAW_ENFORCEMENT', viewerScopes: ['SUMMARY', 'IDENTITY', 'LOCATION', 'INVESTIGATION'], memberships: [leadMembership, { agencyId: PD, active: true, scopes: ['SUMMARY', 'IDENTITY', 'LOCATION', 'INVESTIGATION'] }] });
    expect(formsOffered(police)).toEqual({ refer: false, screening: false, missing: true });
    const shelter = facts({ viewerAgencyId: SH, viewerAgencyType: 'SHELTER', viewerScopes: ['SUMMARY', 'SERVICES'], memberships: [leadMembership, { agencyId: SH, active: true, scopes: ['SUMMARY', 'SERVICES'] }] });
    expect(formsOffered(shelter)).toEqual({ refer: true, screening: true, missing: false });
    // A break-glass holder is no member: nothing to fill in.
    expect(formsOffered(facts({ viewerAgencyId: PD, viewerAgencyType: 'LAW_ENFORCEMENT', viewerScopes: ['SUMMARY', 'IDENTITY', 'LOCATION'] }))).toEqual({ refer: false, screening: false, missing: false });
  });
});
