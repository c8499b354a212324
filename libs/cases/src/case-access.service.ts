import { Injectable } from '@nestjs/common';
import { CaseAbility, CaseFacts, canSee, DataScope, defineCaseAbility, scopesOf, seesCaseContent, Viewer } from '@tandem/authz';
import { Clock, Tx } from '@tandem/platform';
import { CaseRepository, CaseWithFacts } from './case.repository';
import { CaseRecord } from './cases.types';

/** A case as one viewer may see it: the record, its access facts and the scopes it discloses. */
export interface CaseView {
  record: CaseRecord;
  facts: CaseFacts;
  scopes: DataScope[];
}

/** The refusal of a change by a user who sees the case only through a break-glass grant. */
export const READ_ONLY = 'a break-glass grant is read only';

/** The views of cases read with their facts that the viewer sees at `now` (others are left out). */
export function viewsOf(viewer: Viewer, rows: readonly { record: CaseRecord; facts: CaseFacts }[], now: Date): Map<string, CaseView> {
  const views = new Map<string, CaseView>();
  if (!seesCaseContent(viewer) || rows.length === 0) return views;
  const ability = defineCaseAbility(viewer, now);
  for (const { record, facts } of rows) {
    const scopes = scopesOf(ability, facts);
    if (scopes.length) views.set(record.id, { record, facts, scopes });
  }
  return views;
}

/**
 * The view a viewer changes a case with: {@link READ_ONLY} when only a break-glass grant shows it,
 * since a grant never lets its holder change anything (docs/access-policy.md, "Who sees a case", rule 5); otherwise the view with
 * the scopes held without the grant, so nothing read through it can be shared onwards either.
 */
export function viewToChange(viewer: Viewer, view: CaseView, now: Date): CaseView | typeof READ_ONLY {
  if (!view.facts.grants.length) return view;
  const scopes = scopesOf(defineCaseAbility(viewer, now), { ...view.facts, grants: [] });
  return scopes.length ? { ...view, scopes } : READ_ONLY;
}

/**
 * Whether the viewer sees the case through their agency's membership, and not only through a
 * break-glass grant (SUMMARY, IDENTITY, LOCATION) or the inbox view of a pending referral or handoff
 * (SUMMARY and what it shares): CLINICAL notes are read only so (docs/access-policy.md, "What a case holds, by scope").
 */
export function seesAsMember(viewer: Viewer, view: CaseView, now: Date): boolean {
  if (!view.facts.grants.length && !view.facts.inbox.length) return true;
  return canSee(defineCaseAbility(viewer, now), { ...view.facts, grants: [], inbox: [] });
}

/**
 * Loads single cases with the viewer's view of them, for the policies that decide on it: a case the
 * viewer does not see has no view, exactly like an id that does not exist.
 */
@Injectable()
export class CaseAccess {
  constructor(
    private readonly cases: CaseRepository,
    private readonly clock: Clock,
  ) {}

  ability(viewer: Viewer): CaseAbility {
    return defineCaseAbility(viewer, this.clock.now());
  }

  /** {@link seesAsMember} now. */
  seesAsMember(viewer: Viewer, view: CaseView): boolean {
    return seesAsMember(viewer, view, this.clock.now());
  }

  /** Views of cases already read with their facts: those the viewer sees (others are left out). */
  check(viewer: Viewer, rows: readonly CaseWithFacts[]): Map<string, CaseView> {
    return viewsOf(viewer, rows, this.clock.now());
  }

  /** Views of the given cases that the viewer sees (others are left out), in one statement. */
  async views(tx: Tx, viewer: Viewer, caseIds: readonly string[]): Promise<Map<string, CaseView>> {
    if (!seesCaseContent(viewer) || caseIds.length === 0) return new Map();
    return this.check(viewer, await this.cases.withFacts(tx, caseIds));
  }

  /** The viewer's view of one case, locked for update when `lock` is set; `null` when not visible. */
  async find(tx: Tx, viewer: Viewer, caseId: string, lock = false): Promise<CaseView | null> {
    if (!seesCaseContent(viewer)) return null;
    return this.check(viewer, await this.cases.withFacts(tx, [caseId], lock)).get(caseId) ?? null;
  }

  /**
   * The viewer's view of a case they are about to change, locked for update when `lock` is set:
   * `null` when they do not see it; {@link READ_ONLY} when only a break-glass grant shows it
   * ({@link viewToChange}).
   */
  async findToChange(tx: Tx, viewer: Viewer, caseId: string, lock = false): Promise<CaseView | typeof READ_ONLY | null> {
    const view = await this.find(tx, viewer, caseId, lock);
    return view ? viewToChange(viewer, view, this.clock.now()) : null;
  }
}
