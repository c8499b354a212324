import { newRecoveryCodes, normalizeRecoveryCode, RecoveryCodeHasher } from './recovery-codes';

describe('recovery codes', () => {
  it('gives ten distinct codes that read back as typed in any case', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
      expect(normalizeRecoveryCode(` ${code.toLowerCase()} `)).toBe(code.replace('-', ''));
    }
    expect(normalizeRecoveryCode('123456')).toBeNull();
    expect(normalizeRecoveryCode('OOOOO-IIIII')).toBeNull();
  });

  it('hashes a code per user under its key', () => {
    const hasher = new RecoveryCodeHasher('a-key-of-at-least-thirty-two-characters!');
    const other = new RecoveryCodeHasher('another-key-of-at-least-thirty-two-chars');
    expect(hasher.hash('u1', 'ABCDEFGHJK').equals(hasher.hash('u1', 'ABCDEFGHJK'))).toBe(true);
    expect(hasher.hash('u1', 'ABCDEFGHJK').equals(hasher.hash('u2', 'ABCDEFGHJK'))).toBe(false);
    expect(hasher.hash('u1', 'ABCDEFGHJK').equals(other.hash('u1', 'ABCDEFGHJK'))).toBe(false);
  });
});
