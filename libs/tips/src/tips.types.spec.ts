import { normalizePlace, OPEN_TIP_STATUSES, possibleDuplicate, sameWindow, TIP_PROGRESS, TipAction, TipPlaceAndTime, TipProgress, TipStatus, tipTransition, triageDuration } from './tips.types';

const HOUR = 3600_000;

describe('the tip lifecycle', () => {
  // NEW -> UNDER_REVIEW -> LINKED | REFERRED | NO_ACTION; a REFERRED tip is reviewed again in its new jurisdiction.
  const DRAWN: Record<TipStatus, Partial<Record<TipAction, TipStatus>>> = {
    [TipStatus.NEW]: { [TipAction.REVIEW]: TipStatus.UNDER_REVIEW },
    [TipStatus.UNDER_REVIEW]: { [TipAction.LINK]: TipStatus.LINKED, [TipAction.REFER]: TipStatus.REFERRED, [TipAction.NO_ACTION]: TipStatus.NO_ACTION },
    [TipStatus.REFERRED]: { [TipAction.REVIEW]: TipStatus.UNDER_REVIEW },
    [TipStatus.LINKED]: {},
    [TipStatus.NO_ACTION]: {},
  };

  it.each(Object.values(TipStatus))('from %s, allows exactly the moves drawn', (from) => {
    for (const action of Object.values(TipAction)) expect({ action, to: tipTransition(from, action) }).toEqual({ action, to: DRAWN[from][action] ?? null });
  });

  it('shows the tipster received, under review or closed, never more', () => {
    expect(TIP_PROGRESS).toEqual({
      NEW: TipProgress.RECEIVED,
      UNDER_REVIEW: TipProgress.UNDER_REVIEW,
      REFERRED: TipProgress.UNDER_REVIEW,
      LINKED: TipProgress.CLOSED,
      NO_ACTION: TipProgress.CLOSED,
    });
    expect(OPEN_TIP_STATUSES).toEqual([TipStatus.NEW, TipStatus.UNDER_REVIEW]);
  });

  it('gives 1 hour to triage when a child may be in danger now, else 24 hours', () => {
    expect(triageDuration(true)).toBe(HOUR);
    expect(triageDuration(false)).toBe(24 * HOUR);
  });
});

describe('possible duplicates', () => {
  const at = new Date('2026-12-01T20:00:00Z');
  const tip = (changes: Partial<TipPlaceAndTime> = {}): TipPlaceAndTime => ({
    jurisdictionId: 'j1',
    placeIndex: Buffer.from('motel'),
    latitude: null,
    longitude: null,
    seenAt: at,
    ongoing: false,
    ...changes,
  });

  it('matches the same place index within 24 hours, in the same jurisdiction', () => {
    expect(possibleDuplicate(tip(), tip({ seenAt: new Date(at.getTime() + 24 * HOUR) }))).toBe(true);
    expect(possibleDuplicate(tip(), tip({ seenAt: new Date(at.getTime() + 24 * HOUR + 1) }))).toBe(false);
    expect(possibleDuplicate(tip(), tip({ jurisdictionId: 'j2' }))).toBe(false);
    expect(possibleDuplicate(tip(), tip({ placeIndex: Buffer.from('station') }))).toBe(false);
  });

  it('matches coordinates within 250 m, and not beyond', () => {
    const here = { placeIndex: null, latitude: 38.6, longitude: -90.2 };
    // 0.002 degrees of latitude is about 222 m; 0.0025 about 278 m.
    expect(possibleDuplicate(tip(here), tip({ ...here, latitude: 38.602 }))).toBe(true);
    expect(possibleDuplicate(tip(here), tip({ ...here, latitude: 38.6025 }))).toBe(false);
    expect(possibleDuplicate(tip(here), tip({ placeIndex: null }))).toBe(false);
  });

  it('treats an ongoing tip as in every window', () => {
    expect(sameWindow(tip({ ongoing: true, seenAt: null }), tip({ seenAt: new Date(0) }))).toBe(true);
    expect(sameWindow(tip({ seenAt: null }), tip())).toBe(false);
  });

  it('compares places as written, whatever their case, punctuation and spacing', () => {
    expect(normalizePlace('  GREYHOUND Station - North   Entrance ')).toBe(normalizePlace('greyhound station, north entrance'));
    expect(normalizePlace('Estación Central')).toBe('estación central');
  });
});
