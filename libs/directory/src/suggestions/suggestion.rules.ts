/**
 * How suggested providers are ranked for a child (docs/design.md, "Bed holds and suggestions"):
 * a list of criteria, each a gate (eligibility, a bed) or a weight (fresh figure, open now, same
 * jurisdiction, near). Suggestions are ordered first by how many gates they fail, then by the sum
 * of the weights they meet, then by distance: an ineligible or full service never ranks above an
 * eligible one with a bed, whatever its weights.
 *
 * A criterion that cannot be evaluated is UNKNOWN: it fails no gate and earns no weight. The
 * child's age and sex are UNKNOWN to a viewer who may not see the child's identity, so a ranking
 * never depends on (and so never discloses) what its viewer could not read.
 */

export type Outcome = 'MET' | 'UNMET' | 'UNKNOWN';

export enum SuggestionCriterion {
  ACCEPTING_REFERRALS = 'ACCEPTING_REFERRALS',
  AGE = 'AGE',
  SEX = 'SEX',
  BED_AVAILABLE = 'BED_AVAILABLE',
  CAPACITY_FRESH = 'CAPACITY_FRESH',
  OPEN_NOW = 'OPEN_NOW',
  SAME_JURISDICTION = 'SAME_JURISDICTION',
  NEARBY = 'NEARBY',
}

/** The child as the ranking sees it: null where the viewer may not see the value (or it is not recorded). */
export interface RankedChild {
  age: number | null;
  sex: 'FEMALE' | 'MALE' | null;
}

/** A service at a site, as the ranking reads it. */
export interface SuggestionCandidate {
  serviceAtLocationId: string;
  acceptingReferrals: boolean;
  minimumAge: number | null;
  maximumAge: number | null;
  /** FEMALE, MALE or ANY. */
  populationSex: string | null;
  minorsOnly: boolean;
  /** The site's live figure; null when the service counts no capacity (counseling, a hotline). */
  capacity: { available: number; updated: Date } | null;
  /** Whether its schedules say it is open at the time of ranking (docs/design.md, "Opening hours"); null when not known. */
  openNow: boolean | null;
  /** Kilometres from the point the ranking measures from; null when either end has no coordinates. */
  distanceKm: number | null;
  sameJurisdiction: boolean | null;
}

export interface RankingContext {
  child: RankedChild;
  now: Date;
  staleAfterHours: number;
  /** Within this distance a site meets NEARBY. */
  nearbyKm: number;
}

interface CriterionRule {
  criterion: SuggestionCriterion;
  /** A gate failed puts a suggestion below every one that fails fewer gates; a weight adds to its score when met. */
  kind: 'gate' | 'weight';
  weight: number;
  evaluate: (candidate: SuggestionCandidate, context: RankingContext) => Outcome;
}

const MINOR_AGE = 18;
const HOUR = 3600_000;
const met = (condition: boolean): Outcome => (condition ? 'MET' : 'UNMET');

/** Whether the figure was updated within the stale limit (CAPACITY_STALE_HOURS). */
export function isFresh(updated: Date, now: Date, staleAfterHours: number): boolean {
  return now.getTime() - updated.getTime() <= staleAfterHours * HOUR;
}

