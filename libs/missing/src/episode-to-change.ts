import { hide, Policy, refusalOf, Viewer } from '@tandem/authz';
import { CaseAccess, CaseView, READ_ONLY } from '@tandem/cases';
import { Tx } from '@tandem/platform';
import { MissingRepository } from './missing.repository';
import { MissingEpisodeRecord } from './missing.types';

/**
 * An episode and how the viewer sees its case, for a change to it; an id that names no episode is
 * refused under the act's policy as not found, like an episode on a case the viewer does not see.
 */
export async function episodeToChange(
  tx: Tx,
  repository: MissingRepository,
  access: CaseAccess,
  viewer: Viewer,
  policy: Policy<never> | Policy<unknown>,
  episodeId: string,
  lock: boolean,
): Promise<{ episode: MissingEpisodeRecord; view: CaseView | typeof READ_ONLY | null }> {
  const episode = await repository.findEpisode(tx, episodeId, lock);
  if (!episode) throw refusalOf(policy, hide('no such missing episode'), { caseId: null, subjectType: 'Case', subjectId: null });
  return { episode, view: await access.findToChange(tx, viewer, episode.caseId, true) };
}
