import { HANDOFF_RESPONSE_HOURS, RESPONSE_HOURS, Urgency } from './referrals.types';

// The deadline table: a referral is answered within 2 h (EMERGENCY), 24 h (URGENT) or 72 h (ROUTINE)
// unless its sender sets the time; a handoff within 48 h.
describe('response times', () => {
  it.each([
    [Urgency.EMERGENCY, 2],
    [Urgency.URGENT, 24],
    [Urgency.ROUTINE, 72],
  ])('a %s referral is answered within %i hours', (urgency, hours) => {
    expect(RESPONSE_HOURS[urgency]).toBe(hours);
  });

  it('covers every urgency', () => {
    expect(Object.keys(RESPONSE_HOURS).sort()).toEqual(Object.values(Urgency).sort());
  });

  it('a handoff is answered within 48 hours', () => {
    expect(HANDOFF_RESPONSE_HOURS).toBe(48);
  });
});
