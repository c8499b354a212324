import { ageOn, haversineKm, populationSexOf, rankCandidates, RankingContext, SuggestionCandidate, SuggestionCriterion } from './suggestion.rules';

const now = new Date('2026-12-07T08:00:00.000Z'); // 02:00 in St. Louis (UTC-6), a Monday
const girl15: RankingContext = { child: { age: 15, sex: 'FEMALE' }, now, staleAfterHours: 12, nearbyKm: 50 };

const shelter = (id: string, overrides: Partial<SuggestionCandidate> = {}): SuggestionCandidate => ({
  serviceAtLocationId: id,
  acceptingReferrals: true,
  minimumAge: 12,
  maximumAge: 17,
  populationSex: 'ANY',
  minorsOnly: true,
  capacity: { available: 2, updated: new Date(now.getTime() - 3600_000) },
  openNow: true,
  distanceKm: 10,
  sameJurisdiction: true,
  ...overrides,
});

const order = (candidates: SuggestionCandidate[], context = girl15) => rankCandidates(candidates, context).map((r) => r.candidate.serviceAtLocationId);
const outcome = (candidate: SuggestionCandidate, criterion: SuggestionCriterion, context = girl15) =>
  rankCandidates([candidate], context)[0]!.criteria.find((c) => c.criterion === criterion)!.outcome;

