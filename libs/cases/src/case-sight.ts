import { authorize, CaseFacts, Policy, RefusalSubject, Viewer } from '@tandem/authz';
import { READ_ONLY } from './case-access.service';

/** What a policy on an act upon a case reads of the case the viewer sees: its lead, who takes part, and the viewer's scopes. */
export interface SeenCase {
  record: { leadAgencyId: string };
  facts: Pick<CaseFacts, 'memberships' | 'assignments'>;
  scopes: readonly string[];
}

/**
 * How the viewer sees the case they are about to change ({@link CaseAccess.findToChange}): the
 * case, {@link READ_ONLY} when only a break-glass grant shows it, or `null` when they do not see it.
 */
export type CaseSight = SeenCase | typeof READ_ONLY | null;

/**
 * Checks a policy on an act upon a case ({@link authorize}). Such a policy refuses a case the viewer
 * does not see, and a change through a break-glass grant, so past it the facts' `view` is the case.
 */
export function authorizeOnCase<Facts extends { view: unknown }>(
  policy: Policy<Facts>,
  viewer: Viewer,
  facts: Facts,
  subject: RefusalSubject,
): asserts facts is Facts & { view: Exclude<Facts['view'], null | typeof READ_ONLY> } {
  authorize(policy, viewer, facts, subject);
}
