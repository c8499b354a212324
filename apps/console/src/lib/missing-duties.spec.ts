import { DutyClock, dutiesOf, EpisodeFacts, reportsToMake } from './missing-duties';

const episode = (over: Partial<EpisodeFacts> = {}): EpisodeFacts => ({ id: 'e1', reports: [], returnedAt: null, returnInterviewAt: null, ...over });
const clock = (kind: string, status: DutyClock['status'], startedAt = '2026-12-07T08:00:00Z', subjectId = 'e1'): DutyClock => ({
  id: `${kind}-${startedAt}`,
  kind,
  subjectId,
  startedAt,
  dueAt: '2026-12-08T08:00:00Z',
  status,
  metAt: status === 'MET' ? '2026-12-07T09:00:00Z' : null,
});

describe('the duties of a missing episode', () => {
  it('lists the reports due with their clocks, open until made', () => {
    const duties = dutiesOf(episode(), [clock('MISSING_REPORT_LE', 'PENDING'), clock('MISSING_REPORT_NCMEC', 'BREACHED'), clock('MISSING_REPORT_LE', 'PENDING', '2026-12-07T08:00:00Z', 'other')]);
    expect(duties.map((d) => [d.kind, d.open, d.clock?.status])).toEqual([
      ['MISSING_REPORT_LE', true, 'PENDING'],
      ['MISSING_REPORT_NCMEC', true, 'BREACHED'],
    ]);
  });

  it('pairs each report made with its duty, and the interview with the return interview', () => {
    const facts = episode({
      reports: [{ id: 'r1', reportedTo: 'LAW_ENFORCEMENT', reportedAt: '2026-12-07T09:00:00Z', reportNumber: 'LE-1' }],
      returnedAt: '2026-12-07T10:00:00Z',
      returnInterviewAt: '2026-12-07T11:00:00Z',
    });
    const duties = dutiesOf(facts, [clock('MISSING_REPORT_LE', 'MET'), clock('NCIC_ENTRY', 'PENDING', '2026-12-07T09:00:00Z'), clock('RETURN_INTERVIEW', 'MET')]);
    expect(duties.map((d) => [d.kind, d.open, d.report?.reportNumber ?? d.doneAt])).toEqual([
      ['MISSING_REPORT_LE', false, 'LE-1'],
      ['NCIC_ENTRY', true, null],
      ['RETURN_INTERVIEW', false, '2026-12-07T11:00:00Z'],
    ]);
    expect(reportsToMake(facts)).toEqual(['NCMEC', 'NCIC']);
  });

  it('reads the latest clock of a kind when one was started again', () => {
    const duties = dutiesOf(episode(), [clock('NCIC_ENTRY', 'CANCELLED', '2026-12-07T08:00:00Z'), clock('NCIC_ENTRY', 'PENDING', '2026-12-07T09:30:00Z')]);
    expect(duties.map((d) => [d.kind, d.open, d.clock?.startedAt])).toEqual([['NCIC_ENTRY', true, '2026-12-07T09:30:00Z']]);
  });
});
