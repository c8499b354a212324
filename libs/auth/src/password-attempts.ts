import { Injectable } from '@nestjs/common';
import { SignInAttempt, UserRepository } from '@tandem/identity';
import { AppConfig, Clock, Tx } from '@tandem/platform';

/**
 * The lockout budget that every check of a password spends from: signing in and changing one's
 * password alike. `LOGIN_MAX_FAILURES` wrong passwords lock the account for `LOGIN_LOCK_SECONDS`.
 */
@Injectable()
export class PasswordAttempts {
  constructor(
    private readonly users: UserRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** How long a lock lasts, in seconds. */
  get lockSeconds(): number {
    return this.config.values.LOGIN_LOCK_SECONDS;
  }

  /** Reserves one check of the user's password, or `null` while the account is locked. */
  reserve(tx: Tx, userId: string): Promise<SignInAttempt | null> {
    const now = this.clock.now();
    const { LOGIN_MAX_FAILURES, LOGIN_LOCK_SECONDS } = this.config.values;
    return this.users.reservePasswordCheck(tx, userId, LOGIN_MAX_FAILURES, now, new Date(now.getTime() + LOGIN_LOCK_SECONDS * 1000));
  }
}
