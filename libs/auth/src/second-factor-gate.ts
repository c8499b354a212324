import { Injectable } from '@nestjs/common';
import { GateAccount, MfaGate } from '@tandem/mfa';
import { Transactions } from '@tandem/platform';
import { SessionAssurance } from './session-assurance';

/**
 * Whether a signed-in account must enrol a second factor before anything else: the account must
 * have one and has none (`MfaGate`), unless its session was opened through a provider that vouched
 * for a second factor the agency trusts (`SessionAssurance`, agency single sign-on).
 */
@Injectable()
export class SecondFactorGate {
  constructor(
    private readonly transactions: Transactions,
    private readonly mfa: MfaGate,
    private readonly assurance: SessionAssurance,
  ) {}

  async mustEnroll(account: GateAccount): Promise<boolean> {
    if (!(await this.mfa.mustEnroll(account))) return false;
    if (account.sessionId === undefined) return true;
    return (await this.assurance.mfaOf(this.transactions.manager, account.sessionId)) === null;
  }
}
