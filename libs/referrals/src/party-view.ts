import { Viewer } from '@tandem/authz';
import { CaseAccess, CaseSight } from '@tandem/cases';
import { Tx } from '@tandem/platform';
import { isParty } from './referral.policies';

type Request = { fromAgencyId: string; toAgencyId: string; caseId: string };

/**
 * How the user of one of a referral's or handoff's two agencies sees its case, about to act on it
 * (their inboxes hold it, each only as far as it sees the case). No one else's view of the case is
 * looked up: to them the request answers as one that does not exist.
 */
export async function partyViewToChange(access: CaseAccess, tx: Tx, viewer: Viewer, request: Request): Promise<CaseSight> {
  return isParty(viewer, request) ? access.findToChange(tx, viewer, request.caseId) : null;
}
