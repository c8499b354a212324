import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { GraphQLContext, perRequest, Transactions } from '@tandem/platform';
import { DataScope, RequestWithViewer } from '@tandem/authz';
import { IdentityLoaders } from '@tandem/identity';
import { CaseAccess } from '../case-access.service';
import { CaseRepository } from '../case.repository';
import { CaseView } from '../case-access.service';
import { AssignmentRecord, ConsentRecord, MembershipRecord } from '../cases.types';
import { ChildRecords, OpenChild } from '../child-records.service';
import { ConsentRepository } from '../consent.repository';

const VIEWS = Symbol('case-views');
const CHILDREN = Symbol('children');
const MEMBERSHIPS = Symbol('memberships');
const ASSIGNMENTS = Symbol('assignments');
const CONSENTS = Symbol('consents');

function grouped<T extends { caseId: string }>(ids: readonly string[], rows: T[]): T[][] {
  const map = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const row of rows) map.get(row.caseId)?.push(row);
  return ids.map((id) => map.get(id) ?? []);
}

/** Per-request batch loaders of case parts: one statement per part, whatever the number of cases. */
@Injectable()
export class CaseLoaders {
  constructor(
    private readonly transactions: Transactions,
    private readonly cases: CaseRepository,
    private readonly children: ChildRecords,
    private readonly consentRecords: ConsentRepository,
    private readonly access: CaseAccess,
    private readonly identity: IdentityLoaders,
  ) {}

  /**
   * The viewer's view of each case the request returns, by id (null: not visible). Reads of one
   * case prime it with the view they checked; the cases of a list page, found by the visibility
   * predicate alone, are checked here in one batch, and only when a field needs their scopes.
   */
  views(context: GraphQLContext): DataLoader<string, CaseView | null> {
    return perRequest(
      context,
      VIEWS,
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          const viewer = (context.req as RequestWithViewer | undefined)?.viewer;
          if (!viewer) return ids.map(() => null);
          const views = await this.access.views(this.transactions.manager, viewer, ids);
          return ids.map((id) => views.get(id) ?? null);
        }),
    );
  }

  view(context: GraphQLContext, caseId: string): Promise<CaseView | null> {
    return this.views(context).load(caseId);
  }

  /** The scopes of a case the viewer holds (none when they do not see it). */
  async scopes(context: GraphQLContext, caseId: string): Promise<DataScope[]> {
    return (await this.view(context, caseId))?.scopes ?? [];
  }

  remember(context: GraphQLContext, views: Iterable<CaseView>): void {
    const loader = this.views(context);
    for (const view of views) loader.clear(view.record.id).prime(view.record.id, view);
  }

  child(context: GraphQLContext): DataLoader<string, OpenChild | null> {
    return perRequest(context, CHILDREN, () =>
      new DataLoader(async (ids: readonly string[]) => {
        const children = await this.children.read(this.transactions.manager, ids);
        return ids.map((id) => children.get(id) ?? null);
      }),
    );
  }

  memberships(context: GraphQLContext): DataLoader<string, MembershipRecord[]> {
    return perRequest(
      context,
      MEMBERSHIPS,
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          const rows = await this.cases.memberships(this.transactions.manager, ids);
          this.identity.primeAgencies(context, rows.map((row) => row.agency));
          return grouped(ids, rows);
        }),
    );
  }

  assignments(context: GraphQLContext): DataLoader<string, AssignmentRecord[]> {
    return perRequest(context, ASSIGNMENTS, () => new DataLoader(async (ids: readonly string[]) => grouped(ids, await this.cases.assignments(this.transactions.manager, ids))));
  }

  consents(context: GraphQLContext): DataLoader<string, ConsentRecord[]> {
    return perRequest(context, CONSENTS, () => new DataLoader(async (ids: readonly string[]) => grouped(ids, await this.consentRecords.ofCases(this.transactions.manager, ids))));
  }
}

