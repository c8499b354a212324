import { Injectable } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { AppConfig } from '@tandem/platform';
import { commonPasswords, passwordProblem } from './password-rules';

/** argon2id's cost, as a hash records it (`m`, `t`, `p`). */
export interface HashParameters {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** The parameters an encoded argon2id hash was made with, or null when it is not one. */
export function hashParameters(encoded: string): HashParameters | null {
  const match = /^\$argon2id\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(encoded);
  return match ? { memoryCost: Number(match[1]), timeCost: Number(match[2]), parallelism: Number(match[3]) } : null;
}

/**
 * The rule a new password follows, and argon2id password hashing with the cost the configuration sets (`PASSWORD_HASH_*`; OWASP's
 * minimum by default, lighter only under NODE_ENV=test). A hash made with other parameters still
 * verifies; {@link needsRehash} tells the sign-in to hash the password again with the current ones.
 */
@Injectable()
export class PasswordHasher {
  private readonly options: HashParameters & { algorithm: Algorithm };
  private dummyHash: Promise<string> | null = null;

  constructor(private readonly config: AppConfig) {
    // Read at start, so a build without the list stops at once rather than at the first password set.
    commonPasswords();
    const { NODE_ENV, PASSWORD_HASH_MEMORY_KIB, PASSWORD_HASH_TIME_COST, PASSWORD_HASH_PARALLELISM } = config.values;
    const memoryCost = PASSWORD_HASH_MEMORY_KIB ?? (NODE_ENV === 'test' ? 4096 : 19456);
    this.options = { algorithm: Algorithm.Argon2id, memoryCost, timeCost: PASSWORD_HASH_TIME_COST, parallelism: PASSWORD_HASH_PARALLELISM };
  }

  /** Why `password` may not be chosen, or null: the one rule for every password set through the API (`PASSWORD_MIN_LENGTH`, the common list). */
  problem(password: string): string | null {
    return passwordProblem(password, this.config.values.PASSWORD_MIN_LENGTH);
  }

  hash(password: string): Promise<string> {
    return hash(password, this.options);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }

  /** Whether a hash was made with other parameters than the configured ones (or is not argon2id). */
  needsRehash(passwordHash: string): boolean {
    const made = hashParameters(passwordHash);
    return !made || made.memoryCost !== this.options.memoryCost || made.timeCost !== this.options.timeCost || made.parallelism !== this.options.parallelism;
  }

  /** Spends the time of a real verification, so an unknown email answers as slowly as a wrong password. */
  async verifyNothing(password: string): Promise<false> {
    this.dummyHash ??= this.hash('tandem-placeholder-password-for-timing');
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
