import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const PASSWORD_MAX_LENGTH = 200;

/** The bundled list of common passwords (scripts/common-passwords.mjs says where it comes from), one per line, lower case. */
export const COMMON_PASSWORDS_FILE = 'common-passwords.txt';

let common: ReadonlySet<string> | null = null;

/** The common passwords, read once per process (beside this file, in the source and in the build alike). */
export function commonPasswords(): ReadonlySet<string> {
  if (common) return common;
  const path = join(__dirname, COMMON_PASSWORDS_FILE);
  if (!existsSync(path)) throw new Error(`The list of common passwords is missing (${path})`);
  common = new Set(readFileSync(path, 'utf8').split('\n').filter(Boolean));
  return common;
}

/**
 * Why `password` cannot be chosen, or null: at least `minLength` characters (at most 200), and not
 * one of the common passwords, whatever its letters' case and surrounding spaces.
 */
export function passwordProblem(password: string, minLength: number, known: ReadonlySet<string> = commonPasswords()): string | null {
  if (password.length < minLength || password.length > PASSWORD_MAX_LENGTH) return `must be ${minLength} to ${PASSWORD_MAX_LENGTH} characters`;
  if (known.has(password.trim().toLowerCase())) return 'is one of the most common passwords, which are tried first; choose another';
  return null;
}
