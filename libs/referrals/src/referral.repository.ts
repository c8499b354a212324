import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CaseAbility, caseVisibilityPredicate, SqlParams } from '@tandem/authz';
import { PiiCipher } from '@tandem/crypto';
import { execute, firstRow, qualifiedColumns, rows, Tx } from '@tandem/platform';
import { AgencyRecord, agencyFromJson, agencyJson } from '@tandem/identity';
import { AlertSubject } from './jobs/referral-alerts.rules';
import { Direction, HANDOFF_TEXT, HandoffRecord, REFERRAL_TEXT, ReferralRecord } from './referrals.types';

export const REFERRAL_COLUMNS = `id, case_id AS "caseId", from_agency_id AS "fromAgencyId", to_agency_id AS "toAgencyId", sent_by AS "sentBy",
  service_type AS "serviceType", urgency, scopes, consent_required AS "consentRequired", service_at_location_id AS "serviceAtLocationId", reason_sealed AS "reasonSealed",
  emergency_justification_sealed AS "emergencyJustificationSealed", status, response_due_at AS "responseDueAt",
  decline_reason AS "declineReason", status_note_sealed AS "statusNoteSealed", outcome_sealed AS "outcomeSealed", responded_by AS "respondedBy",
  responded_at AS "respondedAt", closed_at AS "closedAt", version, created_at AS "createdAt"`;

export const HANDOFF_COLUMNS = `id, case_id AS "caseId", from_agency_id AS "fromAgencyId", to_agency_id AS "toAgencyId",
  requested_by AS "requestedBy", reason_sealed AS "reasonSealed", status, response_due_at AS "responseDueAt", status_note_sealed AS "statusNoteSealed",
  responded_by AS "respondedBy", responded_at AS "respondedAt", version, created_at AS "createdAt"`;

/** The free-text fields of each record, read as `<field>Sealed` and opened by the repository. */
type ReferralText = 'reason' | 'emergencyJustification' | 'statusNote' | 'outcome';
type HandoffText = 'reason' | 'statusNote';
/** Transition fields (columns in the clear) that are stored sealed. */
const SEALED_TRANSITION_FIELDS = new Set(['status_note', 'outcome']);

type Sealed<R, F extends keyof R> = Omit<R, F> & { [K in F as `${K & string}Sealed`]: R[K] };
type SealedReferral = Sealed<ReferralRecord, ReferralText>;
type SealedHandoff = Sealed<HandoffRecord, HandoffText>;

/** A referral or handoff just expired, as its effects name it. */
export interface ExpiredRequest {
  id: string;
  caseId: string;
  fromAgencyId: string;
  toAgencyId: string;
  /** The site a referral names (null for a handoff). */
  serviceAtLocationId: string | null;
}

/** An agency's inbox: requests waiting for its answer, before and after their response time. */
export interface InboxCountRow {
  pendingReferrals: number;
  overdueReferrals: number;
  pendingHandoffs: number;
  overdueHandoffs: number;
}

/**
 * Referrals and handoffs. Inbox reads are by the viewer's own agency; transitions carry their state in the WHERE.
 * Their free text is sealed here on write and opened here after each read, rows of a statement together.
 */
@Injectable()
export class ReferralRepository {
  constructor(private readonly cipher: PiiCipher) {}

  async insertReferral(tx: Tx, input: Omit<ReferralRecord, 'id' | 'status' | 'declineReason' | 'statusNote' | 'outcome' | 'respondedBy' | 'respondedAt' | 'closedAt' | 'version'>): Promise<ReferralRecord> {
    // The id is chosen here so that the text can be sealed to its row before the row exists.
    const id = randomUUID();
    const row = await firstRow<SealedReferral>(
      tx,
      `INSERT INTO referral (id, case_id, from_agency_id, to_agency_id, sent_by, service_type, urgency, scopes, consent_required, reason_sealed,
                             emergency_justification_sealed, response_due_at, created_at, service_at_location_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING ${REFERRAL_COLUMNS}`,
      [id, input.caseId, input.fromAgencyId, input.toAgencyId, input.sentBy, input.serviceType, input.urgency, input.scopes, input.consentRequired,
        this.seal(REFERRAL_TEXT.columns.reason_sealed!, id, input.reason), this.seal(REFERRAL_TEXT.columns.emergency_justification_sealed!, id, input.emergencyJustification),
        input.responseDueAt, input.createdAt, input.serviceAtLocationId],
    );
    return this.openReferrals([row!])[0]!;
  }

