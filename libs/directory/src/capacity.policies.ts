import { ALLOW, definePolicy, forbid, hide, Role, Verdict, Viewer } from '@tandem/authz';

/*
 * Live capacity (docs/access-policy.md, "Who may do what"): a site's figure is kept by the staff,
 * supervisors and administrator of the site's own agency (its directory organization's agency);
 * caseworkers of the site's jurisdiction follow its changes live.
 */

/** The roles that keep a site's figure. */
const CAPACITY_KEEPERS: readonly Role[] = [Role.STAFF, Role.SUPERVISOR, Role.AGENCY_ADMIN];
/** The roles that work cases, and look for a bed for a child. */
const CASEWORKERS: readonly Role[] = [Role.STAFF, Role.SUPERVISOR];

/** A site as capacity decisions see it: the agency its organization is (null: none of Tandem's), and its jurisdiction. */
export interface CapacitySiteFacts {
  site: { agencyId: string | null; jurisdictionId: string | null };
}

const ownAgency = (viewer: Viewer, site: CapacitySiteFacts['site']): boolean => viewer.agencyId !== null && site.agencyId === viewer.agencyId;

/** Setting a site's available and maximum count. */
export const CAPACITY_UPDATE = definePolicy<CapacitySiteFacts>({
  name: 'capacity.update',
  row: "update a site's capacity",
  audit: 'CAPACITY_UPDATE',
  who: CAPACITY_KEEPERS,
  rule: (viewer, { site }): Verdict => (ownAgency(viewer, site) ? ALLOW : forbid("only the site's own agency updates its capacity", { message: "You may update only your own agency's sites" })),
});

/**
 * Following capacity changes live: a caseworker hears the changes of the sites of their own
 * agency's jurisdiction, and of nowhere else (a change elsewhere is not disclosed: it is simply not sent).
 */
export const CAPACITY_SUBSCRIBE = definePolicy<CapacitySiteFacts>({
  name: 'capacity.subscribe',
  row: "follow capacity changes",
  audit: 'CAPACITY_SUBSCRIBE',
  who: CASEWORKERS,
  hides: 'ServiceAtLocation',
  rule: (viewer, { site }): Verdict =>
    viewer.jurisdictionId !== null && site.jurisdictionId === viewer.jurisdictionId ? ALLOW : hide("the site is outside the viewer's jurisdiction"),
});
