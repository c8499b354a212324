import { Injectable } from '@nestjs/common';
import { Transactions } from '@tandem/platform';
import { AgencyRepository } from './agency.repository';
import { AgencyRecord } from './identity.types';

/** How long the process keeps an agency it has read. */
export const AGENCY_KEPT_MS = 10_000;
/** More agencies than this and the cache starts over (a deployment has hundreds). */
const MOST_KEPT = 10_000;

/**
 * Agencies by id, kept by the whole process for {@link AGENCY_KEPT_MS}: nearly every answer names an
 * agency (a case's lead, a membership's partner, an event's actor), and agencies change seldom, so a
 * page of cases needs no statement for them. What is kept is what an answer shows of an agency (its
 * name, type, contacts); no access decision reads it (sign-in and the guard read the agency's `active`
 * flag from the database on every request), so a renamed agency shows its old name for a few seconds
 * at most. An id that names no agency is not kept.
 */
@Injectable()
export class AgencyCache {
  private readonly kept = new Map<string, { agency: AgencyRecord; until: number }>();

  constructor(
    private readonly transactions: Transactions,
    private readonly agencies: AgencyRepository,
  ) {}

  /** The agencies of `ids`, in their order (`null` for an id that names none): kept ones from memory, the others in one statement. */
  async byIds(ids: readonly string[]): Promise<(AgencyRecord | null)[]> {
    const now = Date.now();
    const found = new Map<string, AgencyRecord>();
    const missing: string[] = [];
    for (const id of ids) {
      const entry = this.kept.get(id);
      if (entry && entry.until > now) found.set(id, entry.agency);
      else missing.push(id);
    }
    if (missing.length > 0) {
      if (this.kept.size + missing.length > MOST_KEPT) this.kept.clear();
      for (const agency of await this.agencies.findByIds(this.transactions.manager, missing)) {
        found.set(agency.id, agency);
        this.kept.set(agency.id, { agency, until: now + AGENCY_KEPT_MS });
      }
    }
    return ids.map((id) => found.get(id) ?? null);
  }
}
