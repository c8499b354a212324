import { FOLLOW_UP_CODE_WORDS, newFollowUpCode, normalizeFollowUpCode, TipHashes } from './follow-up-code';
import { FOLLOW_UP_WORDS } from './follow-up-words';

describe('follow-up codes', () => {
  it('draw from a list of at least 1024 distinct short lower-case words, so a code carries 60 bits or more', () => {
    expect(new Set(FOLLOW_UP_WORDS).size).toBe(FOLLOW_UP_WORDS.length);
    expect(FOLLOW_UP_WORDS.length).toBeGreaterThanOrEqual(1024);
    expect(FOLLOW_UP_WORDS.every((word) => /^[a-z]{3,9}$/.test(word))).toBe(true);
    expect(FOLLOW_UP_CODE_WORDS * Math.log2(FOLLOW_UP_WORDS.length)).toBeGreaterThanOrEqual(60);
  });

  it('are six words of the list, and differ each time', () => {
    const codes = Array.from({ length: 200 }, () => newFollowUpCode());
    for (const code of codes) {
      const words = code.split('-');
      expect(words).toHaveLength(6);
      expect(words.every((word) => FOLLOW_UP_WORDS.includes(word))).toBe(true);
    }
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('read back in any case, with any separator; anything else is not a code', () => {
    const code = 'maple-otter-quilt-river-lamp-tulip';
    expect(normalizeFollowUpCode('Maple Otter  QUILT.river,lamp_tulip')).toBe(code);
    expect(normalizeFollowUpCode('maple otter quilt river lamp')).toBeNull();
    expect(normalizeFollowUpCode('maple otter quilt river lamp zzzz')).toBeNull();
    expect(normalizeFollowUpCode('')).toBeNull();
  });

  it('are kept as keyed hashes: the same code the same hash, another key or code another', () => {
    const hashes = new TipHashes('k'.repeat(32));
    expect(hashes.code('a-b')).toEqual(hashes.code('a-b'));
    expect(hashes.code('a-b')).not.toEqual(hashes.code('a-c'));
    expect(new TipHashes('j'.repeat(32)).code('a-b')).not.toEqual(hashes.code('a-b'));
    // A place and a code of the same text do not hash alike.
    expect(hashes.place('a-b')).not.toEqual(hashes.code('a-b'));
    expect(hashes.place('')).toBeNull();
    expect(() => new TipHashes('short')).toThrow('TIP_CODE_KEY');
  });
});
