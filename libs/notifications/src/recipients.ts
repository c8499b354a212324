import { Injectable } from '@nestjs/common';
import { Tx } from '@tandem/platform';

/** Finds the people an alert goes to. Only active users of active agencies are ever chosen. */
@Injectable()
export class Recipients {
  /** The case's PRIMARY assignee, if any. */
  async primaryOf(tx: Tx, caseId: string): Promise<string[]> {
    return this.ids(
      tx,
      `SELECT u.id FROM assignment a JOIN app_user u ON u.id = a.user_id
        WHERE a.case_id = $1 AND a.role = 'PRIMARY' AND a.active AND u.active`,
      [caseId],
    );
  }

  /** Active users of an agency holding one of the roles. */
  async ofAgency(tx: Tx, agencyId: string, roles: string[]): Promise<string[]> {
    return this.ids(
      tx,
      `SELECT u.id FROM app_user u JOIN agency g ON g.id = u.agency_id
        WHERE u.agency_id = $1 AND u.role = ANY($2::text[]) AND u.active AND g.active ORDER BY u.id`,
      [agencyId, roles],
    );
  }

  /** Users of an agency assigned to the case. */
  async assignedFrom(tx: Tx, caseId: string, agencyId: string): Promise<string[]> {
    return this.ids(
      tx,
      `SELECT u.id FROM assignment a JOIN app_user u ON u.id = a.user_id
        WHERE a.case_id = $1 AND a.agency_id = $2 AND a.active AND u.active`,
      [caseId, agencyId],
    );
  }

  /** The user, when still active. */
  async user(tx: Tx, userId: string | undefined | null): Promise<string[]> {
    if (!userId) return [];
    return this.ids(tx, `SELECT id FROM app_user WHERE id = $1 AND active`, [userId]);
  }

  /**
   * Active users of an agency already told under one of the ledger keys (a request announced), so
   * that what follows it (a withdrawal) reaches the same people and nobody who never heard of it.
   */
  async toldOf(tx: Tx, ledgerKeys: string[], agencyId: string): Promise<string[]> {
    return this.ids(
      tx,
      `SELECT u.id FROM app_user u
        WHERE u.agency_id = $2 AND u.active
          AND EXISTS (SELECT 1 FROM unnest($1::text[]) k JOIN notification n ON n.ledger_key = k || ':' || u.id)
        ORDER BY u.id`,
      [ledgerKeys, agencyId],
    );
  }

  async auditors(tx: Tx): Promise<string[]> {
    return this.ids(tx, `SELECT id FROM app_user WHERE role = 'AUDITOR' AND active ORDER BY id`, []);
  }

  private async ids(tx: Tx, sql: string, params: unknown[]): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(sql, params);
    return rows.map((row) => row.id);
  }
}
