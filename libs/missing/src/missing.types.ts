import { registerEnumType } from '@nestjs/graphql';
import { sealedText } from '@tandem/crypto';

/** Where a missing child was reported: law enforcement, NCMEC, or the NCIC entry law enforcement makes. */
export enum ReportedTo {
  LAW_ENFORCEMENT = 'LAW_ENFORCEMENT',
  NCMEC = 'NCMEC',
  NCIC = 'NCIC',
}
registerEnumType(ReportedTo, { name: 'ReportedTo' });

export interface MissingReportRecord {
  id: string;
  episodeId: string;
  reportedTo: ReportedTo;
  reportedAt: Date;
  reportNumber: string;
  receivingAgencyId: string | null;
}

export interface MissingEpisodeRecord {
  id: string;
  caseId: string;
  missingSince: Date;
  learnedAt: Date;
  lastSeenSealed: string | null;
  agencyId: string;
  returnedAt: Date | null;
  interviewedAt: Date | null;
  screeningDone: boolean | null;
  version: number;
  createdAt: Date;
}

/** Where and with whom the child was last seen: LOCATION, sealed like the child's placement. */
export interface LastSeen {
  place: string | null;
  with: string | null;
}

export const EPISODE_COLUMNS = `id, case_id AS "caseId", missing_since AS "missingSince", learned_at AS "learnedAt", last_seen_sealed AS "lastSeenSealed",
  agency_id AS "agencyId", returned_at AS "returnedAt", interviewed_at AS "interviewedAt", screening_done AS "screeningDone", version, created_at AS "createdAt"`;
export const REPORT_COLUMNS = `id, episode_id AS "episodeId", reported_to AS "reportedTo", reported_at AS "reportedAt", report_number_sealed AS "reportNumberSealed",
  receiving_agency_id AS "receivingAgencyId"`;

/** Report numbers and where the child was last seen are stored sealed, each bound to its row. */
export const MISSING_REPORT_TEXT = sealedText('missing_report', 'missing-report', ['report_number']);
export const EPISODE_TEXT = sealedText('missing_episode', 'episode', ['last_seen']);
export const MISSING_SEALED_TEXT = [MISSING_REPORT_TEXT, EPISODE_TEXT];

export const lastSeenContext = EPISODE_TEXT.columns.last_seen_sealed!;
