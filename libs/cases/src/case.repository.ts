import { Injectable } from '@nestjs/common';
import { CaseAbility, CaseFacts, caseVisibilityBranches, caseVisibilityPredicate, NO_EXPIRY, SqlParams } from '@tandem/authz';
import { AgencyRecord, agencyFromJson, agencyJson } from '@tandem/identity';
import { AppConfig, execute, firstRow, qualifiedColumns, queryPrepared, rows, Tx } from '@tandem/platform';
import { ScopeBasis } from './membership-basis';
import { AssignmentRecord, CaseFlag, CaseRecord, CaseStatus, MembershipRecord, RiskLevel } from './cases.types';

export const CASE_COLUMNS = `c.id, c.case_number AS "caseNumber", c.jurisdiction_id AS "jurisdictionId",
  c.lead_agency_id AS "leadAgencyId", c.status, c.risk_level AS "riskLevel", c.flags, c.version,
  c.opened_at AS "openedAt", c.closed_at AS "closedAt", c.close_reason AS "closeReason"`;

const MEMBERSHIP_COLUMNS = `id, case_id AS "caseId", agency_id AS "agencyId", role, scopes, granted_via AS "grantedVia",
  consent_scopes AS "consentScopes", active`;
const ASSIGNMENT_COLUMNS = `id, case_id AS "caseId", user_id AS "userId", agency_id AS "agencyId", role, active`;

const epochMs = (expression: string) => `floor(extract(epoch from ${expression}) * 1000)::float8`;

/**
 * The access facts of the case aliased `c`, as JSON columns read in the same statement as the
 * case (times in epoch milliseconds, as CaseFacts has them).
 */
const FACT_COLUMNS = `
  coalesce((SELECT json_agg(json_build_object('agencyId', f.agency_id, 'role', f.role, 'scopes', f.scopes, 'consentScopes', f.consent_scopes, 'active', f.active))
              FROM membership f WHERE f.case_id = c.id), '[]') AS "factMemberships",
  coalesce((SELECT json_agg(json_build_object('userId', f.user_id, 'agencyId', f.agency_id, 'role', f.role, 'active', f.active))
              FROM assignment f WHERE f.case_id = c.id), '[]') AS "factAssignments",
  coalesce((SELECT json_agg(json_build_object('userId', f.user_id, 'agencyId', f.agency_id, 'expiresAt', ${epochMs('f.expires_at')}, 'revoked', f.revoked_at IS NOT NULL))
              FROM access_grant f WHERE f.case_id = c.id), '[]') AS "factGrants",
  coalesce((SELECT json_agg(json_build_object('scopes', f.scopes, 'agencyIds', f.agency_ids, 'agencyTypes', f.agency_types,
                                              'effectiveAt', ${epochMs('f.effective_at')}, 'expiresAt', ${epochMs('f.expires_at')}, 'revoked', f.revoked_at IS NOT NULL))
              FROM consent f WHERE f.case_id = c.id), '[]') AS "factConsents",
  coalesce((SELECT json_agg(json_build_object('agencyId', f.agency_id, 'scopes', f.scopes, 'consentRequired', f.consent_required))
              FROM case_inbox f WHERE f.case_id = c.id), '[]') AS "factInbox",
  coalesce((SELECT json_agg(json_build_object('agencyId', f.agency_id, 'kind', f.kind))
              FROM case_clock f WHERE f.case_id = c.id), '[]') AS "factClocks"`;

interface FactColumns {
  factMemberships: CaseFacts['memberships'];
  factAssignments: CaseFacts['assignments'];
  factGrants: CaseFacts['grants'];
  factConsents: (Omit<CaseFacts['consents'][number], 'expiresAt'> & { expiresAt: number | null })[];
  factInbox: CaseFacts['inbox'];
  factClocks: CaseFacts['clocks'];
}

/** A case record and its access facts, read together. */
export interface CaseWithFacts {
  record: CaseRecord;
  facts: CaseFacts;
}

function splitFacts(row: CaseRecord & FactColumns): CaseWithFacts {
  const { factMemberships, factAssignments, factGrants, factConsents, factInbox, factClocks, ...record } = row;
  return {
    record,
    facts: {
      id: record.id,
      leadAgencyId: record.leadAgencyId,
      jurisdictionId: record.jurisdictionId,
      memberships: factMemberships,
      assignments: factAssignments,
      grants: factGrants,
      consents: factConsents.map((consent) => ({ ...consent, expiresAt: consent.expiresAt ?? NO_EXPIRY })),
      inbox: factInbox,
      clocks: factClocks,
    },
  };
}

export interface CaseFilter {
  statuses?: CaseStatus[] | null;
  riskLevels?: RiskLevel[] | null;
  flags?: string[] | null;
  assignedToUserId?: string | null;
  leadAgencyId?: string | null;
  caseNumber?: string | null;
}

