import { Injectable } from '@nestjs/common';
import { execute, rows, Tx } from '@tandem/platform';
import { AgeBand, PlacementKind, SexClass } from './episode-facts';

/** A case's missing episode, with the placement kind its facts hold (null: none derived yet). */
export interface EpisodeOfCase {
  episodeId: string;
  missingSince: Date;
  returned: boolean;
  placementKind: PlacementKind | null;
}

export interface EpisodeFact {
  episodeId: string;
  caseId: string;
  ageBand: AgeBand;
  sex: SexClass;
  placementKind: PlacementKind;
}

/** `statistics.episode_fact`: the de-identified facts of each missing episode, which statistics alone writes. */
@Injectable()
export class EpisodeFactsRepository {
  async episodesOfCase(tx: Tx, caseId: string): Promise<EpisodeOfCase[]> {
    return rows<EpisodeOfCase>(
      tx,
      `SELECT e.id AS "episodeId", e.missing_since AS "missingSince", e.returned_at IS NOT NULL AS returned, f.placement_kind AS "placementKind"
         FROM missing_episode e LEFT JOIN statistics.episode_fact f ON f.episode_id = e.id
        WHERE e.case_id = $1 ORDER BY e.missing_since, e.id FOR UPDATE OF e`,
      [caseId],
    );
  }

  /** Cases with an episode whose facts were never derived (new episodes, and every one before the facts existed). */
  async casesToDerive(tx: Tx, limit: number): Promise<string[]> {
    const found = await rows<{ caseId: string }>(
      tx,
      `SELECT DISTINCT e.case_id AS "caseId" FROM missing_episode e
        WHERE NOT EXISTS (SELECT 1 FROM statistics.episode_fact f WHERE f.episode_id = e.id) LIMIT $1`,
      [limit],
    );
    return found.map((row) => row.caseId);
  }

  async save(tx: Tx, facts: readonly EpisodeFact[], at: Date): Promise<void> {
    if (!facts.length) return;
    await execute(
      tx,
      `INSERT INTO statistics.episode_fact (episode_id, case_id, age_band, sex, placement_kind, derived_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], array_fill($6::timestamptz, ARRAY[cardinality($1::uuid[])]))
       ON CONFLICT (episode_id) DO UPDATE SET age_band = EXCLUDED.age_band, sex = EXCLUDED.sex, placement_kind = EXCLUDED.placement_kind, derived_at = EXCLUDED.derived_at`,
      [facts.map((fact) => fact.episodeId), facts.map((fact) => fact.caseId), facts.map((fact) => fact.ageBand), facts.map((fact) => fact.sex), facts.map((fact) => fact.placementKind), at],
    );
  }
}
