import { Injectable } from '@nestjs/common';
import { actorOf, AuditService, ReadLog } from '@tandem/audit';
import { authorize, DataScope, Viewer } from '@tandem/authz';
import { CaseAccess, CaseJournal, CaseRecordsService, ChildInputData, READ_ONLY, RiskLevel } from '@tandem/cases';
import { BadInputError, Clock, ConflictError, lifecycleRefusal, Transactions, Tx } from '@tandem/platform';
import { TipDispatch } from './tip-dispatch';
import { TIP_LIST, TIP_READ, TIP_TRIAGE } from './tip.policies';
import { TipRepository } from './tip.repository';
import { DUPLICATE_DISTANCE_M, possibleDuplicate, TipAction, TipAdditionRecord, TipRecord, TipStatus, tipTransition } from './tips.types';

/** What a triager asks for. Each action takes only the fields it names. */
export interface TriageRequest {
  tipId: string;
  action: TipAction;
  /** The version read: CONFLICT when the tip changed since. */
  expectedVersion: number;
  /** LINK: an existing case the triager may change... */
  caseId?: string | null;
  /** ...or a new case opened from the tip, led by the triager's agency. */
  newCase?: { child: ChildInputData; riskLevel?: RiskLevel | null } | null;
  /** REFER: the jurisdiction whose law enforcement takes it over. */
  jurisdictionId?: string | null;
  /** NO_ACTION (required), REFER (optional): why, for the triagers who read the tip after. */
  reason?: string | null;
}

/** A tip as a triager reads it: with what its tipster added since, and the open tips it may duplicate. */
export interface TipView {
  tip: TipRecord;
  additions: TipAdditionRecord[];
  duplicates: TipRecord[];
}

/** Degrees of latitude a duplicate search box spans on each side (a little more than DUPLICATE_DISTANCE_M). */
const BOX_DEGREES = (DUPLICATE_DISTANCE_M * 1.5) / 111_000;

/** Which fields each action takes (the rest must be left out). */
const ACTION_FIELDS: Record<TipAction, readonly ('caseId' | 'newCase' | 'jurisdictionId' | 'reason')[]> = {
  [TipAction.REVIEW]: [],
  [TipAction.LINK]: ['caseId', 'newCase'],
  [TipAction.REFER]: ['jurisdictionId', 'reason'],
  [TipAction.NO_ACTION]: ['reason'],
};

/**
 * Triage of tips by the law-enforcement agencies of their jurisdiction (docs/access-policy.md,
 * "triage tips"): the queue, a tip with its additions and possible duplicates, and the moves of its
 * lifecycle (TIP_TRANSITIONS). Every read and change is audited; a tip linked to a case shows on the
 * case's timeline under INVESTIGATION.
 */
@Injectable()
export class TipTriage {
  constructor(
    private readonly transactions: Transactions,
    private readonly tips: TipRepository,
    private readonly dispatch: TipDispatch,
    private readonly audit: AuditService,
    private readonly cases: CaseAccess,
    private readonly journal: CaseJournal,
    private readonly clock: Clock,
  ) {}

  /** A page of the viewer's jurisdiction's tips, a child in danger now first, then oldest first. */
  async list(viewer: Viewer, statuses: readonly TipStatus[] | null, after: [boolean, string, string] | null, limit: number, log: ReadLog): Promise<TipRecord[]> {
    authorize(TIP_LIST, viewer, undefined);
    const found = await this.transactions.run((tx) => this.tips.page(tx, viewer.jurisdictionId!, statuses, after, limit + 1));
    log({ actor: actorOf(viewer), action: 'TIP_LIST', subjectType: 'Tip', details: { tipIds: found.slice(0, limit).map((tip) => tip.id) } });
    return found;
  }

  /** One tip, with its additions and the open tips that name the same place in the same window. */
  async view(viewer: Viewer, id: string, log: ReadLog): Promise<TipView> {
    const view = await this.transactions.run(async (tx) => {
      const tip = await this.tips.find(tx, id);
      authorize(TIP_READ, viewer, { tip }, { subjectType: 'Tip', subjectId: id });
      return this.details(tx, tip!);
    });
    log({
      actor: actorOf(viewer),
      action: 'TIP_VIEW',
      subjectType: 'Tip',
      subjectId: id,
      details: { additionIds: view.additions.map((a) => a.id), duplicateIds: view.duplicates.map((d) => d.id) },
    });
    return view;
  }

