import { createHmac, hkdfSync } from 'node:crypto';
import { Test } from '@nestjs/testing';
import { AppConfig, ConfigModule } from '@tandem/platform';
import { BlindIndex, normalizeName } from './blind-index';
import { CryptoModule } from './crypto.module';

const KEY_A = 'blind-index-key-a-for-tests-0000000000000';
const KEY_B = 'blind-index-key-b-for-tests-0000000000000';
const DOB = '2015-03-04';

function indexFor(key: string): BlindIndex {
  return new BlindIndex(AppConfig.fromEnv({ BLIND_INDEX_KEY: key }));
}

describe('normalizeName', () => {
  it.each([
    ['Maria de la Cruz', 'cruz de la maria'],
    ['Cruz, María De La', 'cruz de la maria'],
    ['  MARÍA   DE-LA_CRUZ.  ', 'cruz de la maria'],
    ['Zoë O’Brien-Smith', 'brien o smith zoe'],
    ['Ｍａｒｉａ', 'maria'],
    ['İlkay Çelik', 'celik ilkay'],
    ['Ana 2', '2 ana'],
    ['Ольга Łukasz', 'łukasz ольга'],
    ['--- , ...', ''],
  ])('%j becomes %j', (name, normalized) => {
    expect(normalizeName(name)).toBe(normalized);
  });
});

describe('BlindIndex', () => {
  const index = indexFor(KEY_A);

  it('gives a 32-byte token', () => {
    const token = index.token('Maria de la Cruz', DOB);
    expect(Buffer.isBuffer(token)).toBe(true);
    expect(token).toHaveLength(32);
  });

  it('is HMAC-SHA256 under the HKDF-SHA256 key derived from BLIND_INDEX_KEY with info tandem-blind-index-v1', () => {
    const key = Buffer.from(hkdfSync('sha256', KEY_A, Buffer.alloc(0), 'tandem-blind-index-v1', 32));
    const expected = createHmac('sha256', key).update(`${DOB}\u0000cruz de la maria`).digest();
    expect(index.token('Maria de la Cruz', DOB).equals(expected)).toBe(true);
    const unkeyed = createHmac('sha256', KEY_A).update(`${DOB}\u0000cruz de la maria`).digest();
    expect(index.token('Maria de la Cruz', DOB).equals(unkeyed)).toBe(false);
  });

  it.each([
    'Cruz, María De La',
    'MARIA DE LA CRUZ',
    'de la Cruz Maria',
    'María de la Cruz',
    '  maria.de.la.cruz!  ',
    'Maria-de-la-Cruz',
  ])('indexes %j the same as "Maria de la Cruz"', (variant) => {
    expect(index.token(variant, DOB).equals(index.token('Maria de la Cruz', DOB))).toBe(true);
  });

  it('is the same from another instance with the same key', () => {
    expect(indexFor(KEY_A).token('Maria de la Cruz', DOB).equals(index.token('Maria de la Cruz', DOB))).toBe(true);
  });

  it('differs for a different date of birth', () => {
    expect(index.token('Maria de la Cruz', '2015-03-05').equals(index.token('Maria de la Cruz', DOB))).toBe(false);
    expect(index.token('Maria de la Cruz', '2015-04-03').equals(index.token('Maria de la Cruz', DOB))).toBe(false);
  });

  it('differs for a different name', () => {
    expect(index.token('Maria de la Cruz', DOB).equals(index.token('Mario de la Cruz', DOB))).toBe(false);
    expect(index.token('Maria de la Cruz', DOB).equals(index.token('Maria Cruz', DOB))).toBe(false);
  });

  it('differs under a different BLIND_INDEX_KEY', () => {
    expect(indexFor(KEY_B).token('Maria de la Cruz', DOB).equals(index.token('Maria de la Cruz', DOB))).toBe(false);
  });

  it.each(['2015-3-4', '04/03/2015', '20150304', '2015-03-04T00:00:00Z', ' 2015-03-04', '2015-02-30', '2015-13-01', '2015-01-00', '2015-1a-01', ''])(
    'refuses the date of birth %j without repeating it',
    (dateOfBirth) => {
      let message: string | undefined;
      try {
        index.token('Maria de la Cruz', dateOfBirth);
      } catch (error) {
        expect(error).toBeInstanceOf(Error);
        message = (error as Error).message;
      }
      expect(message).toMatch(/YYYY-MM-DD/);
      if (dateOfBirth) expect(message).not.toContain(dateOfBirth.trim());
      expect(message).not.toContain('Maria');
    },
  );

  it('accepts a leap day', () => {
    expect(index.token('Maria de la Cruz', '2016-02-29')).toHaveLength(32);
  });

  it('refuses a name with no letters or digits', () => {
    expect(() => index.token(' ,.- ', DOB)).toThrow(/name/);
  });

  it('is provided by CryptoModule where AppConfig is provided globally', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(AppConfig.fromEnv({ BLIND_INDEX_KEY: KEY_B })), CryptoModule],
    }).compile();
    const provided = moduleRef.get(BlindIndex);
    expect(provided.token('Maria de la Cruz', DOB).equals(indexFor(KEY_B).token('Maria de la Cruz', DOB))).toBe(true);
    await moduleRef.close();
  });
});
