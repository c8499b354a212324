import { Injectable } from '@nestjs/common';
import { CaseAbility, caseVisibilityPredicate, SqlParams } from '@tandem/authz';
import { qualifiedColumns, Tx } from '@tandem/platform';
import { AgencyRecord, agencyFromJson, agencyJson } from '@tandem/identity';
import { AlertSubject } from './jobs/referral-alerts.rules';
import { Direction, HandoffRecord, ReferralRecord } from './referrals.types';

export const REFERRAL_COLUMNS = `id, case_id AS "caseId", from_agency_id AS "fromAgencyId", to_agency_id AS "toAgencyId", sent_by AS "sentBy",
  service_type AS "serviceType", urgency, scopes, consent_required AS "consentRequired", reason,
  emergency_justification AS "emergencyJustification", status, response_due_at AS "responseDueAt",
  decline_reason AS "declineReason", status_note AS "statusNote", outcome, responded_by AS "respondedBy",
  responded_at AS "respondedAt", closed_at AS "closedAt", version, created_at AS "createdAt"`;

export const HANDOFF_COLUMNS = `id, case_id AS "caseId", from_agency_id AS "fromAgencyId", to_agency_id AS "toAgencyId",
  requested_by AS "requestedBy", reason, status, response_due_at AS "responseDueAt", status_note AS "statusNote",
  responded_by AS "respondedBy", responded_at AS "respondedAt", version, created_at AS "createdAt"`;

/** Referrals and handoffs. Inbox reads are by the viewer's own agency; transitions carry their state in the WHERE. */
@Injectable()
export class ReferralRepository {
  async insertReferral(tx: Tx, input: Omit<ReferralRecord, 'id' | 'status' | 'declineReason' | 'statusNote' | 'outcome' | 'respondedBy' | 'respondedAt' | 'closedAt' | 'version'>): Promise<ReferralRecord> {
    const [row] = await tx.query(
      `INSERT INTO referral (case_id, from_agency_id, to_agency_id, sent_by, service_type, urgency, scopes, consent_required, reason,
                             emergency_justification, response_due_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${REFERRAL_COLUMNS}`,
      [input.caseId, input.fromAgencyId, input.toAgencyId, input.sentBy, input.serviceType, input.urgency, input.scopes, input.consentRequired,
        input.reason, input.emergencyJustification, input.responseDueAt, input.createdAt],
    );
    return row;
  }

