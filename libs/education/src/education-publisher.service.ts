import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { actorOf, AuditService } from '@tandem/audit';
import { authorize, refusalOf, Viewer } from '@tandem/authz';
import { AgencyRepository } from '@tandem/identity';
import { BadInputError, Clock, ConflictError, singleLineTextProblem, Transactions } from '@tandem/platform';
import { contentHash, viewOf } from './education-content';
import { EducationAudit } from './education-loader.service';
import { EDUCATION_LOCAL_PUBLISH, EDUCATION_LOCAL_RETRACT } from './education.policies';
import { EducationRepository } from './education.repository';
import { CONTENT_ID, ContentLanguage, EducationAudience, EducationKind, ItemText, ItemView, StepLinkKind } from './education.types';

/** A local addition as its supervisor gives it (already checked for type, length and format by the input's rules). */
export interface LocalAddition {
  kind: EducationKind;
  audiences: EducationAudience[];
  texts: { language: ContentLanguage; title: string; body: string }[];
  link?: StepLinkKind | null;
  license: string;
  sourceTitle?: string | null;
  sourceUrl?: string | null;
  position?: number | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Refuses an id no item can have, naming the argument. */
export function checkItemId(path: string, id: string): void {
  if (!(id.length <= 120 && (UUID.test(id) || CONTENT_ID.test(id)))) throw BadInputError.field(path, 'must be the id of an education item');
}

/**
 * An agency's local additions to the public content: its supervisors publish them, named as the
 * agency's to the public, and retract them; each act audited in the transaction that makes it.
 */
@Injectable()
export class EducationPublisher {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: EducationRepository,
    private readonly agencies: AgencyRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async publish(viewer: Viewer, input: LocalAddition): Promise<ItemView> {
    const problems: { path: string; message: string }[] = [];
    const languages = new Set<ContentLanguage>();
    input.texts.forEach((text, index) => {
      if (languages.has(text.language)) problems.push({ path: `input.texts.${index}.language`, message: 'is given twice' });
      languages.add(text.language);
    });
    const link = input.link ?? null;
    if (link !== null && input.kind !== EducationKind.WHAT_TO_DO) problems.push({ path: 'input.link', message: 'is for WHAT_TO_DO steps only' });
    if (problems.length) throw new BadInputError(problems);
    authorize(EDUCATION_LOCAL_PUBLISH, viewer, undefined, { subjectType: 'EducationItem' });
    return this.transactions.run(async (tx) => {
      const agency = (await this.agencies.findById(tx, viewer.agencyId!))!;
      const texts: Partial<Record<ContentLanguage, ItemText>> = {};
      for (const text of input.texts) texts[text.language] = { title: text.title, body: text.body };
      const at = this.clock.now();
      const id = randomUUID();
      const item = {
        id,
        kind: input.kind,
        audiences: input.audiences,
        position: input.position ?? 0,
        link,
        source: { publisher: agency.name, title: input.sourceTitle ?? input.texts[0]!.title, url: input.sourceUrl ?? null },
        license: input.license,
        date: at.toISOString().slice(0, 10),
        texts,
      };
      const stored = await this.repository.insertLocal(tx, id, { ...item, agencyId: agency.id, publishedBy: viewer.userId }, contentHash(item), at);
      await this.audit.record(tx, {
        actor: actorOf(viewer),
        action: EducationAudit.PUBLISH,
        subjectType: 'EducationItem',
        subjectId: id,
        details: { kind: item.kind, audiences: item.audiences, languages: [...languages].sort() },
      });
      return viewOf(stored, input.texts[0]!.language)!;
    });
  }

  async retract(viewer: Viewer, id: string, reason: string): Promise<ItemView> {
    checkItemId('id', id);
    const trimmed = reason.trim();
    if (trimmed.length < 1 || trimmed.length > 500) throw BadInputError.field('reason', 'must be 1 to 500 characters');
    const lineProblem = singleLineTextProblem(trimmed);
    if (lineProblem) throw BadInputError.field('reason', lineProblem);
    const refusal = { subjectType: 'EducationItem', subjectId: id };
    return this.transactions.run(async (tx) => {
      const current = await this.repository.itemForRetract(tx, id);
      authorize(EDUCATION_LOCAL_RETRACT, viewer, current ? { agencyId: current.agencyId } : null, refusal);
      if (current!.retracted) throw new ConflictError('This education item is already retracted');
      const retracted = await this.repository.retract(tx, id, viewer.agencyId!, viewer.userId, trimmed, this.clock.now());
      if (!retracted) throw refusalOf(EDUCATION_LOCAL_RETRACT, { allowed: false, disclose: 'forbid', reason: 'the item belongs to another agency' }, refusal);
      await this.audit.record(tx, { actor: actorOf(viewer), action: EducationAudit.RETRACT, subjectType: 'EducationItem', subjectId: id, details: { kind: retracted.kind } });
      return viewOf(retracted, ContentLanguage.EN)!;
    });
  }
}
