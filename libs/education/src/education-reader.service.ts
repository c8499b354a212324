import { Injectable } from '@nestjs/common';
import { Transactions } from '@tandem/platform';
import { viewOf } from './education-content';
import { EducationRepository } from './education.repository';
import { ContentLanguage, EducationAudience, EducationKind, ItemView } from './education.types';

/** An answer for an audience in a language: the items of the kind asked, then the what-to-do steps. */
export interface EducationAnswer {
  audience: EducationAudience;
  language: ContentLanguage;
  items: ItemView[];
  whatToDo: ItemView[];
}

/** The public reads of warning-signs education. */
@Injectable()
export class EducationReader {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: EducationRepository,
  ) {}

  warningSigns(audience: EducationAudience, language: ContentLanguage): Promise<EducationAnswer> {
    return this.answer(audience, language, EducationKind.WARNING_SIGN);
  }

  learningResources(audience: EducationAudience, language: ContentLanguage): Promise<EducationAnswer> {
    return this.answer(audience, language, EducationKind.GUIDE);
  }

  private async answer(audience: EducationAudience, language: ContentLanguage, kind: EducationKind): Promise<EducationAnswer> {
    const found = await this.repository.liveItems(this.transactions.manager, audience, [kind, EducationKind.WHAT_TO_DO]);
    const views = found.map((item) => viewOf(item, language)).filter((view): view is ItemView => view !== null);
    return { audience, language, items: views.filter((view) => view.kind === kind), whatToDo: views.filter((view) => view.kind === EducationKind.WHAT_TO_DO) };
  }
}
