import { AppConfig } from '@tandem/platform';
import { PiiCipher, PiiDecryptionError } from './pii-cipher';
import { sealedText } from './sealed-text';

const ID_A = '6f1c1e2a-8a54-4c2a-9f0e-1d2b3c4d5e6f';
const ID_B = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('sealedText', () => {
  const referral = sealedText('referral', 'referral', ['reason', 'status_note']);

  it('names each column <field>_sealed with the context <kind>:<row id>:<field>', () => {
    expect(referral.table).toBe('referral');
    expect(Object.keys(referral.columns)).toEqual(['reason_sealed', 'status_note_sealed']);
    expect(referral.columns.reason_sealed!(ID_A)).toBe(`referral:${ID_A}:reason`);
    expect(referral.columns.status_note_sealed!(ID_A)).toBe(`referral:${ID_A}:status-note`);
    expect(referral.columns.status_note_sealed!(ID_B)).toBe(`referral:${ID_B}:status-note`);
  });

  it('gives contexts under which a value opens only in its own row and field', () => {
    const cipher = new PiiCipher(AppConfig.fromEnv({ PII_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 7).toString('base64')}` }));
    const sealed = cipher.encrypt('Suspect seen at the motel', referral.columns.reason_sealed!(ID_A));
    expect(cipher.decrypt(sealed, referral.columns.reason_sealed!(ID_A))).toBe('Suspect seen at the motel');
    expect(() => cipher.decrypt(sealed, referral.columns.reason_sealed!(ID_B))).toThrow(PiiDecryptionError);
    expect(() => cipher.decrypt(sealed, referral.columns.status_note_sealed!(ID_A))).toThrow(PiiDecryptionError);
    expect(() => cipher.decrypt(sealed, sealedText('handoff', 'handoff', ['reason']).columns.reason_sealed!(ID_A))).toThrow(PiiDecryptionError);
  });
});
