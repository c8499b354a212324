import { caseloads, cellText, dayBound, keptDimensions, label, measuresFor, monthOf, pendingReviews } from './supervision';

describe("a supervisor's figures", () => {
  it('counts each person’s open cases, primary first, the busiest person first, and keeps those with none', () => {
    const staff = [
      { id: 'a', displayName: 'Avery' },
      { id: 'b', displayName: 'Blake' },
      { id: 'c', displayName: 'Casey' },
    ];
    const cases = [
      { id: '1', caseNumber: 'K-2', assignments: [{ role: 'SECONDARY', user: { id: 'b' } }] },
      { id: '2', caseNumber: 'K-1', assignments: [{ role: 'PRIMARY', user: { id: 'b' } }, { role: 'SECONDARY', user: { id: 'a' } }] },
      { id: '3', caseNumber: 'K-3', assignments: [{ role: 'PRIMARY', user: { id: 'someone-elsewhere' } }] },
    ];
    const loads = caseloads(staff, cases);
    expect(loads.map((load) => [load.person.id, load.cases.map((c) => `${c.caseNumber}:${c.role}`)])).toEqual([
      ['b', ['K-1:PRIMARY', 'K-2:SECONDARY']],
      ['a', ['K-1:SECONDARY']],
      ['c', []],
    ]);
  });

  it('keeps the break-glass accesses without a review, oldest first', () => {
    const grants = [
      { subjectId: 'g1', occurredAt: '2026-12-07T10:00:00Z' },
      { subjectId: 'g2', occurredAt: '2026-12-06T10:00:00Z' },
      { subjectId: 'g3', occurredAt: '2026-12-05T10:00:00Z' },
      { subjectId: null, occurredAt: '2026-12-05T09:00:00Z' },
    ];
    expect(pendingReviews(grants, [{ subjectId: 'g3' }]).map((grant) => grant.subjectId)).toEqual(['g2', 'g1']);
    expect(pendingReviews(grants, [{ subjectId: 'g1' }, { subjectId: 'g2' }, { subjectId: 'g3' }])).toEqual([]);
  });

  it('reads a suppressed cell as "suppressed", never as 0 or blank, and a zero as 0', () => {
    expect(cellText({ suppressed: true, value: null })).toBe('suppressed');
    expect(cellText({ suppressed: false, value: null })).toBe('suppressed');
    expect(cellText({ suppressed: false, value: 0 })).toBe('0');
    expect(cellText({ suppressed: false, value: 12345 })).toBe('12,345');
  });

  it("offers an agency's operational measures to supervisors only, and keeps only dimensions the new measure takes", () => {
    expect(measuresFor('SUPERVISOR').map((m) => m.measure)).toContain('AGENCY_REFERRAL_ANSWERS');
    expect(measuresFor('AUDITOR').map((m) => m.measure)).not.toContain('AGENCY_REFERRAL_ANSWERS');
    expect(measuresFor('AUDITOR').map((m) => m.measure)).toContain('MISSING_EPISODES');
    expect(keptDimensions('AGENCY_REFERRAL_ANSWERS', ['JURISDICTION', 'URGENCY', 'MONTH'])).toEqual(['URGENCY', 'MONTH']);
    expect(keptDimensions('NIGHTS_WITHOUT_BED', ['URGENCY'])).toEqual([]);
  });

  it('words codes, months and day bounds', () => {
    expect(label('EMERGENCY_SHELTER')).toBe('Emergency shelter');
    expect(monthOf(new Date('2026-01-15T00:00:00Z'), 0)).toBe('2026-01');
    expect(monthOf(new Date('2026-01-15T00:00:00Z'), 11)).toBe('2025-02');
    expect(dayBound('not a day')).toBeNull();
    const start = new Date(dayBound('2026-03-04')!);
    const end = new Date(dayBound('2026-03-04', true)!);
    expect([start.getDate(), start.getHours(), end.getDate(), end.getHours(), end.getMinutes()]).toEqual([4, 0, 4, 23, 59]);
  });
});
