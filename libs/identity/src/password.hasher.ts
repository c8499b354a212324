import { Injectable } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { AppConfig } from '@tandem/platform';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;
export const PASSWORD_RULE = `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`;

/** Why `password` cannot be chosen, or null: the one rule for every password set through the API. */
export function passwordProblem(password: string): string | null {
  return password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH ? PASSWORD_RULE : null;
}

/** argon2id password hashing (OWASP parameters; lighter only under NODE_ENV=test). */
@Injectable()
export class PasswordHasher {
  private readonly options: { algorithm: Algorithm; memoryCost: number; timeCost: number; parallelism: number };
  private dummyHash: Promise<string> | null = null;

  constructor(config: AppConfig) {
    const light = config.values.NODE_ENV === 'test';
    this.options = { algorithm: Algorithm.Argon2id, memoryCost: light ? 4096 : 19456, timeCost: 2, parallelism: 1 };
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

  /** Spends the time of a real verification, so an unknown email answers as slowly as a wrong password. */
  async verifyNothing(password: string): Promise<false> {
    this.dummyHash ??= this.hash('tandem-placeholder-password-for-timing');
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
