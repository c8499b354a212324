import { DirectoryServiceType, LocationTypeValue, PopulationSexValue, ServiceStatusValue } from './directory.types';

/** A directory service as the API reads it (HSDS `service` with Tandem's fields); ages as numbers. */
export interface ServiceRecord {
  id: string;
  organizationId: string;
  programId: string | null;
  name: string;
  alternateName: string | null;
  description: string | null;
  url: string | null;
  email: string | null;
  status: ServiceStatusValue;
  interpretationServices: string | null;
  applicationProcess: string | null;
  feesDescription: string | null;
  waitTime: string | null;
  fees: string | null;
  accreditations: string | null;
  eligibilityDescription: string | null;
  minimumAge: number | null;
  maximumAge: number | null;
  alert: string | null;
  lastModified: Date | null;
  serviceType: DirectoryServiceType;
  populationSex: PopulationSexValue | null;
  minorsOnly: boolean;
  traffickingSurvivors: boolean;
  acceptingReferrals: boolean;
  public: boolean;
  jurisdictionId: string | null;
}

/** A directory location (HSDS `location` with Tandem's fields); coordinates as numbers. */
export interface LocationRecord {
  id: string;
  locationType: LocationTypeValue;
  url: string | null;
  organizationId: string | null;
  name: string | null;
  alternateName: string | null;
  description: string | null;
  transportation: string | null;
  latitude: number | null;
  longitude: number | null;
  externalIdentifier: string | null;
  externalIdentifierType: string | null;
  confidential: boolean;
  jurisdictionId: string | null;
}

export interface OrganizationRecord {
  id: string;
  name: string;
  alternateName: string | null;
  description: string | null;
  email: string | null;
  website: string | null;
  taxStatus: string | null;
  taxId: string | null;
  yearIncorporated: number | null;
  legalStatus: string | null;
  uri: string | null;
  parentOrganizationId: string | null;
  agencyId: string | null;
}

export interface AddressRecord {
  id: string;
  locationId: string;
  attention: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  region: string | null;
  stateProvince: string | null;
  postalCode: string | null;
  country: string | null;
  addressType: LocationTypeValue | null;
}

/** Which records a site's phones, schedules, contacts and service areas may hang on (HSDS links them to any of three). */
export interface SiteKey {
  siteId: string;
  serviceId: string;
  locationId: string;
}

export interface PhoneRecord {
  id: string;
  number: string;
  extension: string | null;
  type: string | null;
  description: string | null;
}

export interface ContactRecord {
  id: string;
  name: string | null;
  title: string | null;
  department: string | null;
  email: string | null;
}

export interface ServiceAreaRecord {
  id: string;
  name: string | null;
  description: string | null;
  extent: string | null;
  extentType: string | null;
  uri: string | null;
}

/** A schedule and what it hangs on: the site itself, its service, or its location (in that order of precedence). */
export interface ScheduleRecord {
  id: string;
  level: 'site' | 'service' | 'location';
  freq: string | null;
  interval: number | null;
  byday: string | null;
  bymonthday: string | null;
  opensAt: string | null;
  closesAt: string | null;
  timezone: string | null;
  validFrom: string | null;
  validTo: string | null;
  dtstart: string | null;
  until: string | null;
  description: string | null;
  notes: string | null;
}

export interface CapacityRecord {
  id: string;
  serviceId: string;
  siteId: string | null;
  unitId: string;
  unitName: string;
  available: number;
  maximum: number | null;
  description: string | null;
  updated: Date;
  updatedBy: string | null;
  version: number;
}

/**
 * A site found by a search: the service at the location, what decides who reads its address
 * ({@link SiteAddressFacts}, for this viewer), and its distance when the search was near a point.
 */
export interface SiteHit {
  id: string;
  serviceId: string;
  locationId: string;
  description: string | null;
  confidential: boolean;
  ownerAgencyIds: string[];
  referringAgencyIds: string[];
  distanceKm: number | null;
  /** The sort key the page was cut on: the distance, or the service's name. */
  sortKey: number | string;
}

/** What a search asks for; every condition given narrows the answer. */
export interface SiteSearch {
  /** Whose view: the viewer's agency (for confidential sites), or the public listing. */
  audience: { kind: 'agency'; agencyId: string | null } | { kind: 'public' };
  siteIds?: readonly string[];
  serviceType?: DirectoryServiceType | null;
  jurisdictionId?: string | null;
  near?: { lat: number; lng: number; km: number } | null;
  openNow?: boolean | null;
  hasCapacity?: boolean | null;
  age?: number | null;
  sex?: 'FEMALE' | 'MALE' | null;
  /** A full-text query in to_tsquery syntax, built from the words typed (see `textQuery`). */
  textQuery?: string | null;
  includeInactive?: boolean | null;
  at: Date;
}
