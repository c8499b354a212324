import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PiiCipher } from '@tandem/crypto';
import { firstRow, rows, Tx } from '@tandem/platform';
import { EPISODE_COLUMNS, LastSeen, lastSeenContext, MISSING_REPORT_TEXT, MissingEpisodeRecord, MissingReportRecord, REPORT_COLUMNS, ReportedTo } from './missing.types';

type SealedReport = Omit<MissingReportRecord, 'reportNumber'> & { reportNumberSealed: string };

/**
 * Missing episodes and their reports. Report numbers are sealed here on write and opened here after
 * each read, the rows of a statement together; where the child was last seen is sealed here and
 * opened only by the resolver that may show it.
 */
@Injectable()
export class MissingRepository {
  constructor(private readonly cipher: PiiCipher) {}

  async insertEpisode(
    tx: Tx,
    input: { caseId: string; missingSince: Date; learnedAt: Date; lastSeen: LastSeen | null; recordedBy: string; agencyId: string | null; createdAt: Date },
  ): Promise<MissingEpisodeRecord> {
    // The id is chosen here so that where the child was last seen can be sealed to its row before the row exists.
    const id = randomUUID();
    const lastSeen = input.lastSeen ? this.cipher.encryptJson(input.lastSeen, lastSeenContext(id)) : null;
    const row = await firstRow<MissingEpisodeRecord>(
      tx,
      `INSERT INTO missing_episode (id, case_id, missing_since, learned_at, last_seen_sealed, recorded_by, agency_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${EPISODE_COLUMNS}`,
      [id, input.caseId, input.missingSince, input.learnedAt, lastSeen, input.recordedBy, input.agencyId, input.createdAt],
    );
    return row!;
  }

  async findEpisode(tx: Tx, id: string, lock = false): Promise<MissingEpisodeRecord | null> {
    const row = await firstRow<MissingEpisodeRecord>(tx, `SELECT ${EPISODE_COLUMNS} FROM missing_episode WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row ?? null;
  }

  /** The episodes of the cases, newest first. */
  async episodesOf(tx: Tx, caseIds: readonly string[]): Promise<MissingEpisodeRecord[]> {
    return rows<MissingEpisodeRecord>(tx, `SELECT ${EPISODE_COLUMNS} FROM missing_episode WHERE case_id = ANY($1::uuid[]) ORDER BY missing_since DESC, id`, [caseIds]);
  }

  /** Records the return of an episode still open; the caller holds the episode's row lock. */
  async markReturned(tx: Tx, id: string, returnedAt: Date, by: string): Promise<MissingEpisodeRecord> {
    const row = await firstRow<MissingEpisodeRecord>(
      tx,
      `UPDATE missing_episode SET returned_at = $2, return_recorded_by = $3, version = version + 1 WHERE id = $1 AND returned_at IS NULL RETURNING ${EPISODE_COLUMNS}`,
      [id, returnedAt, by],
    );
    return row!;
  }

  /** Records the return interview; the caller holds the episode's row lock. */
  async markInterviewed(tx: Tx, id: string, interviewedAt: Date, by: string, screeningDone: boolean): Promise<MissingEpisodeRecord> {
    const row = await firstRow<MissingEpisodeRecord>(
      tx,
      `UPDATE missing_episode SET interviewed_at = $2, interviewed_by = $3, screening_done = $4, version = version + 1 WHERE id = $1 RETURNING ${EPISODE_COLUMNS}`,
      [id, interviewedAt, by, screeningDone],
    );
    return row!;
  }

  /** A report of an episode; a second report to the same recipient is a unique violation the caller turns into a conflict. */
  async insertReport(
    tx: Tx,
    input: { episodeId: string; reportedTo: ReportedTo; reportedAt: Date; reportNumber: string; receivingAgencyId: string | null; recordedBy: string; createdAt: Date },
  ): Promise<MissingReportRecord> {
    const id = randomUUID();
    const sealedNumber = this.cipher.encrypt(input.reportNumber, MISSING_REPORT_TEXT.columns.report_number_sealed!(id));
    const row = await firstRow<SealedReport>(
      tx,
      `INSERT INTO missing_report (id, episode_id, reported_to, reported_at, report_number_sealed, receiving_agency_id, recorded_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${REPORT_COLUMNS}`,
      [id, input.episodeId, input.reportedTo, input.reportedAt, sealedNumber, input.receivingAgencyId, input.recordedBy, input.createdAt],
    );
    const { reportNumberSealed: _sealed, ...rest } = row!;
    return { ...rest, reportNumber: input.reportNumber };
  }

  /** The reports of the episodes, oldest first. */
  async reportsOf(tx: Tx, episodeIds: readonly string[]): Promise<MissingReportRecord[]> {
    const sealed = await rows<SealedReport>(tx, `SELECT ${REPORT_COLUMNS} FROM missing_report WHERE episode_id = ANY($1::uuid[]) ORDER BY reported_at, id`, [episodeIds]);
    // Opened together after the one statement; shown only with INVESTIGATION (the resolver decides).
    return sealed.map(({ reportNumberSealed, ...report }) => ({ ...report, reportNumber: this.cipher.decrypt(reportNumberSealed, MISSING_REPORT_TEXT.columns.report_number_sealed!(report.id)) }));
  }
}