/** The criteria, in the order a suggestion lists them. */
export const SUGGESTION_CRITERIA: readonly CriterionRule[] = [
  { criterion: SuggestionCriterion.ACCEPTING_REFERRALS, kind: 'gate', weight: 0, evaluate: (c) => met(c.acceptingReferrals) },
  {
    criterion: SuggestionCriterion.AGE,
    kind: 'gate',
    weight: 0,
    evaluate: (c, { child }) => {
      if (child.age === null) return 'UNKNOWN';
      if (c.minimumAge !== null && child.age < c.minimumAge) return 'UNMET';
      if (c.maximumAge !== null && child.age > c.maximumAge) return 'UNMET';
      return met(!c.minorsOnly || child.age < MINOR_AGE);
    },
  },
  {
    criterion: SuggestionCriterion.SEX,
    kind: 'gate',
    weight: 0,
    evaluate: (c, { child }) => {
      if (!c.populationSex || c.populationSex === 'ANY') return 'MET';
      return child.sex === null ? 'UNKNOWN' : met(child.sex === c.populationSex);
    },
  },
  { criterion: SuggestionCriterion.BED_AVAILABLE, kind: 'gate', weight: 0, evaluate: (c) => (c.capacity ? met(c.capacity.available > 0) : 'UNKNOWN') },
  {
    criterion: SuggestionCriterion.CAPACITY_FRESH,
    kind: 'weight',
    weight: 4,
    evaluate: (c, { now, staleAfterHours }) => (c.capacity ? met(isFresh(c.capacity.updated, now, staleAfterHours)) : 'UNKNOWN'),
  },
  { criterion: SuggestionCriterion.OPEN_NOW, kind: 'weight', weight: 3, evaluate: (c) => (c.openNow === null ? 'UNKNOWN' : met(c.openNow)) },
  { criterion: SuggestionCriterion.SAME_JURISDICTION, kind: 'weight', weight: 2, evaluate: (c) => (c.sameJurisdiction === null ? 'UNKNOWN' : met(c.sameJurisdiction)) },
  { criterion: SuggestionCriterion.NEARBY, kind: 'weight', weight: 1, evaluate: (c, { nearbyKm }) => (c.distanceKm === null ? 'UNKNOWN' : met(c.distanceKm <= nearbyKm)) },
];

export interface CriterionResult {
  criterion: SuggestionCriterion;
  outcome: Outcome;
}

export interface Ranked<C extends SuggestionCandidate> {
  candidate: C;
  criteria: CriterionResult[];
  gatesFailed: number;
  score: number;
}

/** Evaluates every criterion for one candidate. */
export function assess<C extends SuggestionCandidate>(candidate: C, context: RankingContext): Ranked<C> {
  let gatesFailed = 0;
  let score = 0;
  const criteria = SUGGESTION_CRITERIA.map((rule) => {
    const outcome = rule.evaluate(candidate, context);
    if (rule.kind === 'gate' && outcome === 'UNMET') gatesFailed += 1;
    if (rule.kind === 'weight' && outcome === 'MET') score += rule.weight;
    return { criterion: rule.criterion, outcome };
  });
  return { candidate, criteria, gatesFailed, score };
}

/** Orders candidates: fewer gates failed first, then the higher score, then the nearer, then by id (a stable order). */
export function rankCandidates<C extends SuggestionCandidate>(candidates: readonly C[], context: RankingContext): Ranked<C>[] {
  const far = Number.POSITIVE_INFINITY;
  return candidates
    .map((candidate) => assess(candidate, context))
    .sort(
      (a, b) =>
        a.gatesFailed - b.gatesFailed ||
        b.score - a.score ||
        (a.candidate.distanceKm ?? far) - (b.candidate.distanceKm ?? far) ||
        a.candidate.serviceAtLocationId.localeCompare(b.candidate.serviceAtLocationId),
    );
}

/** A child's age in whole years on the UTC day of `now`, from a date of birth YYYY-MM-DD. */
export function ageOn(dateOfBirth: string, now: Date): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  let age = now.getUTCFullYear() - year;
  if (now.getUTCMonth() + 1 < month || (now.getUTCMonth() + 1 === month && now.getUTCDate() < day)) age -= 1;
  return age;
}

/** The child's recorded sex as the population rules name it; anything else is not evaluated. */
export function populationSexOf(sex: string | null): 'FEMALE' | 'MALE' | null {
  const value = sex?.trim().toUpperCase();
  if (value === 'F' || value === 'FEMALE' || value === 'GIRL') return 'FEMALE';
  if (value === 'M' || value === 'MALE' || value === 'BOY') return 'MALE';
  return null;
}

const EARTH_RADIUS_KM = 6371;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in kilometres. */
export function haversineKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const dLat = radians(b.lat - a.lat);
  const dLng = radians(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
