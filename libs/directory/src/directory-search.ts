import { BadInputError } from '@tandem/platform';

/** At most this many words of a text search are used. */
const MAX_WORDS = 8;

/**
 * The full-text query (to_tsquery, 'simple' configuration) for words typed in a search box: each
 * word of letters and digits matched as a prefix, all of them required. Anything else typed
 * (punctuation, operators) separates words and is never passed to to_tsquery.
 */
export function textQuery(text: string, path = 'filter.text'): string {
  const words = (text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_WORDS);
  if (!words.length) throw BadInputError.field(path, 'must contain a letter or a digit');
  return words.map((word) => `${word.slice(0, 60)}:*`).join(' & ');
}

/** The ages a service serves, in words: "12–17", "18+", "0–17" or "any age"; a service for minors only serves up to 17. */
export function ageBand(minimumAge: number | null, maximumAge: number | null, minorsOnly: boolean): string {
  const max = minorsOnly ? Math.min(maximumAge ?? 17, 17) : maximumAge;
  if (minimumAge === null && max === null) return 'any age';
  if (max === null) return `${minimumAge}+`;
  return `${minimumAge ?? 0}–${max}`;
}
