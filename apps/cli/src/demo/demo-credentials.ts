import { Injectable } from '@nestjs/common';
import { Role } from '@tandem/authz';
import { PasswordHasher } from '@tandem/identity';
import { MfaCodes, MfaGate, MfaRepository } from '@tandem/mfa';
import { Tx } from '@tandem/platform';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from './demo-identity';

/**
 * How the demo accounts sign in: one password for all, and, for every account the configuration
 * requires a second factor of (the police and prosecutors, supervisors, admins, auditors), one
 * authenticator secret that the seed prints, so that a demo can be signed in to from any phone.
 * The demo is never loaded in production.
 */
@Injectable()
export class DemoCredentials {
  constructor(
    private readonly passwords: PasswordHasher,
    private readonly gate: MfaGate,
    private readonly codes: MfaCodes,
    private readonly factors: MfaRepository,
  ) {}

  passwordHash(): Promise<string> {
    return this.passwords.hash(DEMO_PASSWORD);
  }

  isDemoPassword(passwordHash: string): Promise<boolean> {
    return this.passwords.verify(passwordHash, DEMO_PASSWORD);
  }

  /** Enrols the demo secret for the account when a second factor is required of it and it has none; answers 1 when it did. */
  async ensureSecondFactor(tx: Tx, account: { id: string; role: Role; agencyId: string | null }): Promise<number> {
    if (!(await this.gate.required(tx, account)) || (await this.factors.enrolled(tx, account.id))) return 0;
    await this.factors.savePending(tx, account.id, this.codes.sealFor(account.id, DEMO_TOTP_SECRET));
    // Confirmed as at the first time step, so that any code from now on is taken.
    await this.factors.confirm(tx, account.id, 0, this.codes.now());
    return 1;
  }
}
