import { Injectable } from '@nestjs/common';
import { decide, Viewer } from '@tandem/authz';
import { BadInputError, Clock, Connection, CursorCodec, NotFoundError, pageSize, Transactions } from '@tandem/platform';
import { textQuery } from './directory-search';
import { DIRECTORY_SITE_ADDRESS } from './directory.policies';
import { SiteHit, SiteSearch } from './directory.records';
import { DirectoryRepository } from './directory.repository';
import { DirectoryServiceType, PopulationSexValue } from './directory.types';

/** A site as the API answers it: the hit, for whom, and what of it that viewer may not read. */
export interface ResourceNode extends SiteHit {
  audience: 'public' | 'agency';
  /** The site is confidential and this viewer may not locate it: address lines, coordinates, directions and distance are withheld. */
  addressWithheld: boolean;
  /** A distance was asked for (a `near` search) and withheld. */
  distanceWithheld: boolean;
}

/** The conditions of a search as the API takes them (already checked for type and range by the input's rules). */
export interface ResourceFilter {
  serviceType?: DirectoryServiceType | null;
  jurisdictionId?: string | null;
  near?: { lat: number; lng: number; km: number } | null;
  openNow?: boolean | null;
  hasCapacity?: boolean | null;
  age?: number | null;
  sex?: PopulationSexValue | null;
  text?: string | null;
  includeInactive?: boolean | null;
}

/** The longest id a directory record may have (HSDS ids are text). */
const MAX_ID = 250;

/** Searching and reading the directory: the signed-in view and the public one. */
@Injectable()
export class DirectoryReader {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: DirectoryRepository,
    private readonly cursors: CursorCodec,
    private readonly clock: Clock,
  ) {}

  /** A page of sites for a signed-in viewer; confidential sites are found, their address withheld as their policy says. */
  async search(viewer: Viewer, filter: ResourceFilter, first: number | null | undefined, after: string | null | undefined): Promise<Connection<ResourceNode>> {
    return this.page({ kind: 'agency', agencyId: viewer.agencyId }, viewer, filter, first, after);
  }

  /** A page of the public listing: public services, never a confidential site, no capacity filter. */
  async searchPublic(filter: ResourceFilter, first: number | null | undefined, after: string | null | undefined): Promise<Connection<ResourceNode>> {
    const { hasCapacity: _hasCapacity, includeInactive: _includeInactive, jurisdictionId: _jurisdictionId, ...open } = filter;
    return this.page({ kind: 'public' }, null, open, first, after);
  }

  /** One site, whatever its service's status; NOT_FOUND when there is none. */
  async resource(viewer: Viewer, id: string): Promise<ResourceNode> {
    checkDirectoryId('id', id);
    const [hit] = await this.repository.searchSites(
      this.transactions.manager,
      { audience: { kind: 'agency', agencyId: viewer.agencyId }, siteIds: [id], includeInactive: true, at: this.clock.now() },
      null,
      1,
    );
    if (!hit) throw new NotFoundError('Resource');
    return this.node(hit, 'agency', viewer, false);
  }

  private async page(
    audience: SiteSearch['audience'],
    viewer: Viewer | null,
    filter: ResourceFilter,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<Connection<ResourceNode>> {
    const limit = pageSize(first);
    if (filter.sex === 'ANY') throw BadInputError.field('filter.sex', 'must be FEMALE or MALE (leave it out for any)');
    const search: SiteSearch = {
      audience,
      serviceType: filter.serviceType,
      jurisdictionId: filter.jurisdictionId,
      near: filter.near,
      openNow: filter.openNow,
      hasCapacity: filter.hasCapacity,
      age: filter.age,
      sex: filter.sex as 'FEMALE' | 'MALE' | null | undefined,
      textQuery: filter.text ? textQuery(filter.text) : null,
      includeInactive: filter.includeInactive,
      at: this.clock.now(),
    };
    const scope = `resources:${audience.kind}:${JSON.stringify(filter)}`;
    const key = this.cursors.decode(scope, after);
    if (key && (key.length !== 2 || typeof key[1] !== 'string' || typeof key[0] !== (filter.near ? 'number' : 'string'))) {
      throw BadInputError.field('after', 'is not a valid cursor');
    }
    const found = await this.repository.searchSites(this.transactions.manager, search, key as [number | string, string] | null, limit + 1);
    const kind = audience.kind === 'public' ? 'public' : 'agency';
    return this.cursors.connection(scope, found, limit, (hit) => [hit.sortKey, hit.id], (hit) => this.node(hit, kind, viewer, !!filter.near));
  }

  private node(hit: SiteHit, audience: 'public' | 'agency', viewer: Viewer | null, near: boolean): ResourceNode {
    const addressWithheld = audience === 'public' ? hit.confidential : !decide(DIRECTORY_SITE_ADDRESS, viewer, hit).allowed;
    return { ...hit, audience, addressWithheld, distanceKm: addressWithheld ? null : hit.distanceKm, distanceWithheld: near && addressWithheld };
  }
}

/** Refuses an id no directory record can have, naming the argument. */
export function checkDirectoryId(path: string, id: string): void {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (id.length < 1 || id.length > MAX_ID || /[\u0000-\u001F\u007F]/.test(id)) throw BadInputError.field(path, `must be a directory id (1 to ${MAX_ID} characters)`);
}