describe('suggestion ranking', () => {
  it('puts an eligible shelter with a bed first, before a nearer one that is full, for boys only, for adults or not accepting', () => {
    const ranked = order([
      shelter('full', { capacity: { available: 0, updated: now }, distanceKm: 1 }),
      shelter('boys', { populationSex: 'MALE', distanceKm: 1 }),
      shelter('adults', { minimumAge: 18, maximumAge: null, minorsOnly: false, distanceKm: 1 }),
      shelter('closed-intake', { acceptingReferrals: false, distanceKm: 1 }),
      shelter('far-with-bed', { distanceKm: 400, sameJurisdiction: false, openNow: false, capacity: { available: 1, updated: new Date(now.getTime() - 48 * 3600_000) } }),
    ]);
    expect(ranked[0]).toBe('far-with-bed');
  });

  it('among eligible shelters with a bed, prefers a fresh figure, open now, the same jurisdiction, then the nearer', () => {
    expect(order([shelter('stale', { capacity: { available: 3, updated: new Date(now.getTime() - 13 * 3600_000) } }), shelter('fresh')])).toEqual(['fresh', 'stale']);
    expect(order([shelter('closed', { openNow: false }), shelter('open')])).toEqual(['open', 'closed']);
    expect(order([shelter('other', { sameJurisdiction: false }), shelter('same')])).toEqual(['same', 'other']);
    expect(order([shelter('b', { distanceKm: 30 }), shelter('a', { distanceKm: 20 })])).toEqual(['a', 'b']);
  });

  it('says which criteria each suggestion meets and which it does not', () => {
    const [ranked] = rankCandidates([shelter('x', { capacity: { available: 0, updated: new Date(now.getTime() - 20 * 3600_000) }, distanceKm: 80 })], girl15);
    expect(ranked!.criteria).toEqual([
      { criterion: 'ACCEPTING_REFERRALS', outcome: 'MET' },
      { criterion: 'AGE', outcome: 'MET' },
      { criterion: 'SEX', outcome: 'MET' },
      { criterion: 'BED_AVAILABLE', outcome: 'UNMET' },
      { criterion: 'CAPACITY_FRESH', outcome: 'UNMET' },
      { criterion: 'OPEN_NOW', outcome: 'MET' },
      { criterion: 'SAME_JURISDICTION', outcome: 'MET' },
      { criterion: 'NEARBY', outcome: 'UNMET' },
    ]);
    expect(ranked!.gatesFailed).toBe(1);
  });

  it('leaves age and sex UNKNOWN, and ranks without them, when the viewer may not see the child', () => {
    const hidden: RankingContext = { ...girl15, child: { age: null, sex: null } };
    const boys = shelter('boys', { populationSex: 'MALE' });
    const adults = shelter('adults', { minimumAge: 18, maximumAge: null, minorsOnly: false });
    expect(outcome(boys, SuggestionCriterion.SEX, hidden)).toBe('UNKNOWN');
    expect(outcome(adults, SuggestionCriterion.AGE, hidden)).toBe('UNKNOWN');
    // Neither fails a gate: the order is the same whoever the child is, and tells nothing of this one.
    expect(rankCandidates([boys, adults], hidden).map((r) => r.gatesFailed)).toEqual([0, 0]);
    expect(order([boys, adults], hidden)).toEqual(['adults', 'boys']);
  });

  it('applies minors-only and the age band at their edges', () => {
    expect(outcome(shelter('s', { minimumAge: 15 }), SuggestionCriterion.AGE)).toBe('MET');
    expect(outcome(shelter('s', { maximumAge: 14 }), SuggestionCriterion.AGE)).toBe('UNMET');
    expect(outcome(shelter('s', { minimumAge: null, maximumAge: null, minorsOnly: true }), SuggestionCriterion.AGE, { ...girl15, child: { age: 18, sex: 'FEMALE' } })).toBe('UNMET');
  });

  it('a service that counts no beds neither fails nor meets the bed gate', () => {
    const counseling = shelter('counseling', { capacity: null });
    expect(outcome(counseling, SuggestionCriterion.BED_AVAILABLE)).toBe('UNKNOWN');
    expect(order([shelter('full', { capacity: { available: 0, updated: now } }), counseling])).toEqual(['counseling', 'full']);
  });

  it('never ranks an ineligible or full service above an eligible one with a bed, on generated candidates', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(values: T[]) => values[Math.floor(random() * values.length)]!;
    for (let round = 0; round < 200; round += 1) {
      const candidates = Array.from({ length: 8 }, (_, i) =>
        shelter(`c${i}`, {
          acceptingReferrals: random() > 0.2,
          minimumAge: pick([null, 0, 12, 16, 18]),
          maximumAge: pick([null, 14, 17, 21]),
          populationSex: pick(['ANY', 'FEMALE', 'MALE', null]),
          minorsOnly: random() > 0.5,
          capacity: random() > 0.1 ? { available: pick([0, 0, 1, 4]), updated: new Date(now.getTime() - random() * 40 * 3600_000) } : null,
          openNow: pick([true, false, null]),
          distanceKm: pick([null, 1, 25, 120, 900]),
          sameJurisdiction: pick([true, false, null]),
        }),
      );
      const ranked = rankCandidates(candidates, girl15);
      const good = (c: SuggestionCandidate) =>
        c.acceptingReferrals &&
        (c.minimumAge === null || c.minimumAge <= 15) &&
        (c.maximumAge === null || c.maximumAge >= 15) &&
        (c.populationSex === null || c.populationSex === 'ANY' || c.populationSex === 'FEMALE') &&
        c.capacity !== null &&
        c.capacity.available > 0;
      const lastGood = ranked.map((r) => good(r.candidate)).lastIndexOf(true);
      const firstBad = ranked.findIndex((r) => !good(r.candidate) && r.candidate.capacity !== null);
      if (lastGood >= 0 && firstBad >= 0) expect(lastGood).toBeLessThan(firstBad);
    }
  });
});

describe('suggestion facts', () => {
  it('computes the age in whole years on the day', () => {
    expect(ageOn('2011-12-07', now)).toBe(15);
    expect(ageOn('2011-12-08', now)).toBe(14);
    expect(ageOn('not a date', now)).toBeNull();
  });

  it('reads the recorded sex as the population rules name it, anything else as not known', () => {
    expect(populationSexOf('F')).toBe('FEMALE');
    expect(populationSexOf('male')).toBe('MALE');
    expect(populationSexOf('non-binary')).toBeNull();
    expect(populationSexOf(null)).toBeNull();
  });

  it('measures the great-circle distance (St. Louis to Atlanta is about 750 km)', () => {
    expect(Math.round(haversineKm({ lat: 38.627, lng: -90.199 }, { lat: 33.749, lng: -84.388 }) / 10)).toBe(75);
  });
});
