import { Injectable } from '@nestjs/common';
import { actorOf, AuditAction, ReadLog } from '@tandem/audit';
import { DataScope, Viewer } from '@tandem/authz';
import { BadInputError, Transactions } from '@tandem/platform';
import { CaseAccess, CaseView } from './case-access.service';
import { CaseJournal } from './case-journal';
import { NOTE_ADD } from './case.policies';
import { authorizeOnCase } from './case-sight';

import { NoteCategory, NoteRecord } from './cases.types';
import { NoteRepository } from './note.repository';

/** The scope a note of each category is read with (CLINICAL: only by the agency that wrote it). */
const NOTE_SCOPES: Record<NoteCategory, DataScope> = {
  [NoteCategory.GENERAL]: DataScope.SERVICES,
  [NoteCategory.INVESTIGATION]: DataScope.INVESTIGATION,
  [NoteCategory.CLINICAL]: DataScope.CLINICAL,
};

/** A case's notes: written by member agencies by category, read by scope, audited as read. */
@Injectable()
export class CaseNotesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly access: CaseAccess,
    private readonly notes: NoteRepository,
    private readonly journal: CaseJournal,
  ) {}

  /** Checks who may write on the case's locked row, as every change of a case does, so that a handoff being committed is waited for. */
  async addNote(viewer: Viewer, input: { caseId: string; category: NoteCategory; body: string; correctsNoteId?: string | null }): Promise<NoteRecord> {
    return this.transactions.run(async (tx) => {
      const facts = { view: await this.access.findToChange(tx, viewer, input.caseId, true), category: input.category };
      authorizeOnCase(NOTE_ADD, viewer, facts, { caseId: input.caseId });
      const { view } = facts;
      if (input.correctsNoteId) {
        const corrected = await this.notes.find(tx, input.correctsNoteId);
        if (!corrected || corrected.caseId !== input.caseId || !this.noteVisible(viewer, view, corrected)) {
          throw BadInputError.field('input.correctsNoteId', 'does not name a note of this case that you see');
        }
      }
      const note = await this.notes.insert(tx, {
        caseId: input.caseId,
        authorId: viewer.userId,
        agencyId: viewer.agencyId!,
        category: input.category,
        body: input.body,
        correctsId: input.correctsNoteId ?? null,
      });
      await this.journal.record(
        tx,
        {
          caseId: input.caseId,
          kind: 'NOTE_ADDED',
          scope: NOTE_SCOPES[note.category],
          onlyAgencyId: note.category === NoteCategory.CLINICAL ? note.agencyId : null,
          actor: viewer,
          subjectId: note.id,
          data: { category: note.category },
        },
        { actor: actorOf(viewer), action: AuditAction.NOTE_ADD, caseId: input.caseId, subjectType: 'Note', subjectId: note.id, details: { category: note.category } },
      );
      return note;
    });
  }

  /**
   * Which note categories a view discloses; CLINICAL only to the authoring agency's users who see the
   * case through its membership (not through a break-glass grant or the inbox view alone).
   */
  noteVisible(viewer: Viewer, view: CaseView, note: Pick<NoteRecord, 'category' | 'agencyId'>): boolean {
    if (note.category === NoteCategory.CLINICAL) return note.agencyId === viewer.agencyId && this.access.seesAsMember(viewer, view);
    return view.scopes.includes(NOTE_SCOPES[note.category]);
  }

  /**
   * A page of the notes the viewer may read, plus one more row that only tells whether a next page
   * exists: that row is fetched, never returned, so it is not audited as read.
   */
  async pageNotes(viewer: Viewer, view: CaseView, after: [string, string] | null, limit: number, log: ReadLog): Promise<NoteRecord[]> {
    const categories: string[] = [];
    if (view.scopes.includes(DataScope.SERVICES)) categories.push(NoteCategory.GENERAL);
    if (view.scopes.includes(DataScope.INVESTIGATION)) categories.push(NoteCategory.INVESTIGATION);
    const clinicalAgencyId = this.access.seesAsMember(viewer, view) ? viewer.agencyId : null;
    const notes = await this.notes.page(this.transactions.manager, view.record.id, { categories, clinicalAgencyId }, after, limit + 1);
    const shown = notes.slice(0, limit);
    if (shown.length) {
      log({ actor: actorOf(viewer), action: AuditAction.NOTE_VIEW, caseId: view.record.id, subjectType: 'Note', details: { noteIds: shown.map((note) => note.id) } });
    }
    return notes;
  }
}
