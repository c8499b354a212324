import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PiiCipher } from '@tandem/crypto';
import { firstRow, rows, Tx } from '@tandem/platform';
import { NOTE_TEXT, NoteRecord } from './cases.types';

const NOTE_COLUMNS = `id, case_id AS "caseId", author_id AS "authorId", agency_id AS "agencyId", category, body_sealed AS "bodySealed",
  corrects_id AS "correctsId", created_at AS "createdAt"`;
type SealedNote = Omit<NoteRecord, 'body'> & { bodySealed: string };

/** The note table: each body sealed to its row, opened as it is read. */
@Injectable()
export class NoteRepository {
  constructor(private readonly cipher: PiiCipher) {}

  async insert(tx: Tx, input: { caseId: string; authorId: string; agencyId: string; category: string; body: string; correctsId: string | null }): Promise<NoteRecord> {
    // The id is chosen here so that the body can be sealed to its row before the row exists.
    const id = randomUUID();
    const row = await firstRow<SealedNote>(
      tx,
      `INSERT INTO note (id, case_id, author_id, agency_id, category, body_sealed, corrects_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${NOTE_COLUMNS}`,
      [id, input.caseId, input.authorId, input.agencyId, input.category, this.cipher.encrypt(input.body, NOTE_TEXT.columns.body_sealed!(id)), input.correctsId],
    );
    const { bodySealed: _sealed, ...note } = row!;
    return { ...note, body: input.body };
  }

  async find(tx: Tx, id: string): Promise<NoteRecord | null> {
    const row = await firstRow<SealedNote>(tx, `SELECT ${NOTE_COLUMNS} FROM note WHERE id = $1`, [id]);
    return row ? this.open([row])[0]! : null;
  }

  /** A page of a case's notes of the given categories (and CLINICAL notes of one agency), newest first. */
  async page(tx: Tx, caseId: string, visible: { categories: string[]; clinicalAgencyId: string | null }, after: [string, string] | null, limit: number): Promise<NoteRecord[]> {
    const found = await rows<SealedNote>(
      tx,
      `SELECT ${NOTE_COLUMNS} FROM note
        WHERE case_id = $1
          AND (category = ANY($2::text[]) OR (category = 'CLINICAL' AND agency_id = $3::uuid))
          AND ($4::timestamptz IS NULL OR (created_at, id) < ($4::timestamptz, $5::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $6`,
      [caseId, visible.categories, visible.clinicalAgencyId, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
    return this.open(found);
  }

  /** Notes with their bodies opened, in one pass after the statement that read them. */
  private open(found: SealedNote[]): NoteRecord[] {
    return found.map(({ bodySealed, ...note }) => ({ ...note, body: this.cipher.decrypt(bodySealed, NOTE_TEXT.columns.body_sealed!(note.id)) }));
  }
}