/** Case records. Every read of case data takes the viewer's ability, so an unscoped list cannot be written. */
@Injectable()
export class CaseRepository {
  constructor(private readonly config: AppConfig) {}

  /** The next case number of a jurisdiction and year, e.g. STL-2026-000123 (row-locked, gap-free). */
  async nextCaseNumber(tx: Tx, jurisdictionId: string, code: string, year: number): Promise<string> {
    const row = await firstRow<{ last_value: number }>(
      tx,
      `INSERT INTO case_number_counter (jurisdiction_id, year, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (jurisdiction_id, year) DO UPDATE SET last_value = case_number_counter.last_value + 1
       RETURNING last_value`,
      [jurisdictionId, year],
    );
    return `${code}-${year}-${String(row!.last_value).padStart(6, '0')}`;
  }

  async insertCase(
    tx: Tx,
    input: { caseNumber: string; jurisdictionId: string; leadAgencyId: string; riskLevel: RiskLevel; createdBy: string; openedAt: Date },
  ): Promise<CaseRecord> {
    const row = await firstRow<CaseRecord>(
      tx,
      `INSERT INTO case_file AS c (case_number, jurisdiction_id, lead_agency_id, risk_level, created_by, opened_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${CASE_COLUMNS}`,
      [input.caseNumber, input.jurisdictionId, input.leadAgencyId, input.riskLevel, input.createdBy, input.openedAt],
    );
    return row!;
  }

