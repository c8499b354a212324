import { Test } from '@nestjs/testing';
import { AppConfig, ConfigModule } from '@tandem/platform';
import { CryptoModule } from './crypto.module';
import { PiiCipher, PiiDecryptionError } from './pii-cipher';

const KEY_1 = Buffer.alloc(32, 0x11);
const KEY_2 = Buffer.alloc(32, 0x22);
const OTHER_KEY_1 = Buffer.alloc(32, 0x33);
const ALL_KEYS = [KEY_1, KEY_2, OTHER_KEY_1];

const PLAINTEXT = 'María José de la Cruz, born 2015-03-04, Rua das Flores 12';
const CONTEXT = 'child:7b7f1c1e-8a54-4c2a-9f0e-1d2b3c4d5e6f:identity';

function entry(id: string, key: Buffer): string {
  return `${id}:${key.toString('base64')}`;
}

function cipherFor(...keyring: string[]): PiiCipher {
  return new PiiCipher(AppConfig.fromEnv({ PII_ENCRYPTION_KEY: keyring.join(',') }));
}

/** The error `open` throws; fails the test if it opens. */
function refusal(open: () => unknown): PiiDecryptionError {
  try {
    open();
  } catch (error) {
    expect(error).toBeInstanceOf(PiiDecryptionError);
    return error as PiiDecryptionError;
  }
  throw new Error('the sealed value opened');
}

function expectNoSecretsIn(message: string): void {
  expect(message).not.toContain(PLAINTEXT);
  expect(message).not.toContain('María');
  for (const key of ALL_KEYS) {
    for (const encoding of ['base64', 'base64url', 'hex'] as const) {
      expect(message).not.toContain(key.toString(encoding));
    }
  }
}

