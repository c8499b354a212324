import { Injectable } from '@nestjs/common';
import { PiiCipher } from '@tandem/crypto';
import { execute, firstRow, rows, Tx } from '@tandem/platform';
import { InstrumentDefinition, InstrumentRecord, SCREENING_TEXT, ScoredAnswer, ScreeningRecord } from './screening.types';

const INSTRUMENT_COLUMNS = `instrument_id AS "instrumentId", version, definition, digest, loaded_at AS "loadedAt"`;
const SCREENING_COLUMNS = `id, case_id AS "caseId", instrument_id AS "instrumentId", instrument_version AS "instrumentVersion", agency_id AS "agencyId",
  administered_by AS "administeredBy", administered_at AS "administeredAt", mode, respondent, assent, consent_by AS "consentBy", scope,
  score::float8 AS score, max_score::float8 AS "maxScore", outcome, threshold_id AS "thresholdId", risk_level AS "riskLevel",
  case_risk_before AS "caseRiskBefore", case_risk_after AS "caseRiskAfter", missing_count AS "missingCount", answers_sealed AS "answersSealed",
  missing_episode_id AS "missingEpisodeId", follow_up_due_at AS "followUpDueAt", created_at AS "createdAt"`;

type SealedScreening = Omit<ScreeningRecord, 'answers'> & { answersSealed: string };

const answersContext = SCREENING_TEXT.columns.answers_sealed!;

/**
 * Screening instruments and screenings. An instrument version's row is written once and never
 * changed. A screening's item answers are sealed here on write and opened here after each read.
 */
@Injectable()
export class ScreeningRepository {
  constructor(private readonly cipher: PiiCipher) {}

  async findInstrument(tx: Tx, instrumentId: string, version: string): Promise<InstrumentRecord | null> {
    return (await firstRow<InstrumentRecord>(tx, `SELECT ${INSTRUMENT_COLUMNS} FROM screening_instrument WHERE instrument_id = $1 AND version = $2`, [instrumentId, version])) ?? null;
  }

  /** Every loaded version, by instrument and then by version number. */
  async instruments(tx: Tx): Promise<InstrumentRecord[]> {
    return rows<InstrumentRecord>(tx, `SELECT ${INSTRUMENT_COLUMNS} FROM screening_instrument ORDER BY instrument_id, string_to_array(version, '.')::int[]`);
  }

  /** Stores a new version; null, and nothing changes, when that version is already loaded. */
  async insertInstrument(tx: Tx, definition: InstrumentDefinition, digest: string, now: Date): Promise<InstrumentRecord | null> {
    const row = await firstRow<InstrumentRecord>(
      tx,
      `INSERT INTO screening_instrument (instrument_id, version, definition, digest, scope, practice, license_name, citation, loaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (instrument_id, version) DO NOTHING RETURNING ${INSTRUMENT_COLUMNS}`,
      [definition.id, definition.version, JSON.stringify(definition), digest, definition.scope, definition.practice, definition.license.name, definition.citation, now],
    );
    return row ?? null;
  }

  async insertScreening(tx: Tx, record: ScreeningRecord): Promise<void> {
    const sealed = this.cipher.encrypt(JSON.stringify(record.answers), answersContext(record.id));
    await execute(
      tx,
      `INSERT INTO screening (id, case_id, instrument_id, instrument_version, agency_id, administered_by, administered_at, mode, respondent, assent, consent_by,
                              scope, score, max_score, outcome, threshold_id, risk_level, case_risk_before, case_risk_after, missing_count, answers_sealed,
                              missing_episode_id, follow_up_due_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)`,
      [
        record.id,
        record.caseId,
        record.instrumentId,
        record.instrumentVersion,
        record.agencyId,
        record.administeredBy,
        record.administeredAt,
        record.mode,
        record.respondent,
        record.assent,
        record.consentBy,
        record.scope,
        record.score,
        record.maxScore,
        record.outcome,
        record.thresholdId,
        record.riskLevel,
        record.caseRiskBefore,
        record.caseRiskAfter,
        record.missingCount,
        sealed,
        record.missingEpisodeId,
        record.followUpDueAt,
        record.createdAt,
      ],
    );
  }

  /** The screenings of the cases, newest first, their answers opened together after the one statement. */
  async screeningsOf(tx: Tx, caseIds: readonly string[]): Promise<ScreeningRecord[]> {
    const found = await rows<SealedScreening>(tx, `SELECT ${SCREENING_COLUMNS} FROM screening WHERE case_id = ANY($1::uuid[]) ORDER BY administered_at DESC, id DESC`, [caseIds]);
    return found.map(({ answersSealed, ...screening }) => ({ ...screening, answers: JSON.parse(this.cipher.decrypt(answersSealed, answersContext(screening.id))) as ScoredAnswer[] }));
  }
}
