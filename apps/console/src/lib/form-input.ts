// What the caseworker's forms share: the API's field problems placed beside their fields, the
// times of `datetime-local` inputs, and codes (EMERGENCY_SHELTER) read as words.
import type { CombinedError } from 'urql';

export interface FieldProblem {
  path: string;
  message: string;
}

/** The field problems of a BAD_USER_INPUT answer (`extensions.fields`), none for any other error. */
export function fieldProblems(error: unknown): FieldProblem[] {
  const first = (error as CombinedError | undefined)?.graphQLErrors?.[0];
  if (first?.extensions?.code !== 'BAD_USER_INPUT') return [];
  const fields = first.extensions.fields;
  if (!Array.isArray(fields)) return [];
  return fields.filter((f): f is FieldProblem => typeof f?.path === 'string' && typeof f?.message === 'string');
}

/**
 * The problems by field, keyed by the path below `prefix` (`input.child.dateOfBirth` with prefix
 * `input.` is `child.dateOfBirth`), each said as a sentence; a field with two problems gets both.
 */
export function fieldErrors(error: unknown, prefix = 'input.'): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const { path, message } of fieldProblems(error)) {
    const key = path.startsWith(prefix) ? path.slice(prefix.length) : path;
    const sentence = message.charAt(0).toUpperCase() + message.slice(1);
    byField[key] = byField[key] ? `${byField[key]}; ${message}` : sentence;
  }
  return byField;
}

/** The ISO instant of a `datetime-local` value (read in the browser's zone); null when empty or not a time. */
export function isoFromLocal(value: string): string | null {
  if (!value) return null;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

/** A `datetime-local` value (to the minute, in the browser's zone) for an instant. */
export function localFromDate(time: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}T${pad(time.getHours())}:${pad(time.getMinutes())}`;
}

/** A code as words: EMERGENCY_SHELTER is "Emergency shelter"; NCIC and NCMEC stay as they are. */
export function codeWords(code: string): string {
  if (/^(NCIC|NCMEC)$/.test(code)) return code;
  const words = code.replaceAll('_', ' ').toLowerCase().replace(/\b(ncic|ncmec)\b/g, (w) => w.toUpperCase());
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Empty text as absent: what an optional field sends when left blank. */
export function optional(value: string): string | null {
  const trimmed = value.trim();
  return trimmed ? trimmed : null;
}
