import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { Clock, GraphQLContext, perRequest, Transactions } from '@tandem/platform';
import { SiteKey } from '../directory.records';
import { DirectoryRepository } from '../directory.repository';

const SERVICES = Symbol('directory-services');
const LOCATIONS = Symbol('directory-locations');
const ORGANIZATIONS = Symbol('directory-organizations');
const ADDRESSES = Symbol('directory-addresses');
const PHONES = Symbol('directory-phones');
const CONTACTS = Symbol('directory-contacts');
const AREAS = Symbol('directory-areas');
const SCHEDULES = Symbol('directory-schedules');
const CAPACITIES = Symbol('directory-capacities');
const OPEN = Symbol('directory-open');

/** Rows found for a batch of keys, in the keys' order: the one row of each key (null when none). */
function oneEach<T>(ids: readonly string[], found: T[], keyOf: (row: T) => string): (T | null)[] {
  const map = new Map(found.map((row) => [keyOf(row), row]));
  return ids.map((id) => map.get(id) ?? null);
}

/** Rows found for a batch of sites, in the keys' order: every row of each site, without the site's id. */
function allEach<T, K extends keyof T>(keys: readonly SiteKey[], found: T[], siteOf: K): Omit<T, K>[][] {
  const map = new Map<unknown, Omit<T, K>[]>();
  for (const row of found) {
    const { [siteOf]: site, ...rest } = row;
    map.set(site, [...(map.get(site) ?? []), rest]);
  }
  return keys.map((key) => map.get(key.siteId) ?? []);
}

const siteKeyOf = (key: SiteKey) => key.siteId;

/**
 * Per-request batch loaders of the directory: whatever the size of a page, each kind of record
 * (services, locations, addresses, phones, ...) costs one statement.
 */
@Injectable()
export class DirectoryLoaders {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: DirectoryRepository,
    private readonly clock: Clock,
  ) {}

  private get tx() {
    return this.transactions.manager;
  }

  service(context: GraphQLContext) {
    return this.byId(context, SERVICES, (ids) => this.repository.servicesByIds(this.tx, ids));
  }

  location(context: GraphQLContext) {
    return this.byId(context, LOCATIONS, (ids) => this.repository.locationsByIds(this.tx, ids));
  }

  organization(context: GraphQLContext) {
    return this.byId(context, ORGANIZATIONS, (ids) => this.repository.organizationsByIds(this.tx, ids));
  }

  address(context: GraphQLContext) {
    return this.byId(context, ADDRESSES, (ids) => this.repository.addressesOfLocations(this.tx, ids), (address) => address.locationId);
  }

  phones(context: GraphQLContext) {
    return this.bySite(context, PHONES, (keys) => this.repository.phonesOfSites(this.tx, keys));
  }

  contacts(context: GraphQLContext) {
    return this.bySite(context, CONTACTS, (keys) => this.repository.contactsOfSites(this.tx, keys));
  }

  serviceAreas(context: GraphQLContext) {
    return this.bySite(context, AREAS, (keys) => this.repository.serviceAreasOfSites(this.tx, keys));
  }

  /** The schedules that apply to each site: its own when it has any, else its service's, else its location's. */
  schedules(context: GraphQLContext) {
    return this.bySite(context, SCHEDULES, (keys) => this.repository.schedulesOfSites(this.tx, keys), (all) => {
      for (const level of ['site', 'service', 'location'] as const) {
        const found = all.filter((schedule) => schedule.level === level);
        if (found.length) return found;
      }
      return [];
    });
  }

  /** The capacity figures of each site: its own and its service's that name no site. */
  capacities(context: GraphQLContext) {
    return perRequest(
      context,
      CAPACITIES,
      () => new DataLoader(async (keys: readonly SiteKey[]) => allEach(keys, await this.repository.capacitiesOfSites(this.tx, keys), 'forSiteId'), { cacheKeyFn: siteKeyOf }),
    );
  }

  /** Whether each site is open now (the request's clock), by `directory.site_open_at`. */
  openNow(context: GraphQLContext): DataLoader<SiteKey, boolean, string> {
    return perRequest(
      context,
      OPEN,
      () =>
        new DataLoader(
          async (keys: readonly SiteKey[]) => {
            const open = new Map((await this.repository.openAt(this.tx, keys, this.clock.now())).map((row) => [row.siteId, row.open]));
            return keys.map((key) => open.get(key.siteId) ?? false);
          },
          { cacheKeyFn: siteKeyOf },
        ),
    );
  }

  /** A per-request loader of one row per id, found by `fetch` in one statement for the whole batch. */
  private byId<T extends { id: string }>(context: GraphQLContext, key: symbol, fetch: (ids: readonly string[]) => Promise<T[]>, keyOf: (row: T) => string = (row) => row.id): DataLoader<string, T | null> {
    return perRequest(context, key, () => new DataLoader(async (ids: readonly string[]) => oneEach(ids, await fetch(ids), keyOf)));
  }

  /** A per-request loader of the rows of each site, found by `fetch` in one statement for the whole batch, then shaped by `pick`. */
  private bySite<T extends { siteId: string }, R = Omit<T, 'siteId'>>(
    context: GraphQLContext,
    key: symbol,
    fetch: (keys: readonly SiteKey[]) => Promise<T[]>,
    pick: (all: Omit<T, 'siteId'>[]) => R[] = (all) => all as unknown as R[],
  ): DataLoader<SiteKey, R[], string> {
    return perRequest(context, key, () => new DataLoader(async (keys: readonly SiteKey[]) => allEach(keys, await fetch(keys), 'siteId').map(pick), { cacheKeyFn: siteKeyOf }));
  }
}
