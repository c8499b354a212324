import { ALLOW, definePolicy, forbid, hide, Role } from '@tandem/authz';

const READ_ROW = 'read warning-signs education';
const LOCAL_ROW = 'publish or retract local warning-signs education';

/**
 * Warning signs, guides and what-to-do steps: anyone, without an account, within the public rate
 * limit. Community members learn the signs before they ever meet Tandem.
 */
export const EDUCATION_READ_PUBLIC = definePolicy({
  name: 'education.readPublic',
  row: READ_ROW,
  audit: 'EDUCATION_READ_PUBLIC',
  who: 'public',
});

/** An agency's own addition to the public content: its supervisors, who answer for what the agency tells the public. */
export const EDUCATION_LOCAL_PUBLISH = definePolicy({
  name: 'educationItem.publish',
  row: LOCAL_ROW,
  audit: 'EDUCATION_ITEM_PUBLISH',
  who: [Role.SUPERVISOR],
  rule: (viewer) => (viewer.agencyId ? ALLOW : forbid('the viewer belongs to no agency')),
});

/** An item as its retraction's policy sees it: the agency that published it, or null for content loaded from files. */
export interface EducationItemFacts {
  agencyId: string | null;
}

/**
 * Retracting a local addition: the supervisors of the agency that published it. Content loaded from
 * files is not an agency's: it changes by loading files, never through the API.
 */
export const EDUCATION_LOCAL_RETRACT = definePolicy<EducationItemFacts | null>({
  name: 'educationItem.retract',
  row: LOCAL_ROW,
  audit: 'EDUCATION_ITEM_RETRACT',
  who: [Role.SUPERVISOR],
  hides: 'EducationItem',
  rule: (viewer, facts) => {
    if (!facts) return hide('no such education item');
    if (facts.agencyId === null) return forbid('the item is loaded content, not a local addition');
    if (facts.agencyId !== viewer.agencyId) return forbid('the item belongs to another agency');
    return ALLOW;
  },
});
