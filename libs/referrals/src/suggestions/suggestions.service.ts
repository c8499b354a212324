import { Injectable } from '@nestjs/common';
import { DataScope, Viewer } from '@tandem/authz';
import { authorizeOnCase, CaseAccess, ChildRecords } from '@tandem/cases';
import {
  ageOn,
  CapacityRepository,
  haversineKm,
  isFresh,
  populationSexOf,
  Ranked,
  rankCandidates,
  RankedChild,
  SuggestionCandidate,
  SuggestionSiteRow,
} from '@tandem/directory';
import { AppConfig, Clock, Transactions } from '@tandem/platform';
import { ServiceType } from '../referrals.types';
import { PROVIDER_SUGGEST } from './suggestion.policies';

/** Within this distance of the case's jurisdiction a site meets NEARBY. */
const NEARBY_KM = 50;
/** Sites of a service type read for one ranking; a directory holds far fewer shelters of a type. */
const MAX_SITES = 2000;
/** The distance of a confidential site the viewer may not locate is ranked and shown to this precision only. */
const HIDDEN_SITE_PRECISION_KM = 25;

/** A site ranked for the child, as the viewer may see it. */
export interface Suggestion {
  site: SuggestionSiteRow;
  ranked: Ranked<SuggestionCandidate>;
  /** Null where the viewer may not locate the site (a confidential site of another agency, never referred to by theirs). */
  distanceKm: number | null;
  /** False: a confidential site the viewer may not locate (its location's name is withheld too). */
  located: boolean;
  stale: boolean | null;
}

/**
 * Ranks the directory's sites of a service type for the child of a case (suggestion.rules in the
 * directory): eligibility from the child's sealed age and sex (only for a viewer who holds IDENTITY;
 * for anyone else both are UNKNOWN, and the ranking depends on neither), a bed, a fresh figure, open
 * now, the case's jurisdiction, and the distance from it (the mean position of its sites).
 */
@Injectable()
export class SuggestionsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly access: CaseAccess,
    private readonly children: ChildRecords,
    private readonly capacity: CapacityRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async suggest(viewer: Viewer, caseId: string, serviceType: ServiceType, first: number): Promise<{ suggestions: Suggestion[]; scopes: DataScope[] }> {
    const now = this.clock.now();
    const tx = this.transactions.manager;
    const facts = { view: await this.access.findToChange(tx, viewer, caseId) };
    authorizeOnCase(PROVIDER_SUGGEST, viewer, facts, { caseId, subjectType: 'Case', subjectId: caseId });
    const { view } = facts;
    const scopes = view.scopes;
    const child: RankedChild = { age: null, sex: null };
    if (scopes.includes(DataScope.IDENTITY)) {
      const identity = (await this.children.read(tx, [caseId])).get(caseId)?.identity;
      if (identity) Object.assign(child, { age: ageOn(identity.dateOfBirth, now), sex: populationSexOf(identity.sex) });
    }
    const jurisdictionId = view.record.jurisdictionId;
    const origin = await this.capacity.jurisdictionCentroid(tx, jurisdictionId);
    const sites = await this.capacity.suggestionSites(tx, serviceType, MAX_SITES, now, { jurisdictionId, origin });
    const confidential = sites.filter((site) => site.confidential && site.agencyId !== viewer.agencyId).map((site) => site.serviceAtLocationId);
    const held = new Set(confidential.length && viewer.agencyId ? await this.capacity.sitesHeldFor(tx, confidential, viewer.agencyId) : []);
    const hidden = new Set(confidential.filter((id) => !held.has(id)));
    const staleAfterHours = this.config.values.CAPACITY_STALE_HOURS;

    const candidates = sites.map((site) => {
      const exact = origin && site.latitude !== null && site.longitude !== null ? haversineKm(origin, { lat: site.latitude, lng: site.longitude }) : null;
      const distanceKm = exact === null ? null : hidden.has(site.serviceAtLocationId) ? Math.ceil(exact / HIDDEN_SITE_PRECISION_KM) * HIDDEN_SITE_PRECISION_KM : Math.round(exact * 10) / 10;
      const candidate: SuggestionCandidate & { site: SuggestionSiteRow } = {
        site,
        serviceAtLocationId: site.serviceAtLocationId,
        acceptingReferrals: site.acceptingReferrals,
        minimumAge: site.minimumAge,
        maximumAge: site.maximumAge,
        populationSex: site.populationSex,
        minorsOnly: site.minorsOnly,
        capacity: site.available === null || site.updated === null ? null : { available: site.available, updated: site.updated },
        openNow: site.openNow,
        distanceKm,
        sameJurisdiction: site.jurisdictionId === null ? null : site.jurisdictionId === jurisdictionId,
      };
      return candidate;
    });
    const ranked = rankCandidates(candidates, { child, now, staleAfterHours, nearbyKm: NEARBY_KM }).slice(0, first);
    return {
      scopes,
      suggestions: ranked.map((entry) => {
        const site = entry.candidate.site;
        const located = !hidden.has(site.serviceAtLocationId);
        return {
          site,
          ranked: entry,
          distanceKm: located ? entry.candidate.distanceKm : null,
          located,
          stale: site.updated ? !isFresh(site.updated, now, staleAfterHours) : null,
        };
      }),
    };
  }
}
