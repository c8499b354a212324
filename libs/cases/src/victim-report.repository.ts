import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PiiCipher } from '@tandem/crypto';
import { firstRow, Tx } from '@tandem/platform';
import { VICTIM_REPORT_TEXT } from './cases.types';

export interface VictimReportRecord {
  id: string;
  reportedAt: Date;
  reportNumber: string;
  receivingAgencyId: string | null;
}

/** The victim_report table: each report number sealed to its row. */
@Injectable()
export class VictimReportRepository {
  constructor(private readonly cipher: PiiCipher) {}

  async insert(tx: Tx, input: { caseId: string; reportedAt: Date; reportNumber: string; recordedBy: string; receivingAgencyId: string | null }): Promise<VictimReportRecord> {
    // The id is chosen here so that the number can be sealed to its row before the row exists.
    const id = randomUUID();
    const sealedNumber = this.cipher.encrypt(input.reportNumber, VICTIM_REPORT_TEXT.columns.report_number_sealed!(id));
    const row = await firstRow<Omit<VictimReportRecord, 'reportNumber'>>(
      tx,
      `INSERT INTO victim_report (id, case_id, reported_at, report_number_sealed, recorded_by, receiving_agency_id) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, reported_at AS "reportedAt", receiving_agency_id AS "receivingAgencyId"`,
      [id, input.caseId, input.reportedAt, sealedNumber, input.recordedBy, input.receivingAgencyId],
    );
    return { ...row!, reportNumber: input.reportNumber };
  }
}
