import { grantEndsAt, normalCaseNumber, reportLabel, reportsDue, sharedVia } from './liaison';

describe('liaison pages logic', () => {
  const at = (hours: number) => new Date(Date.UTC(2026, 11, 7, 12) + hours * 3600_000).toISOString();

  it('keeps only reports, each once, overdue first and then the soonest due', () => {
    const overdue = [
      { id: 'b', kind: 'NCIC_ENTRY', overdue: true, dueAt: at(-1) },
      { id: 'a', kind: 'VICTIM_REPORT_LE', overdue: true, dueAt: at(-5) },
    ];
    const pending = [
      { id: 'b', kind: 'NCIC_ENTRY', overdue: true, dueAt: at(-1) },
      { id: 'c', kind: 'REFERRAL_RESPONSE', overdue: false, dueAt: at(1) },
      { id: 'e', kind: 'MISSING_REPORT_LE', overdue: false, dueAt: at(9) },
      { id: 'd', kind: 'NCIC_ENTRY', overdue: false, dueAt: at(2) },
    ];
    expect(reportsDue([pending, overdue]).map((d) => d.id)).toEqual(['a', 'b', 'd', 'e']);
    expect(reportLabel('NCIC_ENTRY')).toBe('NCIC entry');
  });

  it('says how a case reached the agency from its active memberships', () => {
    const m = (agency: string, role: string, grantedVia: string, active = true) => ({ agency: { id: agency }, role, grantedVia, active });
    expect(sharedVia([m('cw', 'LEAD', 'CREATED'), m('pd', 'PARTNER', 'REPORT')], 'pd')).toBe('mandated report');
    expect(sharedVia([m('pd', 'PARTNER', 'REFERRAL'), m('pd', 'PARTNER', 'REPORT')], 'pd')).toBe('referral, mandated report');
    expect(sharedVia([m('pd', 'LEAD', 'HANDOFF')], 'pd')).toBe('lead agency');
    expect(sharedVia([m('pd', 'PARTNER', 'REPORT', false)], 'pd')).toBe('your assignment');
  });

  it('ends a break-glass access four hours after it was granted', () => {
    expect(grantEndsAt(new Date(at(0))).toISOString()).toBe(at(4));
  });

  it('reads a typed case number as the API takes it', () => {
    expect(normalCaseNumber('  here-2026-000001 ')).toBe('HERE-2026-000001');
    expect(normalCaseNumber('   ')).toBe('');
  });
});