  async findReferral(tx: Tx, id: string, lock = false): Promise<ReferralRecord | null> {
    const row = await firstRow<SealedReferral>(tx, `SELECT ${REFERRAL_COLUMNS} FROM referral WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row ? this.openReferrals([row])[0]! : null;
  }

  /** The referrals of the cases, each with the agencies it is from and to (read in the same statement). */
  async findReferralsOfCases(tx: Tx, caseIds: readonly string[]): Promise<(ReferralRecord & { agencies: AgencyRecord[] })[]> {
    const found = await rows<SealedReferral & { agencies: Parameters<typeof agencyFromJson>[0][] }>(
      tx,
      `SELECT ${qualifiedColumns(REFERRAL_COLUMNS, 'r')}, json_build_array(${agencyJson('f')}, ${agencyJson('t')}) AS agencies
         FROM referral r JOIN agency f ON f.id = r.from_agency_id JOIN agency t ON t.id = r.to_agency_id
        WHERE r.case_id = ANY($1::uuid[]) ORDER BY r.created_at, r.id`,
      [caseIds],
    );
    return this.openReferrals(found).map((row) => ({ ...row, agencies: row.agencies.map(agencyFromJson) }));
  }

  /** Moves a referral from one of `from` to `to`; null when the state had already moved on (a lost race). */
  async transitionReferral(tx: Tx, id: string, from: string[], to: string, fields: Record<string, unknown>, now: Date): Promise<ReferralRecord | null> {
    const entries = Object.entries(fields).map(([column, value]) => {
      if (!SEALED_TRANSITION_FIELDS.has(column)) return [column, value] as const;
      if (value !== null && typeof value !== 'string') throw new TypeError(`referral.${column} takes text`);
      return [`${column}_sealed`, this.seal(REFERRAL_TEXT.columns[`${column}_sealed`]!, id, value)] as const;
    });
    const sets = entries.map(([column], index) => `${column} = $${index + 5}`);
    const row = await firstRow<SealedReferral>(
      tx,
      `UPDATE referral SET status = $3, version = version + 1, ${['responded_at = CASE WHEN responded_at IS NULL THEN $4 ELSE responded_at END', ...sets].join(', ')}
        WHERE id = $1 AND status = ANY($2::text[]) RETURNING ${REFERRAL_COLUMNS}`,
      [id, from, to, now, ...entries.map(([, value]) => value)],
    );
    return row ? this.openReferrals([row])[0]! : null;
  }

  /** A page of the agency's referrals, holding only those whose case the viewer sees (the inbox view included). */
  async pageReferrals(tx: Tx, ability: CaseAbility, agencyId: string, direction: Direction, status: string | null, after: [string, string] | null, limit: number): Promise<ReferralRecord[]> {
    return this.openReferrals(await this.pageOf<SealedReferral>(tx, 'referral', REFERRAL_COLUMNS, ability, agencyId, direction, status, after, limit));
  }

  private async pageOf<T extends object>(
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
    return rows<T>(
      tx,
      `SELECT ${columns} FROM ${table} x
        WHERE ${column} = $1 AND ($2::text IS NULL OR status = $2)
          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
          AND EXISTS (SELECT 1 FROM case_file c WHERE c.id = x.case_id AND ${visible})
        ORDER BY created_at DESC, id DESC LIMIT $5`,
      params.values,
    );
  }

  /**
   * Expires a referral or handoff: the lifecycle's `expire` move, its states in the WHERE. Undefined
   * when the request was answered first. Each table records its end in its own column.
   */
  async expire(tx: Tx, table: 'referral' | 'handoff', id: string, move: { from: readonly string[]; to: string }, now: Date): Promise<ExpiredRequest | undefined> {
    const endedAt = table === 'referral' ? 'closed_at' : 'responded_at';
    return firstRow<ExpiredRequest>(
      tx,
      `UPDATE ${table} SET status = $3, ${endedAt} = $4, version = version + 1 WHERE id = $1 AND status = ANY($2::text[])
       RETURNING id, case_id AS "caseId", from_agency_id AS "fromAgencyId", to_agency_id AS "toAgencyId",
                 ${table === 'referral' ? 'service_at_location_id' : 'NULL::text'} AS "serviceAtLocationId"`,
      [id, move.from, move.to, now],
    );
  }

  async insertHandoff(tx: Tx, input: { caseId: string; fromAgencyId: string; toAgencyId: string; requestedBy: string; reason: string; responseDueAt: Date; createdAt: Date }): Promise<HandoffRecord> {
    const id = randomUUID();
    const row = await firstRow<SealedHandoff>(
      tx,
      `INSERT INTO handoff (id, case_id, from_agency_id, to_agency_id, requested_by, reason_sealed, response_due_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${HANDOFF_COLUMNS}`,
      [id, input.caseId, input.fromAgencyId, input.toAgencyId, input.requestedBy, this.seal(HANDOFF_TEXT.columns.reason_sealed!, id, input.reason), input.responseDueAt, input.createdAt],
    );
    return this.openHandoffs([row!])[0]!;
  }

  async findHandoff(tx: Tx, id: string, lock = false): Promise<HandoffRecord | null> {
    const row = await firstRow<SealedHandoff>(tx, `SELECT ${HANDOFF_COLUMNS} FROM handoff WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row ? this.openHandoffs([row])[0]! : null;
  }

  async transitionHandoff(tx: Tx, id: string, from: string[], to: string, fields: { responded_by?: string; status_note?: string | null }, now: Date): Promise<HandoffRecord | null> {
    const row = await firstRow<SealedHandoff>(
      tx,
      `UPDATE handoff SET status = $3, version = version + 1, responded_at = $4, responded_by = coalesce($5, responded_by), status_note_sealed = coalesce($6, status_note_sealed)
        WHERE id = $1 AND status = ANY($2::text[]) RETURNING ${HANDOFF_COLUMNS}`,
      [id, from, to, now, fields.responded_by ?? null, this.seal(HANDOFF_TEXT.columns.status_note_sealed!, id, fields.status_note ?? null)],
    );
    return row ? this.openHandoffs([row])[0]! : null;
  }

  async pageHandoffs(tx: Tx, ability: CaseAbility, agencyId: string, direction: Direction, status: string | null, after: [string, string] | null, limit: number): Promise<HandoffRecord[]> {
    return this.openHandoffs(await this.pageOf<SealedHandoff>(tx, 'handoff', HANDOFF_COLUMNS, ability, agencyId, direction, status, after, limit));
  }

  /**
   * A referral or handoff as its alerts name it: case number and agency names, no free text. The
   * caller's transaction holds the subject's alert lock until it ends: events of one subject are
   * handled side by side, and a withdrawal must see who its request's alerts told, not run while
   * they are still being stored. An advisory lock, so that no answer in the API waits on alerts.
   */
  async alertSubject(tx: Tx, type: 'referral' | 'handoff', id: string): Promise<AlertSubject | null> {
    await execute(tx, `SELECT pg_advisory_xact_lock(hashtext($1))`, [`tandem:alerts:${type}:${id}`]);
    const referral = type === 'referral';
    const row = await firstRow<Omit<AlertSubject, 'type'>>(
      tx,
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

  async inboxCounts(tx: Tx, agencyId: string, now: Date): Promise<InboxCountRow> {
    const row = await firstRow<InboxCountRow>(
      tx,
      `SELECT (SELECT count(*)::int FROM referral WHERE to_agency_id = $1 AND status = 'REQUESTED' AND response_due_at > $2) AS "pendingReferrals",
              (SELECT count(*)::int FROM referral WHERE to_agency_id = $1 AND status = 'REQUESTED' AND response_due_at <= $2) AS "overdueReferrals",
              (SELECT count(*)::int FROM handoff WHERE to_agency_id = $1 AND status = 'REQUESTED' AND response_due_at > $2) AS "pendingHandoffs",
              (SELECT count(*)::int FROM handoff WHERE to_agency_id = $1 AND status = 'REQUESTED' AND response_due_at <= $2) AS "overdueHandoffs"`,
      [agencyId, now],
    );
    return row!;
  }

  private seal(context: (id: string) => string, id: string, text: string): string;
  private seal(context: (id: string) => string, id: string, text: string | null): string | null;
  private seal(context: (id: string) => string, id: string, text: string | null): string | null {
    return text === null ? null : this.cipher.encrypt(text, context(id));
  }

  private open(context: (id: string) => string, id: string, sealed: string | null): string | null {
    return sealed === null ? null : this.cipher.decrypt(sealed, context(id));
  }

  private openReferrals<R extends SealedReferral>(rows: R[]): (Omit<R, `${ReferralText}Sealed`> & ReferralRecord)[] {
    const text = REFERRAL_TEXT.columns;
    return rows.map(({ reasonSealed, emergencyJustificationSealed, statusNoteSealed, outcomeSealed, ...row }) => ({
      ...row,
      reason: this.cipher.decrypt(reasonSealed, text.reason_sealed!(row.id)),
      emergencyJustification: this.open(text.emergency_justification_sealed!, row.id, emergencyJustificationSealed),
      statusNote: this.open(text.status_note_sealed!, row.id, statusNoteSealed),
      outcome: this.open(text.outcome_sealed!, row.id, outcomeSealed),
    }));
  }

  private openHandoffs(rows: SealedHandoff[]): HandoffRecord[] {
    const text = HANDOFF_TEXT.columns;
    return rows.map(({ reasonSealed, statusNoteSealed, ...row }) => ({
      ...row,
      reason: this.cipher.decrypt(reasonSealed, text.reason_sealed!(row.id)),
      statusNote: this.open(text.status_note_sealed!, row.id, statusNoteSealed),
    }));
  }
}
