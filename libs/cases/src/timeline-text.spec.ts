import { DataScope } from '@tandem/authz';
import { describeTimelineEntry, timelineDetail, TimelineFacts, timelineAgencyIds, timelineUserIds } from './timeline-text';

const CW = '11111111-1111-4111-8111-111111111111';
const SH = '22222222-2222-4222-8222-222222222222';
const USER = '33333333-3333-4333-8333-333333333333';
const names = { agency: (id: string) => ({ [CW]: 'Here County Children', [SH]: 'Harbor Shelter' })[id] ?? null, user: (id: string) => (id === USER ? 'Dana Reyes' : null) };
const facts = (kind: string, data: Record<string, unknown> = {}, extra: Partial<TimelineFacts> = {}): TimelineFacts => ({ kind, data, actorAgencyId: CW, subjectId: null, ...extra });
const ALL = [DataScope.SUMMARY, DataScope.IDENTITY, DataScope.LOCATION, DataScope.SERVICES];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-/;

describe('describeTimelineEntry', () => {
  it('a referral names its agencies; an older entry without the sender takes the requesting actor agency', () => {
    const requested = describeTimelineEntry(facts('REFERRAL_REQUESTED', { toAgencyId: SH, serviceType: 'HOUSING', urgency: 'URGENT' }), ALL, names);
    expect(requested).toEqual({ summary: 'Referral to Harbor Shelter requested (HOUSING, URGENT)', fromAgencyId: CW, toAgencyId: SH, changes: [{ field: 'status', from: null, to: 'REQUESTED', agencyId: null }] });
    const accepted = describeTimelineEntry(facts('REFERRAL_ACCEPTED', { fromAgencyId: CW, toAgencyId: SH, from: 'REQUESTED' }, { actorAgencyId: SH }), ALL, names);
    expect(accepted.summary).toBe('Referral to Harbor Shelter accepted');
    expect(accepted.fromAgencyId).toBe(CW);
    expect(accepted.changes).toEqual([{ field: 'status', from: 'REQUESTED', to: 'ACCEPTED', agencyId: null }]);
    const legacy = describeTimelineEntry(facts('REFERRAL_CANCELLED', { toAgencyId: SH }), ALL, names);
    expect(legacy).toMatchObject({ summary: 'Referral to Harbor Shelter withdrawn', fromAgencyId: null, changes: [{ field: 'status', from: null, to: 'CANCELLED' }] });
  });

  it('a screening reads as its instrument and outcome; a positive one as the flag and the risk level, raised or kept', () => {
    expect(describeTimelineEntry(facts('SCREENING_DONE', { instrumentId: 'practice-screen', version: '1', outcome: 'INCONCLUSIVE' }), ALL, names).summary).toBe('Screening done (practice-screen v1): inconclusive');
    const raised = describeTimelineEntry(facts('SCREENED_POSITIVE', { riskFrom: 'LOW', riskTo: 'HIGH', suggested: 'HIGH' }), ALL, names);
    expect(raised).toMatchObject({
      summary: 'Screened positive; risk level LOW → HIGH; follow-up referral due',
      changes: [{ field: 'flags', from: null, to: 'SCREENED_POSITIVE', agencyId: null }, { field: 'riskLevel', from: 'LOW', to: 'HIGH', agencyId: null }],
    });
    const kept = describeTimelineEntry(facts('SCREENED_POSITIVE', { riskFrom: 'HIGH', riskTo: 'HIGH', suggested: 'ELEVATED' }), ALL, names);
    expect(kept.summary).toBe('Screened positive; risk level stays HIGH (the screening suggested ELEVATED); follow-up referral due');
    expect(kept.changes).toEqual([{ field: 'flags', from: null, to: 'SCREENED_POSITIVE', agencyId: null }]);
  });

  it('an agency it cannot name reads "another agency", never its id', () => {
    const entry = describeTimelineEntry(facts('HANDOFF_REQUESTED', { toAgencyId: '44444444-4444-4444-8444-444444444444' }), ALL, names);
    expect(entry.summary).toBe('Handoff of the lead to another agency requested');
    expect(entry.summary).not.toMatch(UUID);
  });

  it('an update shows coded values, names identity and location fields only to their scope holders', () => {
    const risk = facts('CASE_UPDATED', { scopes: ['SUMMARY'], fields: ['riskLevel'], riskLevel: { from: 'HIGH', to: 'LOW' } });
    expect(describeTimelineEntry(risk, [DataScope.SUMMARY], names)).toMatchObject({ summary: 'Case updated: risk level HIGH → LOW', changes: [{ field: 'riskLevel', from: 'HIGH', to: 'LOW' }] });
    const identity = facts('CASE_UPDATED', { scopes: ['IDENTITY', 'LOCATION'], fields: ['legalName', 'placement'] });
    expect(describeTimelineEntry(identity, ALL, names)).toMatchObject({ summary: 'Case updated: legal name, placement', changes: [{ field: 'legalName', from: null, to: null }, { field: 'placement', from: null, to: null }] });
    expect(describeTimelineEntry(identity, [DataScope.SUMMARY], names)).toMatchObject({ summary: 'Case updated: identity and location details', changes: [] });
    expect(describeTimelineEntry(identity, [DataScope.SUMMARY, DataScope.LOCATION], names)).toMatchObject({ summary: 'Case updated: placement, identity details', changes: [{ field: 'placement' }] });
    // Written before the fields were stored: the scopes alone.
    expect(describeTimelineEntry(facts('CASE_UPDATED', { scopes: ['IDENTITY'] }), ALL, names).summary).toBe('Case updated: identity details');
  });

  it('never prints a value it does not know to be a code', () => {
    const sneaky = facts('CASE_UPDATED', { scopes: ['IDENTITY'], fields: ['legalName'], legalName: { from: 'Jordan', to: 'Jo' } });
    const entry = describeTimelineEntry(sneaky, ALL, names);
    expect(JSON.stringify(entry)).not.toContain('Jordan');
  });

  it('withdrawn scopes name their agency', () => {
    const entry = describeTimelineEntry(facts('CONSENT_REVOKED', { withdrawn: [{ agencyId: SH, scopes: ['SERVICES'] }] }), ALL, names);
    expect(entry.summary).toBe('Consent revoked: SERVICES withdrawn from Harbor Shelter');
    expect(entry.changes).toEqual([{ field: 'scopesWithdrawn', from: null, to: 'SERVICES', agencyId: SH }]);
    expect(timelineAgencyIds(facts('CONSENT_EXPIRED', { withdrawn: [{ agencyId: SH, scopes: ['LOCATION'] }] }))).toEqual([SH]);
  });

  it('flags, assignments, notes and the plain events read as sentences', () => {
    expect(describeTimelineEntry(facts('FLAG_SET', { flag: 'REPORT_OVERDUE', deadlineId: 'x' }), ALL, names).summary).toBe('Flag REPORT_OVERDUE set (a reporting deadline passed)');
    expect(describeTimelineEntry(facts('FLAG_CLEARED', { flag: 'MISSING' }), ALL, names).changes).toEqual([{ field: 'flags', from: 'MISSING', to: null, agencyId: null }]);
    expect(describeTimelineEntry(facts('USER_ASSIGNED', { role: 'SECONDARY' }, { subjectId: USER }), ALL, names).summary).toBe('Dana Reyes assigned as SECONDARY');
    expect(timelineUserIds(facts('USER_UNASSIGNED', {}, { subjectId: USER }))).toEqual([USER]);
    expect(describeTimelineEntry(facts('NOTE_ADDED', { category: 'CLINICAL' }), ALL, names).summary).toBe('CLINICAL note added');
    expect(describeTimelineEntry(facts('CASE_CLOSED'), ALL, names)).toMatchObject({ summary: 'Case closed', changes: [{ field: 'status', from: 'ACTIVE', to: 'CLOSED' }] });
    expect(describeTimelineEntry(facts('RETURN_INTERVIEWED', { screeningDone: true }), ALL, names).summary).toBe('Return interview done, with screening');
    expect(describeTimelineEntry(facts('MISSING_REPORTED', { reportedTo: 'NCMEC' }), ALL, names).summary).toBe('Missing report made to NCMEC');
    const toPolice = describeTimelineEntry(facts('MISSING_REPORTED', { reportedTo: 'LAW_ENFORCEMENT', receivingAgencyId: SH }), ALL, names);
    expect(toPolice).toMatchObject({ summary: 'Missing report made to LAW_ENFORCEMENT (Harbor Shelter)', toAgencyId: SH });
  });

  it('a kind it does not know reads as its words, with its receiving agency', () => {
    expect(describeTimelineEntry(facts('CASE_SHARED', { toAgencyId: SH }), ALL, names).summary).toBe('Case shared: Harbor Shelter');
    expect(describeTimelineEntry(facts('CASE_SHARED_MANDATED', { agencyId: SH, scopes: ['SUMMARY'] }), ALL, names)).toMatchObject({ summary: 'Case shared mandated: Harbor Shelter', toAgencyId: SH });
  });
});

describe('timelineDetail', () => {
  it('names only the updated fields whose scope the viewer holds, and leaves other entries as stored', () => {
    const update = facts('CASE_UPDATED', { scopes: ['SUMMARY', 'IDENTITY'], fields: ['riskLevel', 'legalName'], riskLevel: { from: 'HIGH', to: 'LOW' } });
    expect(timelineDetail(update, [DataScope.SUMMARY])).toEqual({ scopes: ['SUMMARY', 'IDENTITY'], fields: ['riskLevel'], riskLevel: { from: 'HIGH', to: 'LOW' } });
    expect(timelineDetail(update, ALL).fields).toEqual(['riskLevel', 'legalName']);
    const flag = facts('FLAG_SET', { flag: 'MISSING' });
    expect(timelineDetail(flag, [DataScope.SUMMARY])).toBe(flag.data);
  });
});
