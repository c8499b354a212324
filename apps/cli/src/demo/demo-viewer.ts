import { Injectable } from '@nestjs/common';
import { Viewer } from '@tandem/authz';
import { AgencyRepository, UserRepository } from '@tandem/identity';
import { Transactions } from '@tandem/platform';

/** Demo users as the services see a signed-in viewer, so demo data goes through the same rules as the API. */
@Injectable()
export class DemoViewers {
  constructor(
    private readonly transactions: Transactions,
    private readonly users: UserRepository,
    private readonly agencies: AgencyRepository,
  ) {}

  /** The demo user of the address, signed in. */
  async of(email: string): Promise<Viewer> {
    const db = this.transactions.manager;
    const user = await this.users.findByEmailWithSecret(db, email);
    if (!user) throw new Error(`demo user ${email} is missing`);
    const agency = user.agencyId ? await this.agencies.findById(db, user.agencyId) : null;
    return {
      userId: user.id,
      sessionId: 'demo-seed',
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      agencyId: user.agencyId,
      agencyType: agency?.type ?? null,
      jurisdictionId: agency?.jurisdictionId ?? null,
    };
  }
}
