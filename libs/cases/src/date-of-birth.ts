/**
 * The oldest a child on Tandem can be, in years. Youth services run past 18 (extended foster
 * care and transition services to 21, some victim services to 24), and a case may be opened
 * late, so the bound is generous; a date of birth before it is a typing error (1970 for 2010).
 */
export const OLDEST_AGE_YEARS = 25;

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A date of birth is a calendar date where the child was born, and the worker typing it may be
 * ahead of UTC (Guam is UTC+10): a date is in the future only once it is after today in the
 * time zone furthest ahead, UTC+14.
 */
const FURTHEST_AHEAD_MS = 14 * 3600_000;

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Why a date of birth (YYYY-MM-DD) is impossible for a child at the instant `today`, or null: it
 * may be today anywhere on Earth, not after, and not more than OLDEST_AGE_YEARS years before the
 * UTC calendar day. The format itself is checked with the input; a malformed value is left to that check.
 */
export function dateOfBirthProblem(dateOfBirth: string, today: Date): string | null {
  if (!CALENDAR_DATE.test(dateOfBirth)) return null;
  if (dateOfBirth > isoDay(new Date(today.getTime() + FURTHEST_AHEAD_MS))) return 'must not be in the future';
  const oldest = isoDay(new Date(Date.UTC(today.getUTCFullYear() - OLDEST_AGE_YEARS, today.getUTCMonth(), today.getUTCDate())));
  if (dateOfBirth < oldest) return `must be within the last ${OLDEST_AGE_YEARS} years (Tandem serves children and young people up to ${OLDEST_AGE_YEARS})`;
  return null;
}
