import { Injectable } from '@nestjs/common';
import { PiiCipher } from '@tandem/crypto';
import { execute, firstRow, rows, Tx } from '@tandem/platform';
import { OPEN_TIP_STATUSES, TIP_ADDITION_TEXT, TIP_TEXT, TipAdditionRecord, TipDetails, TipRecord, TipStatus } from './tips.types';

interface TipRow extends Omit<TipRecord, 'details' | 'contact' | 'decisionNote'> {
  detailsSealed: string;
  contactSealed: string | null;
  decisionNoteSealed: string | null;
}

const TIP_COLUMNS = `id, reference, jurisdiction_id AS "jurisdictionId", referred_from_jurisdiction_id AS "referredFromJurisdictionId", status,
  danger_now AS "dangerNow", seen_at AS "seenAt", ongoing, latitude, longitude, place_index AS "placeIndex",
  details_sealed AS "detailsSealed", contact_sealed AS "contactSealed", submitted_at AS "submittedAt",
  reviewer_id AS "reviewerId", reviewer_agency_id AS "reviewerAgencyId", decided_by AS "decidedBy", decided_at AS "decidedAt",
  linked_case_id AS "linkedCaseId", decision_note_sealed AS "decisionNoteSealed", version`;

export interface NewTip {
  id: string;
  jurisdictionId: string;
  dangerNow: boolean;
  seenAt: Date | null;
  ongoing: boolean;
  latitude: number | null;
  longitude: number | null;
  placeIndex: Buffer | null;
  details: TipDetails;
  contact: string | null;
  codeHash: Buffer;
  submittedAt: Date;
}

/** A change of a tip's triage, as one guarded UPDATE writes it. */
export interface TipChange {
  status: TipStatus;
  jurisdictionId?: string;
  referredFromJurisdictionId?: string | null;
  reviewerId?: string;
  reviewerAgencyId?: string;
  decidedBy?: string | null;
  decidedAt?: Date | null;
  linkedCaseId?: string | null;
  decisionNote?: string | null;
}

/**
 * The `tip` and `tip_addition` tables: only this lib writes them. Text is sealed here, bound to
 * its row and field, and opened here; nothing in these tables names the tipster's address,
 * device or browser.
 */
@Injectable()
export class TipRepository {
  constructor(private readonly cipher: PiiCipher) {}

  /** The next reference of a year: TIP-2026-000123. */
  async nextReference(tx: Tx, year: number): Promise<string> {
    const row = await firstRow<{ n: string }>(tx, `SELECT nextval('tip_reference_seq')::text AS n`);
    return `TIP-${year}-${row!.n.padStart(6, '0')}`;
  }

  async insert(tx: Tx, tip: NewTip, reference: string): Promise<TipRecord> {
    const row = await firstRow<TipRow>(
      tx,
      `INSERT INTO tip (id, reference, jurisdiction_id, danger_now, seen_at, ongoing, latitude, longitude, place_index, details_sealed, contact_sealed, code_hash, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       RETURNING ${TIP_COLUMNS}`,
      [
        tip.id,
        reference,
        tip.jurisdictionId,
        tip.dangerNow,
        tip.seenAt,
        tip.ongoing,
        tip.latitude,
        tip.longitude,
        tip.placeIndex,
        this.cipher.encryptJson(tip.details, TIP_TEXT.columns.details_sealed!(tip.id)),
        tip.contact === null ? null : this.cipher.encrypt(tip.contact, TIP_TEXT.columns.contact_sealed!(tip.id)),
        tip.codeHash,
        tip.submittedAt,
      ],
    );
    return this.open(row!);
  }

  /** How many tips a jurisdiction holds (the demo data set loads its tips once). */
  async countIn(tx: Tx, jurisdictionId: string): Promise<number> {
    const row = await firstRow<{ n: number }>(tx, `SELECT count(*)::int AS n FROM tip WHERE jurisdiction_id = $1 OR referred_from_jurisdiction_id = $1`, [jurisdictionId]);
    return row?.n ?? 0;
  }

