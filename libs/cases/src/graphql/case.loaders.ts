import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { GraphQLContext, perRequest, Transactions } from '@tandem/platform';
import { CaseView } from '../case-access.service';
import { CaseRepository } from '../case.repository';
import { AssignmentRecord, ChildIdentity, ChildLocation, ConsentRecord, MembershipRecord } from '../cases.types';
import { CasesService } from '../cases.service';

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
    private readonly service: CasesService,
  ) {}

  /** Views the request already checked, by case id: field resolvers read scopes from here. */
  views(context: GraphQLContext): Map<string, CaseView> {
    return perRequest(context, VIEWS, () => new Map<string, CaseView>());
  }

  remember(context: GraphQLContext, views: Iterable<CaseView>): void {
    const map = this.views(context);
    for (const view of views) map.set(view.record.id, view);
  }

  child(context: GraphQLContext): DataLoader<string, { identity: ChildIdentity; location: ChildLocation | null } | null> {
    return perRequest(context, CHILDREN, () =>
      new DataLoader(async (ids: readonly string[]) => {
        const rows = await this.cases.sealedChildren(this.transactions.manager, ids);
        const map = new Map(rows.map((row) => [row.caseId, this.service.decryptChild(row.caseId, row)]));
        return ids.map((id) => map.get(id) ?? null);
      }),
    );
  }

  memberships(context: GraphQLContext): DataLoader<string, MembershipRecord[]> {
    return perRequest(context, MEMBERSHIPS, () => new DataLoader(async (ids: readonly string[]) => grouped(ids, await this.cases.memberships(this.transactions.manager, ids))));
  }

  assignments(context: GraphQLContext): DataLoader<string, AssignmentRecord[]> {
    return perRequest(context, ASSIGNMENTS, () => new DataLoader(async (ids: readonly string[]) => grouped(ids, await this.cases.assignments(this.transactions.manager, ids))));
  }

  consents(context: GraphQLContext): DataLoader<string, ConsentRecord[]> {
    return perRequest(context, CONSENTS, () => new DataLoader(async (ids: readonly string[]) => grouped(ids, await this.cases.consents(this.transactions.manager, ids))));
  }
}

