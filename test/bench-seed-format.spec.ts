import { PiiCipher, PiiDecryptionError } from '@tandem/crypto';
import { AppConfig } from '@tandem/platform';
import { isoTime } from '../bench/src/pg-copy';
import { BENCH_SECRETS } from '../bench/src/seed';
import { BulkSealer } from '../bench/src/sealer';

// The benchmark's bulk loader writes what the application writes, only faster.
describe('bench data set formats', () => {
  const config = AppConfig.fromEnv({ ...process.env, ...BENCH_SECRETS, NODE_ENV: 'development' });

  it('seals values that PiiCipher opens with the same context and no other', () => {
    const sealer = new BulkSealer(config);
    const cipher = new PiiCipher(config);
    const sealed = sealer.seal('Met with the youth at the placement.', 'note:1:body');
    expect(cipher.decrypt(sealed, 'note:1:body')).toBe('Met with the youth at the placement.');
    expect(() => cipher.decrypt(sealed, 'note:2:body')).toThrow(PiiDecryptionError);
    expect(cipher.decryptJson(sealer.sealJson({ legalName: 'Maya J. Lee' }, 'child:x:identity'), 'child:x:identity')).toEqual({ legalName: 'Maya J. Lee' });
    expect(cipher.keyIdOf(sealed)).toBe(cipher.currentKeyId);
  });

  it('gives every sealed value its own IV, across IV draws', () => {
    const sealer = new BulkSealer(config);
    const ivs = new Set(Array.from({ length: 10_000 }, () => sealer.seal('same', 'same').split('.')[2]));
    expect(ivs.size).toBe(10_000);
  });

  it('formats times as Date.toISOString does', () => {
    const samples = [0, -1, 1, 86_399_999, 86_400_000, -86_400_001, 951_782_400_000, 1_796_601_599_999, Date.UTC(2026, 11, 7, 4, 5, 6, 7)];
    let state = 12345;
    for (let k = 0; k < 20_000; k += 1) {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      samples.push(Math.floor((state / 2_147_483_648) * 4e12) - 1e12);
    }
    for (const ms of samples) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });
});
