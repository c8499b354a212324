import { createHmac, hkdfSync, randomInt } from 'node:crypto';
import { FOLLOW_UP_WORDS } from './follow-up-words';

/** Words in a follow-up code: 6 of 1363 is about 62 bits, out of reach of guessing behind the proof of work and the rate limit. */
export const FOLLOW_UP_CODE_WORDS = 6;

/** A fresh follow-up code: words drawn uniformly at random, joined by hyphens ("maple-otter-quilt-..."). */
export function newFollowUpCode(words: readonly string[] = FOLLOW_UP_WORDS, length = FOLLOW_UP_CODE_WORDS): string {
  return Array.from({ length }, () => words[randomInt(words.length)]!).join('-');
}

/**
 * A code as typed back: any case, words separated by spaces, hyphens, dots or commas. Returns null
 * when it cannot be a code (wrong number of words, or a word outside the list), so that it is
 * refused the same way as a code that matches no tip.
 */
export function normalizeFollowUpCode(typed: string, words: readonly string[] = FOLLOW_UP_WORDS): string | null {
  const parts = typed
    .normalize('NFKC')
    .toLowerCase()
    .split(/[\s\-.,_]+/)
    .filter(Boolean);
  if (parts.length !== FOLLOW_UP_CODE_WORDS) return null;
  const known = new Set(words);
  return parts.every((part) => known.has(part)) ? parts.join('-') : null;
}

/**
 * The keyed hashes of a tip: its follow-up code (the only form in which the code is kept) and its
 * place as written (so that two tips naming the same place are found without either being kept in
 * the clear). Each under its own key derived from TIP_CODE_KEY.
 */
export class TipHashes {
  private readonly codeKey: Buffer;
  private readonly placeKey: Buffer;

  constructor(secret: string) {
    if (secret.length < 32) throw new Error('TIP_CODE_KEY must be at least 32 characters');
    const derive = (info: string) => Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), info, 32));
    this.codeKey = derive('tandem-tip-follow-up-code-v1');
    this.placeKey = derive('tandem-tip-place-v1');
  }

  /** The hash of a normalised code. */
  code(normalized: string): Buffer {
    return createHmac('sha256', this.codeKey).update(normalized, 'utf8').digest();
  }

  /** The hash of a normalised place; null when nothing of it is left to compare. */
  place(normalized: string): Buffer | null {
    return normalized ? createHmac('sha256', this.placeKey).update(normalized, 'utf8').digest() : null;
  }
}
