import { Injectable, Logger } from '@nestjs/common';
import { ChildRecords, OpenChild } from '@tandem/cases';
import { PiiDecryptionError } from '@tandem/crypto';
import { Clock, Transactions, Tx } from '@tandem/platform';
import { ageBandAt, placementKindOf, sexClassOf } from './episode-facts';
import { EpisodeFact, EpisodeFactsRepository } from './episode-facts.repository';

/**
 * Derives the de-identified facts of a case's missing episodes from its sealed child record, in the
 * worker: when the child is recorded or changed (`case.child-changed`), and for every episode whose
 * facts were never derived (a sweep, which is also the backfill). The age band and the sex follow
 * the record (a corrected date of birth corrects every episode); the kind of placement is the one
 * recorded while the episode was open, so that a later move does not rewrite where a child ran from.
 */
@Injectable()
export class EpisodeFacts {
  private readonly logger = new Logger('Statistics');

  constructor(
    private readonly transactions: Transactions,
    private readonly repository: EpisodeFactsRepository,
    private readonly children: ChildRecords,
    private readonly clock: Clock,
  ) {}

  /** Derives the facts of the case's episodes again; the number of episodes. */
  async refreshCase(caseId: string): Promise<number> {
    return this.transactions.run(async (tx) => {
      const episodes = await this.repository.episodesOfCase(tx, caseId);
      if (!episodes.length) return 0;
      const child = await this.childOf(tx, caseId);
      const identity = child?.identity ?? null;
      const placement = placementKindOf(child?.location?.placement?.kind);
      const facts: EpisodeFact[] = episodes.map((episode) => ({
        episodeId: episode.episodeId,
        caseId,
        ageBand: ageBandAt(identity?.dateOfBirth, new Date(episode.missingSince)),
        sex: sexClassOf(identity?.sex),
        placementKind: episode.returned && episode.placementKind ? episode.placementKind : placement,
      }));
      await this.repository.save(tx, facts, this.clock.now());
      return facts.length;
    });
  }

  /**
   * The case's child, opened; null when it cannot be (sealed under a key the keyring no longer holds):
   * its episodes are then counted with age, sex and placement not recorded, and the sweep goes on.
   */
  private async childOf(tx: Tx, caseId: string): Promise<OpenChild | null> {
    try {
      return (await this.children.read(tx, [caseId])).get(caseId) ?? null;
    } catch (error) {
      if (!(error instanceof PiiDecryptionError)) throw error;
      this.logger.error({ event: 'episode-facts', caseId, reason: error.message }, "the case's child could not be opened: its missing episodes are counted with age, sex and placement not recorded");
      return null;
    }
  }

  /** Derives the facts of every episode that has none, a batch of cases at a time; the number of cases. */
  async deriveMissing(batch = 100): Promise<number> {
    let cases = 0;
    for (;;) {
      const caseIds = await this.repository.casesToDerive(this.transactions.manager, batch);
      for (const caseId of caseIds) await this.refreshCase(caseId);
      cases += caseIds.length;
      if (caseIds.length < batch) return cases;
    }
  }
}