  async findReferral(tx: Tx, id: string, lock = false): Promise<ReferralRecord | null> {
    const [row] = await tx.query(`SELECT ${REFERRAL_COLUMNS} FROM referral WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row ?? null;
  }

  /** The referrals of the cases, each with the agencies it is from and to (read in the same statement). */
  async findReferralsOfCases(tx: Tx, caseIds: readonly string[]): Promise<(ReferralRecord & { agencies: AgencyRecord[] })[]> {
    const rows: (ReferralRecord & { agencies: Parameters<typeof agencyFromJson>[0][] })[] = await tx.query(
      `SELECT ${qualifiedColumns(REFERRAL_COLUMNS, 'r')}, json_build_array(${agencyJson('f')}, ${agencyJson('t')}) AS agencies
         FROM referral r JOIN agency f ON f.id = r.from_agency_id JOIN agency t ON t.id = r.to_agency_id
        WHERE r.case_id = ANY($1::uuid[]) ORDER BY r.created_at, r.id`,
      [caseIds],
    );
    return rows.map((row) => ({ ...row, agencies: row.agencies.map(agencyFromJson) }));
  }

  /** Moves a referral from one of `from` to `to`; null when the state had already moved on (a lost race). */
  async transitionReferral(tx: Tx, id: string, from: string[], to: string, fields: Record<string, unknown>, now: Date): Promise<ReferralRecord | null> {
    const sets = Object.keys(fields).map((column, index) => `${column} = $${index + 5}`);
    const [[row]] = await tx.query(
      `UPDATE referral SET status = $3, version = version + 1, ${['responded_at = CASE WHEN responded_at IS NULL THEN $4 ELSE responded_at END', ...sets].join(', ')}
        WHERE id = $1 AND status = ANY($2::text[]) RETURNING ${REFERRAL_COLUMNS}`,
      [id, from, to, now, ...Object.values(fields)],
    );
    return row ?? null;
  }

  /** A page of the agency's referrals, holding only those whose case the viewer sees (the inbox view included). */
  async pageReferrals(tx: Tx, ability: CaseAbility, agencyId: string, direction: Direction, status: string | null, after: [string, string] | null, limit: number): Promise<ReferralRecord[]> {
    return this.pageOf(tx, 'referral', REFERRAL_COLUMNS, ability, agencyId, direction, status, after, limit);
  }

  private async pageOf<T>(
    tx: Tx,
    table: 'referral' | 'handoff',
    columns: string,
    ability: CaseAbility,
    agencyId: string,
    direction: Direction,
    status: string | null,
    after: [string, string] | null,
    limit: number,
  ): Promise<T[]> {
    const column = direction === Direction.INCOMING ? 'to_agency_id' : 'from_agency_id';
    const params = new SqlParams([agencyId, status, after?.[0] ?? null, after?.[1] ?? null, limit]);
    const visible = caseVisibilityPredicate(ability, 'c', params);
    return tx.query(
      `SELECT ${columns} FROM ${table} x
        WHERE ${column} = $1 AND ($2::text IS NULL OR status = $2)
          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
          AND EXISTS (SELECT 1 FROM case_file c WHERE c.id = x.case_id AND ${visible})
        ORDER BY created_at DESC, id DESC LIMIT $5`,
      params.values,
    );
  }

  async insertHandoff(tx: Tx, input: { caseId: string; fromAgencyId: string; toAgencyId: string; requestedBy: string; reason: string; responseDueAt: Date; createdAt: Date }): Promise<HandoffRecord> {
    const [row] = await tx.query(
      `INSERT INTO handoff (case_id, from_agency_id, to_agency_id, requested_by, reason, response_due_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${HANDOFF_COLUMNS}`,
      [input.caseId, input.fromAgencyId, input.toAgencyId, input.requestedBy, input.reason, input.responseDueAt, input.createdAt],
    );
    return row;
  }

  async findHandoff(tx: Tx, id: string, lock = false): Promise<HandoffRecord | null> {
    const [row] = await tx.query(`SELECT ${HANDOFF_COLUMNS} FROM handoff WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row ?? null;
  }

  async transitionHandoff(tx: Tx, id: string, from: string[], to: string, fields: { responded_by?: string; status_note?: string | null }, now: Date): Promise<HandoffRecord | null> {
    const [[row]] = await tx.query(
      `UPDATE handoff SET status = $3, version = version + 1, responded_at = $4, responded_by = coalesce($5, responded_by), status_note = coalesce($6, status_note)
        WHERE id = $1 AND status = ANY($2::text[]) RETURNING ${HANDOFF_COLUMNS}`,
      [id, from, to, now, fields.responded_by ?? null, fields.status_note ?? null],
    );
    return row ?? null;
  }

  async pageHandoffs(tx: Tx, ability: CaseAbility, agencyId: string, direction: Direction, status: string | null, after: [string, string] | null, limit: number): Promise<HandoffRecord[]> {
    return this.pageOf(tx, 'handoff', HANDOFF_COLUMNS, ability, agencyId, direction, status, after, limit);
  }

  /** A referral or handoff as its alerts name it: case number and agency names, no free text. */
  async alertSubject(tx: Tx, type: 'referral' | 'handoff', id: string): Promise<AlertSubject | null> {
    const referral = type === 'referral';
    const [row] = await tx.query(
      `SELECT x.id, x.status, x.case_id AS "caseId", c.case_number AS "caseNumber",
              x.from_agency_id AS "fromAgencyId", f.name AS "fromAgencyName", x.to_agency_id AS "toAgencyId", t.name AS "toAgencyName",
              ${referral ? 'x.sent_by' : 'x.requested_by'} AS "senderId",
              ${referral ? 'x.service_type' : 'NULL'} AS "serviceType", ${referral ? 'x.urgency' : 'NULL'} AS urgency,
              ${referral ? 'x.scopes' : `'{}'::text[]`} AS scopes, ${referral ? 'x.decline_reason' : 'NULL'} AS "declineReason",
              x.response_due_at AS "responseDueAt"
         FROM ${referral ? 'referral' : 'handoff'} x JOIN case_file c ON c.id = x.case_id
         JOIN agency f ON f.id = x.from_agency_id JOIN agency t ON t.id = x.to_agency_id
        WHERE x.id = $1`,
      [id],
    );
    return row ? { ...row, type } : null;
  }

  async inboxCounts(tx: Tx, agencyId: string, now: Date) {
    const [row] = await tx.query(
      `SELECT (SELECT count(*)::int FROM referral WHERE to_agency_id = $1 AND status = 'REQUESTED' AND response_due_at > $2) AS "pendingReferrals",
              (SELECT count(*)::int FROM referral WHERE to_agency_id = $1 AND status = 'REQUESTED' AND response_due_at <= $2) AS "overdueReferrals",
              (SELECT count(*)::int FROM handoff WHERE to_agency_id = $1 AND status = 'REQUESTED' AND response_due_at > $2) AS "pendingHandoffs",
              (SELECT count(*)::int FROM handoff WHERE to_agency_id = $1 AND status = 'REQUESTED' AND response_due_at <= $2) AS "overdueHandoffs"`,
      [agencyId, now],
    );
    return row as { pendingReferrals: number; overdueReferrals: number; pendingHandoffs: number; overdueHandoffs: number };
  }
}
