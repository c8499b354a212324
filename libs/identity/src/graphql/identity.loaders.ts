import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { GraphQLContext, perRequest, Transactions } from '@tandem/platform';
import { AgencyCache } from '../agency-cache';
import { AgencyRecord, JurisdictionRecord, UserRecord } from '../identity.types';
import { JurisdictionRepository } from '../jurisdiction.repository';
import { UserRepository } from '../user.repository';

const AGENCIES = Symbol('agencies');
const USERS = Symbol('users');
const JURISDICTIONS = Symbol('jurisdictions');

function byId<T extends { id: string }>(ids: readonly string[], rows: T[]): (T | null)[] {
  const map = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => map.get(id) ?? null);
}

/** Per-request batch loaders for agencies and users, so nested fields cost one query per level. */
@Injectable()
export class IdentityLoaders {
  constructor(
    private readonly transactions: Transactions,
    private readonly agencies: AgencyCache,
    private readonly users: UserRepository,
    private readonly jurisdictions: JurisdictionRepository,
  ) {}

  jurisdiction(context: GraphQLContext): DataLoader<string, JurisdictionRecord | null> {
    return perRequest(
      context,
      JURISDICTIONS,
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          byId(ids, await this.jurisdictions.findByIds(this.transactions.manager, ids)),
        ),
    );
  }

  /** Agencies another query already read (with agencyJson): the request does not read them again. */
  primeAgencies(context: GraphQLContext, agencies: Iterable<AgencyRecord>): void {
    const loader = this.agency(context);
    for (const agency of agencies) loader.prime(agency.id, agency);
  }

  agency(context: GraphQLContext): DataLoader<string, AgencyRecord | null> {
    return perRequest(
      context,
      AGENCIES,
      () => new DataLoader((ids: readonly string[]) => this.agencies.byIds(ids)),
    );
  }

  user(context: GraphQLContext): DataLoader<string, UserRecord | null> {
    return perRequest(
      context,
      USERS,
      () => new DataLoader(async (ids: readonly string[]) => byId(ids, await this.users.findByIds(this.transactions.manager, ids))),
    );
  }
}
