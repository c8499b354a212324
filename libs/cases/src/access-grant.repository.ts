import { Injectable } from '@nestjs/common';
import { execute, firstRow, Tx } from '@tandem/platform';

/** A break-glass grant as its review reads it, with the lead agency of its case. */
export interface GrantUnderReview {
  id: string;
  caseId: string;
  agencyId: string;
  userId: string;
  reviewedAt: Date | null;
  leadAgencyId: string;
}

/** The access_grant table: break-glass grants and their reviews. */
@Injectable()
export class AccessGrantRepository {
  async insert(tx: Tx, input: { caseId: string; userId: string; agencyId: string | null; justification: string; grantedAt: Date; expiresAt: Date }): Promise<string> {
    const row = await firstRow<{ id: string }>(
      tx,
      `INSERT INTO access_grant (case_id, user_id, agency_id, justification, granted_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [input.caseId, input.userId, input.agencyId, input.justification, input.grantedAt, input.expiresAt],
    );
    return row!.id;
  }

  /** The grant, locked for its review, or `null` when there is none. */
  async lockForReview(tx: Tx, id: string): Promise<GrantUnderReview | null> {
    const row = await firstRow<GrantUnderReview>(
      tx,
      `SELECT g.id, g.case_id AS "caseId", g.agency_id AS "agencyId", g.user_id AS "userId", g.reviewed_at AS "reviewedAt", c.lead_agency_id AS "leadAgencyId"
         FROM access_grant g JOIN case_file c ON c.id = g.case_id WHERE g.id = $1 FOR UPDATE OF g`,
      [id],
    );
    return row ?? null;
  }

  async markReviewed(tx: Tx, id: string, review: { at: Date; by: string; finding: string }): Promise<void> {
    await execute(tx, `UPDATE access_grant SET reviewed_at = $2, reviewed_by = $3, review_finding = $4 WHERE id = $1`, [id, review.at, review.by, review.finding]);
  }
}