  /**
   * Moves a tip on by one action of its lifecycle; a tip moved by someone else since it was read is
   * a CONFLICT. `opened`: the case a LINK names was just opened from the tip.
   */
  async move(viewer: Viewer, request: TriageRequest, opened = false): Promise<TipRecord> {
    this.checkFields(request);
    if (request.newCase) throw BadInputError.field('input.newCase', 'is opened before the tip is linked to it');
    const now = this.clock.now();
    return this.transactions.run(async (tx) => {
      const tip = await this.tips.find(tx, request.tipId, true);
      const to = this.checkMove(viewer, request, tip);
      const from = tip!;
      const actor = actorOf(viewer);
      let changed: TipRecord | null = null;
      switch (request.action) {
        case TipAction.REVIEW:
          changed = await this.tips.change(tx, from.id, [from.status], from.version, { status: to, reviewerId: viewer.userId, reviewerAgencyId: viewer.agencyId! });
          await this.audit.record(tx, { actor, action: 'TIP_REVIEW', subjectType: 'Tip', subjectId: from.id, details: { from: from.status, to } });
          break;
        case TipAction.LINK: {
          const sight = await this.cases.findToChange(tx, viewer, request.caseId!, true);
          if (!sight || sight === READ_ONLY) throw BadInputError.field('input.caseId', 'does not name a case you can change');
          changed = await this.tips.change(tx, from.id, [from.status], from.version, { status: to, linkedCaseId: sight.record.id, decidedBy: viewer.userId, decidedAt: now });
          await this.journal.record(
            tx,
            { caseId: sight.record.id, kind: 'TIP_LINKED', scope: DataScope.INVESTIGATION, actor: viewer, subjectId: from.id, data: { tipId: from.id, reference: from.reference, opened } },
            { actor, action: 'TIP_LINK', caseId: sight.record.id, subjectType: 'Tip', subjectId: from.id, details: { reference: from.reference, caseOpened: opened } },
          );
          await this.dispatch.decided(tx, from, viewer.userId, now);
          break;
        }
        case TipAction.REFER: {
          const target = request.jurisdictionId!;
          if (target === from.jurisdictionId) throw BadInputError.field('input.jurisdictionId', "must be another jurisdiction than the tip's");
          if (!(await this.dispatch.jurisdictionExists(tx, target))) throw BadInputError.field('input.jurisdictionId', 'does not name a jurisdiction');
          changed = await this.tips.change(tx, from.id, [from.status], from.version, {
            status: to,
            jurisdictionId: target,
            referredFromJurisdictionId: from.jurisdictionId,
            decidedBy: viewer.userId,
            decidedAt: now,
            decisionNote: request.reason ?? null,
          });
          await this.audit.record(tx, { actor, action: 'TIP_REFER', subjectType: 'Tip', subjectId: from.id, details: { fromJurisdictionId: from.jurisdictionId, toJurisdictionId: target } });
          await this.dispatch.decided(tx, from, viewer.userId, now);
          if (changed) await this.dispatch.arrived(tx, changed, now);
          break;
        }
        case TipAction.NO_ACTION:
          changed = await this.tips.change(tx, from.id, [from.status], from.version, { status: to, decidedBy: viewer.userId, decidedAt: now, decisionNote: request.reason! });
          await this.audit.record(tx, { actor, action: 'TIP_NO_ACTION', subjectType: 'Tip', subjectId: from.id });
          await this.dispatch.decided(tx, from, viewer.userId, now);
          break;
      }
      if (!changed) throw new ConflictError('The tip was changed by someone else at the same time; reload it and try again', { currentVersion: from.version });
      return changed;
    });
  }

  /** Refuses a move as `move` would, before anything is done for it (a case opened for the link). */
  async assertMovable(viewer: Viewer, request: TriageRequest): Promise<void> {
    this.checkFields(request);
    await this.transactions.run(async (tx) => this.checkMove(viewer, request, await this.tips.find(tx, request.tipId)));
  }

