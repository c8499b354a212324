import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@tandem/platform';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * A sealed value could not be opened: wrong format, unknown key id, or failed authentication
 * (tampered, wrong key, or wrong context). Its message never holds plaintext or key material.
 */
export class PiiDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PiiDecryptionError';
  }
}

interface SealedParts {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

/**
 * Application-level encryption of personal data: AES-256-GCM, a fresh random 12-byte IV per
 * value, sealed as `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). The first key of the
 * PII_ENCRYPTION_KEY keyring encrypts; every key decrypts, chosen by the id inside the value.
 *
 * An optional context (e.g. `child:<uuid>:identity`) is bound to the ciphertext as GCM
 * additional authenticated data, so a value copied to another row or field does not open there;
 * the same context must be given to decrypt.
 */
@Injectable()
export class PiiCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;
  /** The id of the key new values are sealed with (the first of the keyring). */
  readonly currentKeyId: string;

  constructor(config: AppConfig) {
    const keyring = config.values.PII_ENCRYPTION_KEY;
    const keys = new Map<string, Buffer>();
    for (const { id, key } of keyring) {
      if (!KEY_ID.test(id) || key.length !== KEY_BYTES || keys.has(id)) {
        throw new Error('PII_ENCRYPTION_KEY must hold distinct key ids, each with a 32-byte key');
      }
      keys.set(id, Buffer.from(key));
    }
    const current = keyring[0];
    if (!current) throw new Error('PII_ENCRYPTION_KEY must hold at least one key');
    this.keys = keys;
    this.currentKeyId = current.id;
  }

  encrypt(plaintext: string, context?: string): string {
    if (typeof plaintext !== 'string') throw new TypeError('PiiCipher.encrypt takes a string');
    const keyId = this.currentKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.keys.get(keyId)!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(keyId, context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, keyId, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  decrypt(sealed: string, context?: string): string {
    const { keyId, iv, tag, ciphertext } = parse(sealed);
    const key = this.keys.get(keyId);
    if (!key) throw new PiiDecryptionError(`Encrypted value was sealed with key "${keyId}", which is not in the keyring`);
    try {
      const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(additionalData(keyId, context));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new PiiDecryptionError('Encrypted value failed authentication (tampered, wrong key or wrong context)');
    }
  }

  encryptJson(value: unknown, context?: string): string {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError('PiiCipher.encryptJson takes a JSON-serialisable value');
    return this.encrypt(json, context);
  }

  decryptJson<T>(sealed: string, context?: string): T {
    const json = this.decrypt(sealed, context);
    try {
      return JSON.parse(json) as T;
    } catch {
      // JSON.parse quotes the text it rejects; never let that reach a message.
      throw new PiiDecryptionError('Encrypted value does not hold JSON');
    }
  }

  /** The id of the key a value was sealed with (throws PiiDecryptionError if it is not a sealed value). */
  keyIdOf(sealed: string): string {
    return parse(sealed).keyId;
  }

  /** Whether a value was sealed with a key other than the current one. */
  needsRotation(sealed: string): boolean {
    return this.keyIdOf(sealed) !== this.currentKeyId;
  }

  /** Opens a value with whichever keyring key sealed it and seals it again with the current key. */
  reencrypt(sealed: string, context?: string): string {
    return this.encrypt(this.decrypt(sealed, context), context);
  }
}

/** The header and the context, unambiguously encoded, are authenticated with every value. */
function additionalData(keyId: string, context: string | undefined): Buffer {
  return Buffer.from(JSON.stringify([VERSION, keyId, context ?? null]), 'utf8');
}

function parse(sealed: string): SealedParts {
  if (typeof sealed !== 'string') throw new PiiDecryptionError('Encrypted value is not a string');
  const parts = sealed.split('.');
  if (parts.length !== 5) throw new PiiDecryptionError('Encrypted value is not in the v1 sealed format');
  const [version, keyId, iv, tag, ciphertext] = parts as [string, string, string, string, string];
  if (version !== VERSION) throw new PiiDecryptionError('Encrypted value has an unsupported format version');
  if (!KEY_ID.test(keyId)) throw new PiiDecryptionError('Encrypted value has a malformed key id');
  const decoded = { keyId, iv: decode(iv), tag: decode(tag), ciphertext: decode(ciphertext) };
  if (decoded.iv.length !== IV_BYTES || decoded.tag.length !== TAG_BYTES) {
    throw new PiiDecryptionError('Encrypted value is not in the v1 sealed format');
  }
  return decoded;
}

function decode(part: string): Buffer {
  // Buffer.from(…, 'base64url') silently skips foreign characters and loose trailing bits;
  // accept only the one canonical encoding of the bytes.
  const bytes = BASE64URL.test(part) ? Buffer.from(part, 'base64url') : null;
  if (!bytes || bytes.toString('base64url') !== part) {
    throw new PiiDecryptionError('Encrypted value is not in the v1 sealed format');
  }
  return bytes;
}
