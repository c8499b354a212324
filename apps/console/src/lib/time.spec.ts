import { byUrgency, isOverdue, timeLeft } from './time';

const now = new Date('2026-12-07T12:00:00Z');
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();

describe('time left', () => {
  it('says what is left, in minutes, hours and minutes, or days', () => {
    expect(timeLeft(at(0.5), now)).toBe('under a minute left');
    expect(timeLeft(at(45), now)).toBe('45 min left');
    expect(timeLeft(at(120), now)).toBe('2 h left');
    expect(timeLeft(at(125), now)).toBe('2 h 5 min left');
    expect(timeLeft(at(3 * 24 * 60 + 10), now)).toBe('3 days left');
  });

  it('says by how much a deadline is overdue', () => {
    expect(timeLeft(at(-40), now)).toBe('overdue by 40 min');
    expect(timeLeft(at(-61), now)).toBe('overdue by 1 h 1 min');
    expect(isOverdue(at(-1), now)).toBe(true);
    expect(isOverdue(at(1), now)).toBe(false);
  });

  it('orders an inbox overdue first, longest overdue first, then soonest due', () => {
    const items = [{ id: 'later', responseDueAt: at(300) }, { id: 'overdue-a-little', responseDueAt: at(-5) }, { id: 'soon', responseDueAt: at(10) }, { id: 'overdue-long', responseDueAt: at(-500) }];
    expect(byUrgency(items).map((i) => i.id)).toEqual(['overdue-long', 'overdue-a-little', 'soon', 'later']);
  });
});
