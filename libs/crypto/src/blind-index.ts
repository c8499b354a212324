import { createHmac, hkdfSync } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@tandem/platform';

const HKDF_INFO = 'tandem-blind-index-v1';
const DATE_OF_BIRTH = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A name reduced to what survives spelling variation: Unicode NFKD, diacritics (combining
 * marks) dropped, lower case, every run of characters that are not letters or digits turned
 * into one space, trimmed, and the words sorted, so "Cruz, María De La" equals "Maria de la Cruz".
 */
export function normalizeName(name: string): string {
  const words = name
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  // Code-unit order, not localeCompare: the index must not depend on the process's locale.
  words.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return words.join(' ');
}

/**
 * Keyed equality lookup over a child's name and date of birth without storing either in the
 * clear: HMAC-SHA256 under a key derived from BLIND_INDEX_KEY (HKDF-SHA256, info
 * `tandem-blind-index-v1`). Equal tokens mean the same normalised name and date of birth.
 */
@Injectable()
export class BlindIndex {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    const secret = config.values.BLIND_INDEX_KEY;
    if (typeof secret !== 'string' || secret.length < 32) throw new Error('BLIND_INDEX_KEY must be at least 32 characters');
    this.key = Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), HKDF_INFO, 32));
  }

  /** A 32-byte token for a name and a date of birth written YYYY-MM-DD. */
  token(name: string, dateOfBirth: string): Buffer {
    assertDateOfBirth(dateOfBirth);
    const normalized = normalizeName(name);
    if (!normalized) throw new Error('A blind index needs a name with at least one letter or digit');
    // The date has a fixed width and the name holds no NUL, so the input is unambiguous.
    return createHmac('sha256', this.key).update(`${dateOfBirth}\u0000${normalized}`, 'utf8').digest();
  }
}

function assertDateOfBirth(dateOfBirth: string): void {
  const match = typeof dateOfBirth === 'string' ? DATE_OF_BIRTH.exec(dateOfBirth) : null;
  if (match) {
    // Date.UTC rolls 2015-02-30 over to March; a real calendar date reads back unchanged.
    const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    if (date.toISOString().slice(0, 10) === dateOfBirth) return;
  }
  // The value itself is personal data: it stays out of the message.
  throw new Error('dateOfBirth must be a calendar date written YYYY-MM-DD');
}
