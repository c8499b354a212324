// C0 controls other than tab, line feed and carriage return, DEL and the C1 controls (PostgreSQL refuses NUL outright).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/**
 * The explicit direction formatting characters: embeddings and overrides (U+202A–U+202E) and
 * isolates (U+2066–U+2069). They reorder what a reader sees, so a note reads differently from
 * what is stored ("Trojan source"). The implicit marks (U+200E, U+200F, U+061C) stay: writers of
 * right-to-left scripts use them, and they move no text.
 */
const DIRECTION = /[\u202A-\u202E\u2066-\u2069]/;

/**
 * What no text argument may hold, free text (notes, reasons, purposes) included, or null. Line
 * breaks and tabs are kept; names have the stricter single-line rule on top.
 */
export function anyTextProblem(value: string): string | null {
  if (CONTROL.test(value)) return 'must not contain control characters';
  if (DIRECTION.test(value)) return 'must not contain text-direction embeddings, overrides or isolates';
  return null;
}