  /** The tip's status the action leads to; refusals: not found or not the viewer's (policy), a move the lifecycle does not draw, a stale version. */
  private checkMove(viewer: Viewer, request: TriageRequest, tip: TipRecord | null): TipStatus {
    authorize(TIP_TRIAGE, viewer, { tip }, { subjectType: 'Tip', subjectId: request.tipId });
    const found = tip!;
    if (found.version !== request.expectedVersion) {
      if (request.expectedVersion > found.version) throw BadInputError.field('input.expectedVersion', `is ahead of the tip (it is at version ${found.version})`);
      throw new ConflictError(`The tip changed since version ${request.expectedVersion} (it is now at version ${found.version}, ${found.status}): reload it and try again`, {
        currentVersion: found.version,
      });
    }
    const to = tipTransition(found.status, request.action);
    if (!to) throw new ConflictError(lifecycleRefusal('tip', found.status, ACTION_WORDS[request.action]), { currentVersion: found.version });
    return to;
  }

  private checkFields(request: TriageRequest): void {
    const allowed = ACTION_FIELDS[request.action];
    const given = (['caseId', 'newCase', 'jurisdictionId', 'reason'] as const).filter((field) => request[field] !== null && request[field] !== undefined);
    const extra = given.filter((field) => !allowed.includes(field));
    if (extra.length) throw new BadInputError(extra.map((field) => ({ path: `input.${field}`, message: `is not taken by ${request.action}` })));
    if (request.action === TipAction.LINK && given.includes('caseId') === given.includes('newCase')) throw BadInputError.field('input.caseId', 'give either caseId or newCase');
    if (request.action === TipAction.REFER && !given.includes('jurisdictionId')) throw BadInputError.field('input.jurisdictionId', 'is required to refer a tip');
    if (request.action === TipAction.NO_ACTION && !given.includes('reason')) throw BadInputError.field('input.reason', 'is required to close a tip with no action');
    if (!Number.isInteger(request.expectedVersion) || request.expectedVersion < 1) throw BadInputError.field('input.expectedVersion', 'must be 1 or more');
  }

  /** What the tipsters of these tips added (the caller read the tips under their policy). */
  additionsOf(tipIds: readonly string[]): Promise<TipAdditionRecord[]> {
    return this.transactions.run((tx) => this.tips.additions(tx, tipIds));
  }

  /** The open tips that may duplicate this one (the caller read it under its policy). */
  duplicatesOf(tip: TipRecord): Promise<TipRecord[]> {
    return this.transactions.run(async (tx) => (await this.tips.openNear(tx, tip, BOX_DEGREES)).filter((other) => possibleDuplicate(tip, other)));
  }

  private async details(tx: Tx, tip: TipRecord): Promise<TipView> {
    const additions = await this.tips.additions(tx, [tip.id]);
    const near = await this.tips.openNear(tx, tip, BOX_DEGREES);
    return { tip, additions, duplicates: near.filter((other) => possibleDuplicate(tip, other)) };
  }
}

/** How a lifecycle refusal says each action ("This tip is LINKED and cannot be referred"). */
const ACTION_WORDS: Record<TipAction, string> = {
  [TipAction.REVIEW]: 'taken under review',
  [TipAction.LINK]: 'linked',
  [TipAction.REFER]: 'referred',
  [TipAction.NO_ACTION]: 'closed with no action',
};

/**
 * Links a tip to a case opened from it: the case is opened first, in its own transaction (its number,
 * its child, its lead: the triager's agency), once the tip is known to be movable; a tip moved by
 * someone else meanwhile is a CONFLICT, and the case stays with its opener.
 */
@Injectable()
export class TipCaseOpener {
  constructor(
    private readonly triage: TipTriage,
    private readonly records: CaseRecordsService,
  ) {}

  async move(viewer: Viewer, request: TriageRequest): Promise<TipRecord> {
    if (request.action !== TipAction.LINK || !request.newCase) return this.triage.move(viewer, request);
    await this.triage.assertMovable(viewer, request);
    const opened = await this.records.createCase(viewer, request.newCase);
    return this.triage.move(viewer, { ...request, caseId: opened.record.id, newCase: null }, true);
  }
}
