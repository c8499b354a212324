// A temporary password an administrator hands to a new user, who must replace it at the first
// sign-in. Made in the browser from the platform's random source, shown once, kept nowhere.

/** Letters and digits a person reads out or types without mistaking one for another (no 0/O, 1/l/I). */
export const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

const GROUPS = 4;
const GROUP_LENGTH = 5;

/** Fills a byte array with random bytes: the browser's crypto.getRandomValues by default. */
export type RandomBytes = (bytes: Uint8Array) => Uint8Array;

const browserRandom: RandomBytes = (bytes) => crypto.getRandomValues(bytes);

/**
 * Four groups of five characters ("k7Qmz-…"): 23 characters, about 116 bits. Bytes past the largest
 * multiple of the alphabet's size are drawn again, so that every character is equally likely.
 */
export function temporaryPassword(random: RandomBytes = browserRandom): string {
  const size = PASSWORD_ALPHABET.length;
  const limit = 256 - (256 % size);
  const chars: string[] = [];
  while (chars.length < GROUPS * GROUP_LENGTH) {
    for (const byte of random(new Uint8Array(32))) {
      if (byte >= limit) continue;
      chars.push(PASSWORD_ALPHABET[byte % size]!);
      if (chars.length === GROUPS * GROUP_LENGTH) break;
    }
  }
  const groups: string[] = [];
  for (let i = 0; i < GROUPS; i += 1) groups.push(chars.slice(i * GROUP_LENGTH, (i + 1) * GROUP_LENGTH).join(''));
  return groups.join('-');
}
