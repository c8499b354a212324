import { createHmac, hkdfSync, randomInt } from 'node:crypto';

/** How many recovery codes an enrolment gives. */
export const RECOVERY_CODE_COUNT = 10;
/** No 0/O, 1/I/L: a code is read off paper. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const GROUP = 5;

/** Ten new recovery codes, `XXXXX-XXXXX` (about 49 bits each). */
export function newRecoveryCodes(): string[] {
  const code = () => Array.from({ length: GROUP * 2 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) {
    const raw = code();
    codes.add(`${raw.slice(0, GROUP)}-${raw.slice(GROUP)}`);
  }
  return [...codes];
}

/** A recovery code as typed, reduced to its characters (case, spaces and dashes do not matter); null when it cannot be one. */
export function normalizeRecoveryCode(typed: string): string | null {
  const raw = typed.toUpperCase().replace(/[\s-]/g, '');
  return raw.length === GROUP * 2 && [...raw].every((char) => ALPHABET.includes(char)) ? raw : null;
}

/**
 * Keyed hashes of recovery codes (HMAC-SHA256 under a key derived from `BLIND_INDEX_KEY`): the table
 * alone does not let anyone try codes offline, and a code is found by its hash in one lookup.
 */
export class RecoveryCodeHasher {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), 'tandem-recovery-code-v1', 32));
  }

  /** The hash of a normalised code, bound to its user. */
  hash(userId: string, normalized: string): Buffer {
    return createHmac('sha256', this.key).update(`${userId}:${normalized}`).digest();
  }
}