/** The sealed value with one bit of its `index`th dot-separated part flipped. */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[index]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('PiiCipher', () => {
  const cipher = cipherFor(entry('k1', KEY_1));

  it.each([
    ['a sentence with accents', PLAINTEXT],
    ['the empty string', ''],
    ['emoji and other scripts', 'Đorđe 👧🏽 Ольга 李小龙 مريم'],
    ['a long text', 'x'.repeat(100_000)],
  ])('opens what it sealed: %s', (_label, plaintext) => {
    expect(cipher.decrypt(cipher.encrypt(plaintext))).toBe(plaintext);
    expect(cipher.decrypt(cipher.encrypt(plaintext, CONTEXT), CONTEXT)).toBe(plaintext);
  });

  it('seals as v1.<keyId>.<iv>.<tag>.<ciphertext> with a 12-byte IV and a 16-byte tag', () => {
    const sealed = cipher.encrypt(PLAINTEXT);
    expect(sealed).toMatch(/^v1\.k1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const [, keyId, iv, tag, ciphertext] = sealed.split('.');
    expect(keyId).toBe('k1');
    expect(Buffer.from(iv!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(ciphertext!, 'base64url')).toHaveLength(Buffer.byteLength(PLAINTEXT, 'utf8'));
    expect(cipher.keyIdOf(sealed)).toBe('k1');
  });

  it('never carries the plaintext, in the clear or encoded', () => {
    const sealed = cipher.encrypt(PLAINTEXT);
    const plainBytes = Buffer.from(PLAINTEXT, 'utf8');
    expect(sealed).not.toContain(PLAINTEXT);
    expect(sealed).not.toContain('Cruz');
    expect(sealed).not.toContain(plainBytes.toString('base64url').slice(0, 16));
    expect(sealed).not.toContain(plainBytes.toString('base64').slice(0, 16));
    const ciphertext = Buffer.from(sealed.split('.')[4]!, 'base64url');
    expect(ciphertext.includes(Buffer.from('Cruz'))).toBe(false);
    expect(ciphertext.equals(plainBytes)).toBe(false);
  });

  it('seals the same plaintext differently every time, with a fresh IV', () => {
    const first = cipher.encrypt(PLAINTEXT, CONTEXT);
    const second = cipher.encrypt(PLAINTEXT, CONTEXT);
    expect(second).not.toBe(first);
    expect(second.split('.')[2]).not.toBe(first.split('.')[2]);
    expect(second.split('.')[4]).not.toBe(first.split('.')[4]);
    expect(cipher.decrypt(first, CONTEXT)).toBe(PLAINTEXT);
    expect(cipher.decrypt(second, CONTEXT)).toBe(PLAINTEXT);
  });

  it.each([
    ['IV', 2],
    ['tag', 3],
    ['ciphertext', 4],
  ])('refuses a value whose %s was tampered with', (_part, index) => {
    const sealed = cipher.encrypt(PLAINTEXT, CONTEXT);
    const tampered = tamper(sealed, index);
    expect(tampered).not.toBe(sealed);
    expect(cipher.decrypt(sealed, CONTEXT)).toBe(PLAINTEXT);
    const error = refusal(() => cipher.decrypt(tampered, CONTEXT));
    expectNoSecretsIn(error.message);
  });

  it('refuses a value relabelled with another key id of the keyring', () => {
    const both = cipherFor(entry('k1', KEY_1), entry('k2', KEY_1));
    const sealed = both.encrypt(PLAINTEXT);
    expect(sealed.startsWith('v1.k1.')).toBe(true);
    const relabelled = sealed.replace(/^v1\.k1\./, 'v1.k2.');
    expect(relabelled).not.toBe(sealed);
    refusal(() => both.decrypt(relabelled));
  });

  it('opens a value only in the context it was sealed in', () => {
    const sealed = cipher.encrypt(PLAINTEXT, CONTEXT);
    expect(cipher.decrypt(sealed, CONTEXT)).toBe(PLAINTEXT);
    const otherRow = refusal(() => cipher.decrypt(sealed, 'child:00000000-0000-4000-8000-000000000000:identity'));
    expectNoSecretsIn(otherRow.message);
    refusal(() => cipher.decrypt(sealed, 'child:7b7f1c1e-8a54-4c2a-9f0e-1d2b3c4d5e6f:notes'));
    refusal(() => cipher.decrypt(sealed));
    const contextless = cipher.encrypt(PLAINTEXT);
    expect(cipher.decrypt(contextless)).toBe(PLAINTEXT);
    refusal(() => cipher.decrypt(contextless, CONTEXT));
  });

  it('refuses a value sealed with a key id it does not hold, without revealing secrets', () => {
    const sealed = cipher.encrypt(PLAINTEXT);
    const stranger = cipherFor(entry('k2', KEY_2));
    const error = refusal(() => stranger.decrypt(sealed));
    expect(error.message).toMatch(/key/i);
    expectNoSecretsIn(error.message);
  });

  it('refuses a value sealed under the same key id with different key material', () => {
    const sealed = cipher.encrypt(PLAINTEXT);
    const impostor = cipherFor(entry('k1', OTHER_KEY_1));
    const error = refusal(() => impostor.decrypt(sealed));
    expectNoSecretsIn(error.message);
  });

  it.each([
    ['an empty string', () => ''],
    ['plain text', () => PLAINTEXT],
    ['too few parts', (sealed: string) => sealed.split('.').slice(0, 4).join('.')],
    ['too many parts', (sealed: string) => `${sealed}.AAAA`],
    ['another version', (sealed: string) => sealed.replace(/^v1\./, 'v2.')],
    ['an empty key id', (sealed: string) => sealed.replace(/^v1\.k1\./, 'v1..')],
    ['a short IV', (sealed: string) => sealed.replace(/^(v1\.k1\.)[^.]+/, '$1AAAAAAAA')],
    ['a short tag', (sealed: string) => sealed.replace(/^(v1\.k1\.[^.]+\.)[^.]+/, '$1AAAAAAAA')],
    ['standard base64 characters', (sealed: string) => `${sealed.slice(0, -1)}+`],
    ['padding', (sealed: string) => `${sealed}==`],
  ])('refuses a malformed value: %s', (_label, malform) => {
    const sealed = cipher.encrypt(PLAINTEXT);
    const malformed = malform(sealed);
    expect(malformed).not.toBe(sealed);
    expectNoSecretsIn(refusal(() => cipher.decrypt(malformed)).message);
    refusal(() => cipher.keyIdOf(malformed));
  });

  it('refuses a non-canonical base64url part even when it decodes to the same bytes', () => {
    const sealed = cipher.encrypt(PLAINTEXT);
    const parts = sealed.split('.');
    const tag = parts[3]!;
    expect(tag).toHaveLength(22);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const loose = tag.slice(0, -1) + alphabet[alphabet.indexOf(tag.slice(-1)) ^ 1];
    expect(loose).not.toBe(tag);
    expect(Buffer.from(loose, 'base64url').equals(Buffer.from(tag, 'base64url'))).toBe(true);
    parts[3] = loose;
    refusal(() => cipher.decrypt(parts.join('.')));
  });

  it('rotates: an old value opens under the new keyring, needs rotation, and re-encrypts to the current key', () => {
    const old = cipherFor(entry('k1', KEY_1));
    const rotating = cipherFor(entry('k2', KEY_2), entry('k1', KEY_1));
    const retired = cipherFor(entry('k2', KEY_2));

    const sealed = old.encrypt(PLAINTEXT, CONTEXT);
    expect(old.needsRotation(sealed)).toBe(false);
    expect(rotating.keyIdOf(sealed)).toBe('k1');
    expect(rotating.decrypt(sealed, CONTEXT)).toBe(PLAINTEXT);
    expect(rotating.needsRotation(sealed)).toBe(true);
    refusal(() => retired.decrypt(sealed, CONTEXT));

    expect(old.currentKeyId).toBe('k1');
    expect(rotating.currentKeyId).toBe('k2');
    const fresh = rotating.encrypt(PLAINTEXT, CONTEXT);
    expect(rotating.keyIdOf(fresh)).toBe('k2');
    expect(rotating.needsRotation(fresh)).toBe(false);

    const reencrypted = rotating.reencrypt(sealed, CONTEXT);
    expect(rotating.keyIdOf(reencrypted)).toBe('k2');
    expect(rotating.needsRotation(reencrypted)).toBe(false);
    expect(retired.decrypt(reencrypted, CONTEXT)).toBe(PLAINTEXT);
    refusal(() => retired.decrypt(reencrypted, 'child:00000000-0000-4000-8000-000000000000:identity'));
    refusal(() => old.decrypt(reencrypted, CONTEXT));
  });

  it('refuses to re-encrypt a value it cannot open', () => {
    const sealed = cipher.encrypt(PLAINTEXT, CONTEXT);
    refusal(() => cipher.reencrypt(sealed, 'child:00000000-0000-4000-8000-000000000000:identity'));
    refusal(() => cipher.reencrypt(tamper(sealed, 4), CONTEXT));
  });

  it('seals and opens JSON values', () => {
    const identity = { name: 'María José', aliases: ['Mia', 'MJ'], dateOfBirth: '2015-03-04', siblings: 2, verified: false, note: null };
    const sealed = cipher.encryptJson(identity, CONTEXT);
    expect(sealed).not.toContain('Mia');
    expect(cipher.decryptJson<typeof identity>(sealed, CONTEXT)).toEqual(identity);
    expect(cipher.decryptJson<string[]>(cipher.encryptJson(['a', 'b']))).toEqual(['a', 'b']);
    expect(cipher.decryptJson<number>(cipher.encryptJson(42))).toBe(42);
    refusal(() => cipher.decryptJson(sealed));
  });

  it('refuses to read JSON from a value that does not hold JSON, without quoting it', () => {
    const sealed = cipher.encrypt(PLAINTEXT);
    const error = refusal(() => cipher.decryptJson(sealed));
    expectNoSecretsIn(error.message);
    expect(error.message).not.toContain('Cruz');
  });

  it('refuses to seal a value JSON cannot carry', () => {
    expect(() => cipher.encryptJson(undefined)).toThrow(TypeError);
    expect(() => cipher.encryptJson(() => 1)).toThrow(TypeError);
  });

  it('is provided by CryptoModule where AppConfig is provided globally', async () => {
    const config = AppConfig.fromEnv({ PII_ENCRYPTION_KEY: entry('k2', KEY_2) });
    const moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config), CryptoModule] }).compile();
    const provided = moduleRef.get(PiiCipher);
    expect(provided).toBeInstanceOf(PiiCipher);
    expect(provided.keyIdOf(provided.encrypt(PLAINTEXT))).toBe('k2');
    await moduleRef.close();
  });
});
