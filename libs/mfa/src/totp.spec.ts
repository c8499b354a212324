import { newTotpSecret, totpCode, totpCodeStep, totpStep, totpUri } from './totp';

describe('totp', () => {
  const at = new Date('2026-12-07T08:00:10Z');

  it('matches the RFC 6238 SHA-1 test vector', () => {
    // RFC 6238, appendix B: the ASCII secret "12345678901234567890", T = 59 s, 8 digits 94287082: its last six.
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(totpCode(secret, new Date(59_000))).toBe('287082');
  });

  it('takes the code of the current step and its neighbours, not further ones', () => {
    const secret = newTotpSecret();
    const step = totpStep(at);
    expect(totpCodeStep(secret, totpCode(secret, at), at)).toBe(step);
    expect(totpCodeStep(secret, totpCode(secret, new Date(at.getTime() - 30_000)), at)).toBe(step - 1);
    expect(totpCodeStep(secret, totpCode(secret, new Date(at.getTime() + 30_000)), at)).toBe(step + 1);
    expect(totpCodeStep(secret, totpCode(secret, new Date(at.getTime() - 90_000)), at)).toBeNull();
    expect(totpCodeStep(secret, 'abcdef', at)).toBeNull();
  });

  it('writes an otpauth URI with the issuer and label', () => {
    const uri = totpUri('JBSWY3DPEHPK3PXP', 'ana@agency.test', 'Tandem');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Tandem:ana%40agency\.test\?/);
    expect(uri).toContain('secret=JBSWY3DPEHPK3PXP');
    expect(uri).toContain('issuer=Tandem');
  });
});
