import { createCipheriv, randomBytes } from 'node:crypto';
import { AppConfig } from '@tandem/platform';

const IV_BYTES = 12;
const IVS_PER_DRAW = 4096;

/**
 * Seals text as `PiiCipher.encrypt` does (AES-256-GCM with the keyring's first key, a fresh
 * random 12-byte IV, the context bound as additional data, the `v1.<keyId>.<iv>.<tag>.<ciphertext>`
 * format), for bulk loading: the random IVs are drawn 4,096 at a time, where drawing them one by
 * one took a third of the sealing time of the benchmark's data set.
 */
export class BulkSealer {
  private readonly key: Buffer;
  readonly keyId: string;
  private ivs = Buffer.alloc(0);
  private offset = 0;

  constructor(config: AppConfig) {
    const current = config.values.PII_ENCRYPTION_KEY[0];
    if (!current) throw new Error('PII_ENCRYPTION_KEY must hold at least one key');
    this.key = Buffer.from(current.key);
    this.keyId = current.id;
  }

  seal(plaintext: string, context: string): string {
    if (this.offset === this.ivs.length) {
      this.ivs = randomBytes(IV_BYTES * IVS_PER_DRAW);
      this.offset = 0;
    }
    const iv = this.ivs.subarray(this.offset, this.offset + IV_BYTES);
    this.offset += IV_BYTES;
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: 16 });
    cipher.setAAD(Buffer.from(JSON.stringify(['v1', this.keyId, context]), 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `v1.${this.keyId}.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${ciphertext.toString('base64url')}`;
  }

  sealJson(value: unknown, context: string): string {
    return this.seal(JSON.stringify(value), context);
  }
}
