import { Args, Float, ID, Int, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { PublicThrottle } from '@tandem/auth';
import { Allow, CurrentViewer, Viewer } from '@tandem/authz';
import { Agency, AgencyRecord, IdentityLoaders } from '@tandem/identity';
import { AppConfig, Clock, Connection, GraphQLContext, ParseIdPipe } from '@tandem/platform';
import { GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';
import { ageBand } from '../directory-search';
import { DirectoryEditor } from '../directory-editor.service';
import { DirectoryReader, ResourceNode } from '../directory-reader.service';
import {
  DIRECTORY_ORGANIZATION_LINK,
  DIRECTORY_READ,
  DIRECTORY_READ_PUBLIC,
  DIRECTORY_SERVICE_UPDATE,
  DIRECTORY_SITE_UPDATE,
} from '../directory.policies';
import { AddressRecord, CapacityRecord, ContactRecord, LocationRecord, OrganizationRecord, PhoneRecord, ScheduleRecord, ServiceAreaRecord, ServiceRecord, SiteKey } from '../directory.records';
import { PopulationSex } from '../directory.types';
import { PublicResourceFilterInput, ResourceFilterInput, UpdateServiceInput } from './directory.input';
import { DirectoryLoaders } from './directory.loaders';
import {
  Capacity,
  DirectoryAddress,
  DirectoryContact,
  DirectoryLocation,
  DirectoryOrganization,
  DirectoryPhone,
  DirectorySchedule,
  DirectoryService,
  Population,
  Resource,
  ResourceConnection,
  ServiceArea,
} from './directory.model';

function pathOf(info: GraphQLResolveInfo): string {
  const parts: (string | number)[] = [];
  for (let node: GraphQLResolveInfo['path'] | undefined = info.path; node; node = node.prev) parts.unshift(node.key);
  return parts.join('.');
}

/** Records that these selected fields under the current field were withheld (`extensions.redacted`). */
function redact(context: GraphQLContext, info: GraphQLResolveInfo, fields: readonly string[]): void {
  const selected = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) selected.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else visit(info.fragments[selection.name.value]?.selectionSet);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  const base = pathOf(info);
  for (const field of fields) if (selected.has(field)) context.redacted.push(`${base}.${field}`);
}

/** What a viewer who may not locate a confidential site does not read of its location, and of its address. */
const WITHHELD_LOCATION = ['latitude', 'longitude', 'transportation'] as const;
const WITHHELD_ADDRESS = ['attention', 'address1', 'address2', 'postalCode'] as const;

/** A location as a resource gives it: its address and coordinates withheld when the viewer may not locate it. */
type LocationNode = LocationRecord & { addressWithheld: boolean };

const siteKey = (node: ResourceNode): SiteKey => ({ siteId: node.id, serviceId: node.serviceId, locationId: node.locationId });

/** Searching and reading the directory, signed in and in public. */
@Resolver(() => Resource)
export class ResourceResolver {
  constructor(
    private readonly reader: DirectoryReader,
    private readonly loaders: DirectoryLoaders,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @Query(() => ResourceConnection, {
    description: "Sites of the directory (services at locations): by the service's name, or nearest first with `near`; active services unless includeInactive",
  })
  @Allow(DIRECTORY_READ)
  resources(
    @CurrentViewer() viewer: Viewer,
    @Args('filter', { type: () => ResourceFilterInput, nullable: true }) filter?: ResourceFilterInput,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<Connection<ResourceNode>> {
    return this.reader.search(viewer, filter ?? {}, first, after);
  }

  @Query(() => Resource, { description: 'One site of the directory; an id that names none is NOT_FOUND' })
  @Allow(DIRECTORY_READ)
  resource(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<ResourceNode> {
    return this.reader.resource(viewer, id);
  }

  @Query(() => ResourceConnection, {
    description:
      'The public listing, without signing in: active services marked public (hotlines, drop-in services), never a confidential site; no capacity, contacts or agency. Rate limited (PUBLIC_RATE_LIMIT_PER_MINUTE)',
  })
  // Public: people looking for help (a hotline, a drop-in centre) have no account; what it lists is published by its agencies.
  @Allow(DIRECTORY_READ_PUBLIC)
  @PublicThrottle()
  publicResources(
    @Args('filter', { type: () => PublicResourceFilterInput, nullable: true }) filter?: PublicResourceFilterInput,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<Connection<ResourceNode>> {
    return this.reader.searchPublic(filter ?? {}, first, after);
  }

  @ResolveField(() => DirectoryService)
  async service(node: ResourceNode, _args: unknown, context: GraphQLContext): Promise<ServiceRecord> {
    return (await this.loaders.service(context).load(node.serviceId))!;
  }

  @ResolveField(() => DirectoryLocation, { description: 'Of a confidential site you may not locate: no coordinates or directions (extensions.redacted)' })
  async location(node: ResourceNode, _args: unknown, context: GraphQLContext, info: GraphQLResolveInfo): Promise<LocationNode> {
    const location = (await this.loaders.location(context).load(node.locationId))!;
    if (!node.addressWithheld) return { ...location, addressWithheld: false };
    redact(context, info, WITHHELD_LOCATION);
    return { ...location, latitude: null, longitude: null, transportation: null, addressWithheld: true };
  }

  @ResolveField(() => DirectoryOrganization, { description: 'Its Tandem agency to signed-in users only (the public listing: null, redacted)' })
  async organization(node: ResourceNode, _args: unknown, context: GraphQLContext, info: GraphQLResolveInfo): Promise<OrganizationRecord> {
    const service = (await this.loaders.service(context).load(node.serviceId))!;
    const organization = (await this.loaders.organization(context).load(service.organizationId))!;
    if (node.audience !== 'public' || organization.agencyId === null) return organization;
    redact(context, info, ['agencyId', 'agency']);
    return { ...organization, agencyId: null };
  }

  @ResolveField(() => Float, { nullable: true })
  distanceKm(node: ResourceNode, _args: unknown, context: GraphQLContext, info: GraphQLResolveInfo): number | null {
    if (node.distanceWithheld) context.redacted.push(pathOf(info));
    return node.distanceKm;
  }

  @ResolveField(() => Boolean, { description: 'Open at this moment by its schedules (docs/design.md, opening hours); a site without a schedule is not' })
  openNow(node: ResourceNode, _args: unknown, context: GraphQLContext): Promise<boolean> {
    return this.loaders.openNow(context).load(siteKey(node));
  }

  @ResolveField(() => [DirectoryPhone])
  phones(node: ResourceNode, _args: unknown, context: GraphQLContext): Promise<PhoneRecord[]> {
    return this.loaders.phones(context).load(siteKey(node));
  }

  @ResolveField(() => [DirectorySchedule])
  async schedules(node: ResourceNode, _args: unknown, context: GraphQLContext): Promise<(ScheduleRecord & { appliesTo: string })[]> {
    return (await this.loaders.schedules(context).load(siteKey(node))).map((schedule) => ({ ...schedule, appliesTo: schedule.level.toUpperCase() }));
  }

  @ResolveField(() => [ServiceArea])
  serviceAreas(node: ResourceNode, _args: unknown, context: GraphQLContext): Promise<ServiceAreaRecord[]> {
    return this.loaders.serviceAreas(context).load(siteKey(node));
  }

  @ResolveField(() => [DirectoryContact], { description: 'Signed-in users only: the public listing gives an empty list (redacted)' })
  async contacts(node: ResourceNode, _args: unknown, context: GraphQLContext, info: GraphQLResolveInfo): Promise<ContactRecord[]> {
    if (node.audience === 'public') {
      context.redacted.push(pathOf(info));
      return [];
    }
    return this.loaders.contacts(context).load(siteKey(node));
  }

  @ResolveField(() => [Capacity], { description: "The site's capacity figures (and its service's that name no site). Signed-in users only: the public listing gives an empty list (redacted)" })
  async capacity(node: ResourceNode, _args: unknown, context: GraphQLContext, info: GraphQLResolveInfo): Promise<(CapacityRecord & { unit: string; stale: boolean })[]> {
    if (node.audience === 'public') {
      context.redacted.push(pathOf(info));
      return [];
    }
    const staleBefore = this.clock.now().getTime() - this.config.values.CAPACITY_STALE_HOURS * 3_600_000;
    return (await this.loaders.capacities(context).load(siteKey(node))).map((capacity) => ({
      ...capacity,
      unit: capacity.unitName,
      stale: capacity.updated.getTime() < staleBefore,
    }));
  }
}

@Resolver(() => DirectoryService)
export class DirectoryServiceResolver {
  @ResolveField(() => Population)
  population(service: ServiceRecord): Population {
    return {
      ageBand: ageBand(service.minimumAge, service.maximumAge, service.minorsOnly),
      minimumAge: service.minimumAge,
      maximumAge: service.maximumAge,
      sex: (service.populationSex ?? PopulationSex.ANY) as PopulationSex,
      minorsOnly: service.minorsOnly,
      traffickingSurvivors: service.traffickingSurvivors,
    };
  }
}

@Resolver(() => DirectoryLocation)
export class DirectoryLocationResolver {
  constructor(private readonly loaders: DirectoryLoaders) {}

  @ResolveField(() => DirectoryAddress, { nullable: true, description: 'Of a confidential site you may not locate: the city, region, state and country only (the rest redacted)' })
  async address(location: LocationNode, _args: unknown, context: GraphQLContext, info: GraphQLResolveInfo): Promise<AddressRecord | null> {
    const address = await this.loaders.address(context).load(location.id);
    if (!address || !location.addressWithheld) return address;
    redact(context, info, WITHHELD_ADDRESS);
    return { ...address, attention: null, address1: null, address2: null, postalCode: null };
  }
}

@Resolver(() => DirectoryOrganization)
export class DirectoryOrganizationResolver {
  constructor(private readonly identity: IdentityLoaders) {}

  @ResolveField(() => Agency, { nullable: true, description: 'The Tandem agency this organization is' })
  async agency(organization: OrganizationRecord, _args: unknown, context: GraphQLContext): Promise<AgencyRecord | null> {
    return organization.agencyId ? this.identity.agency(context).load(organization.agencyId) : null;
  }
}

/** Editing directory entries. */
@Resolver()
export class DirectoryMutationResolver {
  constructor(private readonly editor: DirectoryEditor) {}

  @Mutation(() => DirectoryService, { description: "Changes a service of your agency's organization (its admins and supervisors); audited" })
  @Allow(DIRECTORY_SERVICE_UPDATE)
  updateService(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateServiceInput): Promise<ServiceRecord> {
    return this.editor.updateService(viewer, id, { ...input });
  }

  @Mutation(() => DirectoryLocation, { description: "Marks a location of your agency's organization confidential, or not (its admins and supervisors); audited" })
  @Allow(DIRECTORY_SITE_UPDATE)
  async setLocationConfidential(@CurrentViewer() viewer: Viewer, @Args('locationId', { type: () => ID }) locationId: string, @Args('confidential') confidential: boolean): Promise<LocationNode> {
    return { ...(await this.editor.setSiteConfidential(viewer, locationId, confidential)), addressWithheld: false };
  }

  @Mutation(() => DirectoryOrganization, { description: 'Says which Tandem agency a directory organization is, or (agencyId null) that it is none; system administrators; audited' })
  @Allow(DIRECTORY_ORGANIZATION_LINK)
  async linkAgencyToOrganization(
    @CurrentViewer() viewer: Viewer,
    @Args('organizationId', { type: () => ID }) organizationId: string,
    @Args('agencyId', { type: () => ID, nullable: true }, new ParseIdPipe('agencyId')) agencyId: string | null,
  ): Promise<OrganizationRecord> {
    return this.editor.linkAgency(viewer, organizationId, agencyId ?? null);
  }
}
