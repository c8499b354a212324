import { auditFilterOf, dayBound, EMPTY_AUDIT_FILTER } from './audit-filter';

describe('the audit search filter', () => {
  it('leaves out what is not filled in', () => {
    expect(auditFilterOf(EMPTY_AUDIT_FILTER)).toEqual({});
    expect(auditFilterOf({ ...EMPTY_AUDIT_FILTER, action: '   ', caseId: ' ' })).toEqual({});
  });

  it('trims ids, writes the action in capitals and keeps the outcome', () => {
    const filter = auditFilterOf({ ...EMPTY_AUDIT_FILTER, action: ' case_view ', outcome: 'DENIED', caseId: ' 6f1c0b8e-0000-4000-8000-000000000001 ', actorAgencyId: 'a1' });
    expect(filter).toEqual({ action: 'CASE_VIEW', outcome: 'DENIED', caseId: '6f1c0b8e-0000-4000-8000-000000000001', actorAgencyId: 'a1' });
  });

  it("makes whole days of the reader's zone, both ends included", () => {
    const filter = auditFilterOf({ ...EMPTY_AUDIT_FILTER, fromDay: '2026-12-01', toDay: '2026-12-07' });
    expect(filter.from).toBe(new Date(2026, 11, 1, 0, 0, 0, 0).toISOString());
    expect(filter.to).toBe(new Date(2026, 11, 7, 23, 59, 59, 999).toISOString());
  });

  it('ignores a day that is not one', () => {
    expect(dayBound('2026-13-45', false)).toBeNull();
    expect(dayBound('yesterday', true)).toBeNull();
    expect(auditFilterOf({ ...EMPTY_AUDIT_FILTER, fromDay: '12/01/2026' })).toEqual({});
  });
});