  /** A tip, locked for the caller's change when asked. */
  async find(tx: Tx, id: string, lock = false): Promise<TipRecord | null> {
    const row = await firstRow<TipRow>(tx, `SELECT ${TIP_COLUMNS} FROM tip WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row ? this.open(row) : null;
  }

  /** The tip a follow-up code's hash names, with what its tipster may read of it. */
  async findByCode(tx: Tx, codeHash: Buffer): Promise<{ id: string; status: TipStatus; jurisdictionId: string } | null> {
    const row = await firstRow<{ id: string; status: TipStatus; jurisdictionId: string }>(
      tx,
      `SELECT id, status, jurisdiction_id AS "jurisdictionId" FROM tip WHERE code_hash = $1`,
      [codeHash],
    );
    return row ?? null;
  }

  /** A page of a jurisdiction's tips, most urgent first: danger now, then oldest first. */
  async page(tx: Tx, jurisdictionId: string, statuses: readonly TipStatus[] | null, after: [boolean, string, string] | null, limit: number): Promise<TipRecord[]> {
    const found = await rows<TipRow>(
      tx,
      `SELECT ${TIP_COLUMNS} FROM tip
        WHERE jurisdiction_id = $1 AND ($2::text[] IS NULL OR status = ANY($2::text[]))
          AND ($3::boolean IS NULL OR (NOT danger_now, submitted_at, id) > (NOT $3::boolean, $4::timestamptz, $5::uuid))
        ORDER BY NOT danger_now, submitted_at, id LIMIT $6`,
      [jurisdictionId, statuses, after ? after[0] : null, after ? after[1] : null, after ? after[2] : null, limit],
    );
    return found.map((row) => this.open(row));
  }

  /**
   * Open tips of the jurisdiction that may name the same place as `tip`: the same place index, or
   * coordinates within about `boxDegrees` (the duplicate rule then decides on each).
   */
  async openNear(tx: Tx, tip: Pick<TipRecord, 'id' | 'jurisdictionId' | 'placeIndex' | 'latitude' | 'longitude'>, boxDegrees: number): Promise<TipRecord[]> {
    const found = await rows<TipRow>(
      tx,
      `SELECT ${TIP_COLUMNS} FROM tip
        WHERE jurisdiction_id = $1 AND id <> $2 AND status = ANY($3::text[])
          AND ((place_index IS NOT NULL AND place_index = $4)
            OR ($5::float8 IS NOT NULL AND latitude BETWEEN $5::float8 - $7 AND $5::float8 + $7 AND longitude BETWEEN $6::float8 - $7 * 2 AND $6::float8 + $7 * 2))
        ORDER BY submitted_at, id LIMIT 20`,
      [tip.jurisdictionId, tip.id, OPEN_TIP_STATUSES, tip.placeIndex, tip.latitude, tip.longitude, boxDegrees],
    );
    return found.map((row) => this.open(row));
  }

  /**
   * Moves a tip on, if it is still at one of `from` and at `version` (a triager who raced another
   * and lost finds it moved: null). Fields of `change` left undefined stay as they are.
   */
  async change(tx: Tx, id: string, from: readonly TipStatus[], version: number, change: TipChange): Promise<TipRecord | null> {
    const set: string[] = ['status = $4', 'version = version + 1'];
    const values: unknown[] = [id, from, version, change.status];
    const put = (column: string, value: unknown) => {
      values.push(value);
      set.push(`${column} = $${values.length}`);
    };
    if (change.jurisdictionId !== undefined) put('jurisdiction_id', change.jurisdictionId);
    if (change.referredFromJurisdictionId !== undefined) put('referred_from_jurisdiction_id', change.referredFromJurisdictionId);
    if (change.reviewerId !== undefined) put('reviewer_id', change.reviewerId);
    if (change.reviewerAgencyId !== undefined) put('reviewer_agency_id', change.reviewerAgencyId);
    if (change.decidedBy !== undefined) put('decided_by', change.decidedBy);
    if (change.decidedAt !== undefined) put('decided_at', change.decidedAt);
    if (change.linkedCaseId !== undefined) put('linked_case_id', change.linkedCaseId);
    if (change.decisionNote !== undefined) {
      put('decision_note_sealed', change.decisionNote === null ? null : this.cipher.encrypt(change.decisionNote, TIP_TEXT.columns.decision_note_sealed!(id)));
    }
    const row = await firstRow<TipRow>(tx, `UPDATE tip SET ${set.join(', ')} WHERE id = $1 AND status = ANY($2::text[]) AND version = $3 RETURNING ${TIP_COLUMNS}`, values);
    return row ? this.open(row) : null;
  }

  async insertAddition(tx: Tx, addition: TipAdditionRecord): Promise<void> {
    await execute(tx, `INSERT INTO tip_addition (id, tip_id, added_at, text_sealed, contact_sealed) VALUES ($1, $2, $3, $4, $5)`, [
      addition.id,
      addition.tipId,
      addition.addedAt,
      this.cipher.encrypt(addition.text, TIP_ADDITION_TEXT.columns.text_sealed!(addition.id)),
      addition.contact === null ? null : this.cipher.encrypt(addition.contact, TIP_ADDITION_TEXT.columns.contact_sealed!(addition.id)),
    ]);
  }

  /** What the tipsters of these tips added, oldest first. */
  async additions(tx: Tx, tipIds: readonly string[]): Promise<TipAdditionRecord[]> {
    if (tipIds.length === 0) return [];
    const found = await rows<{ id: string; tipId: string; addedAt: Date; textSealed: string; contactSealed: string | null }>(
      tx,
      `SELECT id, tip_id AS "tipId", added_at AS "addedAt", text_sealed AS "textSealed", contact_sealed AS "contactSealed"
         FROM tip_addition WHERE tip_id = ANY($1::uuid[]) ORDER BY added_at, id`,
      [tipIds],
    );
    return found.map((row) => ({
      id: row.id,
      tipId: row.tipId,
      addedAt: row.addedAt,
      text: this.cipher.decrypt(row.textSealed, TIP_ADDITION_TEXT.columns.text_sealed!(row.id)),
      contact: row.contactSealed === null ? null : this.cipher.decrypt(row.contactSealed, TIP_ADDITION_TEXT.columns.contact_sealed!(row.id)),
    }));
  }

  private open(row: TipRow): TipRecord {
    const { detailsSealed, contactSealed, decisionNoteSealed, ...rest } = row;
    return {
      ...rest,
      details: this.cipher.decryptJson<TipDetails>(detailsSealed, TIP_TEXT.columns.details_sealed!(row.id)),
      contact: contactSealed === null ? null : this.cipher.decrypt(contactSealed, TIP_TEXT.columns.contact_sealed!(row.id)),
      decisionNote: decisionNoteSealed === null ? null : this.cipher.decrypt(decisionNoteSealed, TIP_TEXT.columns.decision_note_sealed!(row.id)),
    };
  }
}
