import { Injectable } from '@nestjs/common';
import { AuditService, SYSTEM } from '@tandem/audit';
import { Role } from '@tandem/authz';
import { AgencyRepository, JurisdictionRepository, UserRepository } from '@tandem/identity';
import { Transactions, Tx } from '@tandem/platform';
import { DemoCredentials } from './demo-credentials';
import { DemoRepository } from './demo.repository';
import { DEMO_AGENCY_KINDS, DEMO_AGENCY_USERS, DEMO_JURISDICTIONS, demoEmail } from './demo-identity';

/** A demo account to sign in with. */
export interface DemoSignIn {
  email: string;
  role: Role;
  agency: string;
}

/** The demo's jurisdictions, agencies and accounts, made through identity's repositories; what exists already is kept. */
@Injectable()
export class DemoAccounts {
  constructor(
    private readonly transactions: Transactions,
    private readonly jurisdictions: JurisdictionRepository,
    private readonly agencies: AgencyRepository,
    private readonly users: UserRepository,
    private readonly credentials: DemoCredentials,
    private readonly audit: AuditService,
    private readonly demo: DemoRepository,
  ) {}

  /** Makes what is missing; answers how many rows it made and every demo account's sign-in. */
  async seed(): Promise<{ created: number; signIns: DemoSignIn[] }> {
    const passwordHash = await this.credentials.passwordHash();
    const signIns: DemoSignIn[] = [];
    const created = await this.transactions.run(async (tx) => {
      await this.demo.lockSeed(tx);
      let count = 0;
      for (const place of DEMO_JURISDICTIONS) {
        let jurisdiction = await this.jurisdictions.findByCode(tx, place.code);
        if (!jurisdiction) {
          jurisdiction = await this.jurisdictions.insert(tx, { code: place.code, name: place.name });
          count += 1;
        }
        for (const kind of DEMO_AGENCY_KINDS) {
          const name = `${place.name} ${kind.name}`;
          let agency = await this.agencies.findByName(tx, jurisdiction.id, name);
          if (!agency) {
            agency = await this.agencies.insert(tx, {
              name,
              type: kind.type,
              jurisdictionId: jurisdiction.id,
              contactEmail: `intake@${kind.short}.${place.domain}.tandem.demo`,
              contactPhone: '+1 555 0100',
            });
            count += 1;
          }
          for (const account of DEMO_AGENCY_USERS) {
            const email = demoEmail(account.local, kind.short, place.domain);
            count += await this.ensureUser(tx, email, `${place.code} ${kind.short.toUpperCase()} ${account.label}`, agency.id, account.role, passwordHash);
            signIns.push({ email, role: account.role, agency: name });
          }
        }
        const auditorEmail = `auditor@${place.domain}.tandem.demo`;
        count += await this.ensureUser(tx, auditorEmail, `${place.name} Oversight Auditor`, null, Role.AUDITOR, passwordHash);
        signIns.push({ email: auditorEmail, role: Role.AUDITOR, agency: `${place.name} oversight office` });
      }
      if (count > 0) await this.audit.record(tx, { actor: SYSTEM, action: 'DEMO_SEED', details: { created: count } });
      return count;
    });
    return { created, signIns };
  }

  private async ensureUser(tx: Tx, email: string, displayName: string, agencyId: string | null, role: Role, passwordHash: string): Promise<number> {
    const existing = await this.users.findByEmailWithSecret(tx, email);
    if (existing) {
      // The migration that brought temporary passwords marked every account of an older database,
      // the demo ones too; one still on the demo password is usable as the seed makes it.
      if (existing.passwordChangeRequired && (await this.credentials.isDemoPassword(existing.passwordHash))) {
        await this.users.markPasswordChosen(tx, existing.id);
      }
      // A database seeded before second factors gets them for the accounts that require one.
      return this.credentials.ensureSecondFactor(tx, existing);
    }
    const created = await this.users.insert(tx, { email, displayName, agencyId, role, passwordHash });
    return 1 + (await this.credentials.ensureSecondFactor(tx, created));
  }
}