  async insertMembership(
    tx: Tx,
    input: { caseId: string; agencyId: string; role: 'LEAD' | 'PARTNER'; scopes: string[]; consentScopes: string[]; grantedVia: string },
  ): Promise<string> {
    const row = await firstRow<{ id: string }>(
      tx,
      `INSERT INTO membership (case_id, agency_id, role, scopes, granted_via, consent_scopes) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [input.caseId, input.agencyId, input.role, input.scopes, input.grantedVia, input.consentScopes],
    );
    return row!.id;
  }

  /** The agency's active membership of the case, locked for the caller's change, or null. */
  async lockActiveMembership(tx: Tx, caseId: string, agencyId: string): Promise<({ id: string; role: 'LEAD' | 'PARTNER' } & ScopeBasis) | null> {
    const row = await firstRow<{ id: string; role: 'LEAD' | 'PARTNER' } & ScopeBasis>(
      tx,
      `SELECT id, role, scopes, consent_scopes AS "consentScopes" FROM membership WHERE case_id = $1 AND agency_id = $2 AND active FOR UPDATE`,
      [caseId, agencyId],
    );
    return row ?? null;
  }

  /** Sets what a locked membership holds, each scope with its consent basis (`grantScopes`). */
  async setMembershipScopes(tx: Tx, membershipId: string, basis: ScopeBasis): Promise<void> {
    await execute(tx, `UPDATE membership SET scopes = $2, consent_scopes = $3 WHERE id = $1`, [membershipId, basis.scopes, basis.consentScopes]);
  }

  async insertAssignment(tx: Tx, input: { caseId: string; userId: string; agencyId: string; role: string; assignedBy: string }): Promise<void> {
    await execute(tx, `INSERT INTO assignment (case_id, user_id, agency_id, role, assigned_by) VALUES ($1, $2, $3, $4, $5)`, [
      input.caseId,
      input.userId,
      input.agencyId,
      input.role,
      input.assignedBy,
    ]);
  }

  async findCases(tx: Tx, ids: readonly string[]): Promise<CaseRecord[]> {
    return rows<CaseRecord>(tx, `SELECT ${CASE_COLUMNS} FROM case_file c WHERE c.id = ANY($1::uuid[])`, [ids]);
  }

  /** The case of this number (case numbers are unique), or `null`. */
  async findByNumber(tx: Tx, caseNumber: string): Promise<CaseRecord | null> {
    return (await firstRow<CaseRecord>(tx, `SELECT ${CASE_COLUMNS} FROM case_file c WHERE c.case_number = $1`, [caseNumber.toUpperCase()])) ?? null;
  }

  /** Adds and removes flags of a case as the act of another domain (a missing child, a return); the caller decided it may. */
  async setFlags(tx: Tx, caseId: string, add: readonly CaseFlag[], remove: readonly CaseFlag[]): Promise<void> {
    await execute(
      tx,
      `UPDATE case_file SET flags = array(SELECT DISTINCT f FROM unnest(flags || $2::text[]) f WHERE NOT f = ANY($3::text[]) ORDER BY 1),
              version = version + 1, updated_at = now() WHERE id = $1`,
      [caseId, add, remove],
    );
  }

  /** Raises a flag the case does not have yet (a clock that ran out); false, and nothing changes, when it already had it. */
  async raiseFlag(tx: Tx, caseId: string, flag: CaseFlag): Promise<boolean> {
    const flagged = await firstRow<{ id: string }>(
      tx,
      `UPDATE case_file SET flags = array(SELECT DISTINCT unnest(flags || ARRAY[$2]::text[]) ORDER BY 1), version = version + 1, updated_at = now()
        WHERE id = $1 AND NOT $2 = ANY(flags) RETURNING id`,
      [caseId, flag],
    );
    return flagged !== undefined;
  }

  /**
   * Raises the case's risk level to `level` as the act of another domain (a screening's result),
   * never lowering it: false, and nothing changes, when the case is already at that level or higher.
   */
  async raiseRiskLevel(tx: Tx, caseId: string, level: RiskLevel): Promise<boolean> {
    const order = `ARRAY['UNKNOWN','LOW','ELEVATED','HIGH']`;
    const raised = await firstRow<{ id: string }>(
      tx,
      `UPDATE case_file SET risk_level = $2, version = version + 1, updated_at = now()
        WHERE id = $1 AND array_position(${order}, risk_level) < array_position(${order}, $2::text) RETURNING id`,
      [caseId, level],
    );
    return raised !== undefined;
  }

  /**
   * The cases the viewer sees, newest first, after the keyset [openedAt, id]. Each alternative of
   * the visibility predicate is its own ordered, limited branch (the planner picks a plan per
   * branch: a walk down the newest cases for an agency's dense memberships, a join for a user's few
   * hundred assignments), and the branches' pages are merged.
   */
  async pageVisible(tx: Tx, ability: CaseAbility, filter: CaseFilter, after: [string, string] | null, limit: number): Promise<CaseRecord[]> {
    const params = new SqlParams();
    const branches = caseVisibilityBranches(ability, 'c', params);
    const where: string[] = [];
    if (filter.statuses?.length) where.push(`c.status = ANY(${params.add(filter.statuses, 'text[]')})`);
    if (filter.riskLevels?.length) where.push(`c.risk_level = ANY(${params.add(filter.riskLevels, 'text[]')})`);
    if (filter.flags?.length) where.push(`c.flags @> ${params.add(filter.flags, 'text[]')}`);
    if (filter.leadAgencyId) where.push(`c.lead_agency_id = ${params.add(filter.leadAgencyId, 'uuid')}`);
    if (filter.caseNumber) where.push(`c.case_number = ${params.add(filter.caseNumber.toUpperCase(), 'text')}`);
    if (filter.assignedToUserId) {
      where.push(`EXISTS (SELECT 1 FROM assignment f WHERE f.case_id = c.id AND f.user_id = ${params.add(filter.assignedToUserId, 'uuid')} AND f.active)`);
    }
    if (after) where.push(`(c.opened_at, c.id) < (${params.add(after[0], 'timestamptz')}, ${params.add(after[1], 'uuid')})`);
    const top = params.add(limit, 'int');
    const order = 'ORDER BY c.opened_at DESC, c.id DESC';
    const text =
      branches.length === 1
        ? `SELECT ${CASE_COLUMNS} FROM case_file c WHERE ${[branches[0], ...where].join(' AND ')} ${order} LIMIT ${top}`
        : `SELECT ${CASE_COLUMNS}
             FROM (SELECT c.id, c.opened_at FROM (${branches
               .map((branch) => `(SELECT c.id, c.opened_at FROM case_file c WHERE ${[branch, ...where].join(' AND ')} ${order} LIMIT ${top})`)
               .join(' UNION ')}) c ${order} LIMIT ${top}) page
             JOIN case_file c ON c.id = page.id
            ${order}`;
    // Prepared: its text depends only on the viewer's kind and the filters given, so it is parsed
    // once per connection. PostgreSQL still chooses a plan per execution by estimated cost; in the
    // benchmark it kept planning for each viewer's values (a generic plan ran 24 ms, a custom 5 ms).
    return queryPrepared<CaseRecord>(tx, text, params.values, this.config.values.DATABASE_PREPARED_STATEMENTS);
  }

  /** Ids of every case the ability lets its viewer see (the property test compares this with `ability.can`). */
  async visibleIds(tx: Tx, ability: CaseAbility, among: readonly string[]): Promise<string[]> {
    const params = new SqlParams([among]);
    const visible = await rows<{ id: string }>(
      tx,
      `SELECT c.id FROM case_file c WHERE c.id = ANY($1::uuid[]) AND ${caseVisibilityPredicate(ability, 'c', params)}`,
      params.values,
    );
    return visible.map((row) => row.id);
  }

  /** Cases with their access facts, in one statement whatever their number; a missing id is left out. */
  async withFacts(tx: Tx, ids: readonly string[], lock = false): Promise<CaseWithFacts[]> {
    if (ids.length === 0) return [];
    // The lock comes first, in a statement of its own. A statement that waited for a row lock reads
    // the locked row as it is now but everything else as it was when the statement began: locked
    // and read together, a lead moved meanwhile would be returned with its old memberships.
    if (lock) await execute(tx, `SELECT id FROM case_file WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
    const found = await rows<CaseRecord & FactColumns>(tx, `SELECT ${CASE_COLUMNS}, ${FACT_COLUMNS} FROM case_file c WHERE c.id = ANY($1::uuid[])`, [ids]);
    return found.map(splitFacts);
  }

  /** Active memberships of the cases, each with its agency (read in the same statement). */
  async memberships(tx: Tx, caseIds: readonly string[]): Promise<(MembershipRecord & { agency: AgencyRecord })[]> {
    const found = await rows<MembershipRecord & { agency: Parameters<typeof agencyFromJson>[0] }>(
      tx,
      `SELECT ${qualifiedColumns(MEMBERSHIP_COLUMNS, 'm')}, ${agencyJson('a')} AS agency
         FROM membership m JOIN agency a ON a.id = m.agency_id
        WHERE m.case_id = ANY($1::uuid[]) AND m.active ORDER BY m.role, m.created_at`,
      [caseIds],
    );
    return found.map((row) => ({ ...row, agency: agencyFromJson(row.agency) }));
  }

  async assignments(tx: Tx, caseIds: readonly string[]): Promise<AssignmentRecord[]> {
    return rows<AssignmentRecord>(tx, `SELECT ${ASSIGNMENT_COLUMNS} FROM assignment WHERE case_id = ANY($1::uuid[]) AND active ORDER BY role, created_at`, [caseIds]);
  }

  /** OPEN becomes ACTIVE; the lead agency of a case that moved, or `null` when it was not OPEN. */
  async activate(tx: Tx, caseId: string): Promise<string | null> {
    const moved = await firstRow<{ leadAgencyId: string }>(
      tx,
      `UPDATE case_file SET status = 'ACTIVE', version = version + 1, updated_at = now() WHERE id = $1 AND status = 'OPEN' RETURNING lead_agency_id AS "leadAgencyId"`,
      [caseId],
    );
    return moved?.leadAgencyId ?? null;
  }

  /**
   * A change of the case's own fields by its lead agency, made on the version the change was
   * decided on: false, and nothing changes, when the case left that version or that lead.
   */
  async update(tx: Tx, caseId: string, asLead: { agencyId: string | null; expectedVersion: number }, change: { riskLevel: RiskLevel | null }): Promise<boolean> {
    const updated = await firstRow<{ id: string; version: number }>(
      tx,
      `UPDATE case_file c SET risk_level = coalesce($4, risk_level), version = version + 1, updated_at = now()
        WHERE c.id = $1 AND c.version = $2 AND c.lead_agency_id = $3
        RETURNING ${'c.id, c.version'}`,
      [caseId, asLead.expectedVersion, asLead.agencyId, change.riskLevel],
    );
    return updated !== undefined;
  }

  /** Closes (with its reason) or reopens a case of the given lead agency that is in status `from`. */
  async setStatus(tx: Tx, caseId: string, leadAgencyId: string | null, move: { from: CaseStatus; to: CaseStatus; reason: string | null }): Promise<void> {
    await execute(
      tx,
      `UPDATE case_file SET status = $2, closed_at = CASE WHEN $2 = 'CLOSED' THEN now() ELSE NULL END, close_reason = $3,
              version = version + 1, updated_at = now() WHERE id = $1 AND status = $4 AND lead_agency_id = $5`,
      [caseId, move.to, move.reason, move.from, leadAgencyId],
    );
  }

  /** Sets or clears one flag of a case of the given lead agency. */
  async setFlag(tx: Tx, caseId: string, leadAgencyId: string | null, flag: CaseFlag, on: boolean): Promise<void> {
    await execute(
      tx,
      `UPDATE case_file SET flags = CASE WHEN $3 THEN array(SELECT DISTINCT unnest(flags || ARRAY[$2]::text[]) ORDER BY 1)
                                        ELSE array_remove(flags, $2) END,
              version = version + 1, updated_at = now()
        WHERE id = $1 AND lead_agency_id = $4`,
      [caseId, flag, on, leadAgencyId],
    );
  }

  /** The case's PRIMARY assignee becomes SECONDARY (a new PRIMARY is about to be assigned). */
  async demotePrimary(tx: Tx, caseId: string): Promise<void> {
    await execute(tx, `UPDATE assignment SET role = 'SECONDARY' WHERE case_id = $1 AND role = 'PRIMARY' AND active`, [caseId]);
  }

  async endAssignment(tx: Tx, caseId: string, userId: string): Promise<void> {
    await execute(tx, `UPDATE assignment SET active = false, ended_at = now() WHERE case_id = $1 AND user_id = $2 AND active`, [caseId, userId]);
  }
}
