import { Injectable } from '@nestjs/common';
import { Role } from '@tandem/authz';
import { AgencyRepository } from '@tandem/identity';
import { AppConfig, Transactions, Tx } from '@tandem/platform';
import { MfaMandate, mfaRequired } from './mfa.rules';
import { MfaRepository } from './mfa.repository';

/** How long the process remembers that an account may go past the gate. */
const PASSED_KEPT_MS = 10_000;
const MOST_KEPT = 50_000;

/** The account the gate is asked about (a viewer, or a user record's id, role and agency). */
export interface GateAccount {
  userId: string;
  role: Role;
  agencyId: string | null;
  /** The session asking: an answer is remembered for a session only, never for an account. */
  sessionId?: string;
}

/**
 * Whether an account must enrol a second factor before anything else: one the mandate names
 * (`MFA_REQUIRED_ROLES`, `MFA_REQUIRED_AGENCY_TYPES`, the agency's own rule) that has none yet.
 *
 * Asked on every request. A session found free to go on is remembered by the process for
 * {@link PASSED_KEPT_MS}: an administrator's reset ends the account's sessions in the same
 * transaction, and a new sign-in is a new session, so the memory never lets a reset account in, in
 * any process; an agency that starts requiring a second factor holds its users back within those
 * seconds. A session that must enrol is never remembered, so its enrolment takes effect on its next
 * request.
 */
@Injectable()
export class MfaGate {
  private readonly passed = new Map<string, number>();
  /** Lookups under way, so that concurrent requests of one session wait for one. */
  private readonly asking = new Map<string, Promise<boolean>>();
  readonly mandate: MfaMandate;

  constructor(
    private readonly transactions: Transactions,
    private readonly repository: MfaRepository,
    private readonly agencies: AgencyRepository,
    config: AppConfig,
  ) {
    this.mandate = { roles: config.values.MFA_REQUIRED_ROLES, agencyTypes: config.values.MFA_REQUIRED_AGENCY_TYPES };
  }

  async mustEnroll(account: GateAccount): Promise<boolean> {
    const key = account.sessionId;
    if (key === undefined) return this.pending(this.transactions.manager, account);
    const until = this.passed.get(key);
    if (until !== undefined && until > Date.now()) return false;
    const asked = this.asking.get(key);
    if (asked) return asked;
    const asking = this.pending(this.transactions.manager, account).then((pending) => {
      if (!pending) {
        if (this.passed.size >= MOST_KEPT) this.passed.clear();
        this.passed.set(key, Date.now() + PASSED_KEPT_MS);
      }
      return pending;
    });
    this.asking.set(key, asking);
    try {
      return await asking;
    } finally {
      this.asking.delete(key);
    }
  }

  /** Whether the account must have a second factor. */
  async required(tx: Tx, account: Omit<GateAccount, 'userId'>): Promise<boolean> {
    if (mfaRequired({ role: account.role, agencyType: null, agencyRequiresMfa: false }, this.mandate)) return true;
    const agency = account.agencyId === null ? null : await this.agencies.mfaRule(tx, account.agencyId);
    return agency !== null && mfaRequired({ role: account.role, agencyType: agency.type, agencyRequiresMfa: agency.mfaRequired }, this.mandate);
  }

  private async pending(tx: Tx, account: GateAccount): Promise<boolean> {
    if (!(await this.required(tx, account))) return false;
    return !(await this.repository.enrolled(tx, account.userId));
  }
}
