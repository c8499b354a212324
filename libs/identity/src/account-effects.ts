import { Injectable } from '@nestjs/common';
import { Tx } from '@tandem/platform';

/** What another lib does, in the same transaction, when an administrator disables an account or resets its sign-in. */
export type AccountDisabledEffect = (tx: Tx, userId: string) => Promise<void>;

/**
 * Lets the libs built on identity act on its accounts' changes without identity knowing them: the
 * auth lib ends a disabled account's sessions here, in its own table, while auth depends on identity
 * and not the other way round.
 */
@Injectable()
export class AccountEffects {
  private readonly onDisabled: AccountDisabledEffect[] = [];
  private readonly onSignInReset: AccountDisabledEffect[] = [];

  whenDisabled(effect: AccountDisabledEffect): void {
    this.onDisabled.push(effect);
  }

  async disabled(tx: Tx, userId: string): Promise<void> {
    for (const effect of this.onDisabled) await effect(tx, userId);
  }

  /** What happens when an administrator resets how the account signs in (its second factor): its sessions end. */
  whenSignInReset(effect: AccountDisabledEffect): void {
    this.onSignInReset.push(effect);
  }

  async signInReset(tx: Tx, userId: string): Promise<void> {
    for (const effect of this.onSignInReset) await effect(tx, userId);
  }
}
