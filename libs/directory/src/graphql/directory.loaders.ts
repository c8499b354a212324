import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { Clock, GraphQLContext, perRequest, Transactions } from '@tandem/platform';
import {
  AddressRecord,
  CapacityRecord,
  ContactRecord,
  LocationRecord,
  OrganizationRecord,
  PhoneRecord,
  ScheduleRecord,
  ServiceAreaRecord,
  ServiceRecord,
  SiteKey,
} from '../directory.records';
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

function byId<T extends { id: string }>(ids: readonly string[], found: T[]): (T | null)[] {
  const map = new Map(found.map((row) => [row.id, row]));
  return ids.map((id) => map.get(id) ?? null);
}

function bySite<T extends { siteId: string }>(keys: readonly SiteKey[], found: T[]): Omit<T, 'siteId'>[][] {
  const map = new Map<string, Omit<T, 'siteId'>[]>();
  for (const { siteId, ...rest } of found) {
    const list = map.get(siteId) ?? [];
    list.push(rest);
    map.set(siteId, list);
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

  service(context: GraphQLContext): DataLoader<string, ServiceRecord | null> {
    return perRequest(context, SERVICES, () => new DataLoader(async (ids: readonly string[]) => byId(ids, await this.repository.servicesByIds(this.tx, ids))));
  }

  location(context: GraphQLContext): DataLoader<string, LocationRecord | null> {
    return perRequest(context, LOCATIONS, () => new DataLoader(async (ids: readonly string[]) => byId(ids, await this.repository.locationsByIds(this.tx, ids))));
  }

  organization(context: GraphQLContext): DataLoader<string, OrganizationRecord | null> {
    return perRequest(context, ORGANIZATIONS, () => new DataLoader(async (ids: readonly string[]) => byId(ids, await this.repository.organizationsByIds(this.tx, ids))));
  }

  address(context: GraphQLContext): DataLoader<string, AddressRecord | null> {
    return perRequest(
      context,
      ADDRESSES,
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          const found = new Map((await this.repository.addressesOfLocations(this.tx, ids)).map((address) => [address.locationId, address]));
          return ids.map((id) => found.get(id) ?? null);
        }),
    );
  }

  phones(context: GraphQLContext): DataLoader<SiteKey, PhoneRecord[], string> {
    return perRequest(context, PHONES, () => new DataLoader(async (keys: readonly SiteKey[]) => bySite(keys, await this.repository.phonesOfSites(this.tx, keys)), { cacheKeyFn: siteKeyOf }));
  }

  contacts(context: GraphQLContext): DataLoader<SiteKey, ContactRecord[], string> {
    return perRequest(context, CONTACTS, () => new DataLoader(async (keys: readonly SiteKey[]) => bySite(keys, await this.repository.contactsOfSites(this.tx, keys)), { cacheKeyFn: siteKeyOf }));
  }

  serviceAreas(context: GraphQLContext): DataLoader<SiteKey, ServiceAreaRecord[], string> {
    return perRequest(context, AREAS, () => new DataLoader(async (keys: readonly SiteKey[]) => bySite(keys, await this.repository.serviceAreasOfSites(this.tx, keys)), { cacheKeyFn: siteKeyOf }));
  }

  /** The schedules that apply to each site: its own when it has any, else its service's, else its location's. */
  schedules(context: GraphQLContext): DataLoader<SiteKey, ScheduleRecord[], string> {
    return perRequest(
      context,
      SCHEDULES,
      () =>
        new DataLoader(
          async (keys: readonly SiteKey[]) =>
            bySite(keys, await this.repository.schedulesOfSites(this.tx, keys)).map((all) => {
              for (const level of ['site', 'service', 'location'] as const) {
                const found = all.filter((schedule) => schedule.level === level);
                if (found.length) return found;
              }
              return [];
            }),
          { cacheKeyFn: siteKeyOf },
        ),
    );
  }

  capacities(context: GraphQLContext): DataLoader<SiteKey, CapacityRecord[], string> {
    return perRequest(
      context,
      CAPACITIES,
      () =>
        new DataLoader(
          async (keys: readonly SiteKey[]) => {
            const found = new Map<string, CapacityRecord[]>();
            for (const { forSiteId, ...capacity } of await this.repository.capacitiesOfSites(this.tx, keys)) {
              found.set(forSiteId, [...(found.get(forSiteId) ?? []), capacity]);
            }
            return keys.map((key) => found.get(key.siteId) ?? []);
          },
          { cacheKeyFn: siteKeyOf },
        ),
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
}
