import { Injectable } from '@nestjs/common';
import { execute, firstRow, rows, Tx } from '@tandem/platform';
import { ScopeBasis } from './membership-basis';

/** An agency's active membership of a case, as a change to it reads it. */
export interface HeldMembership {
  id: string;
  role: 'LEAD' | 'PARTNER';
  scopes: string[];
  consentScopes: string[];
}

/**
 * The statements that change who takes part in a case (the lead, the partners, their assigned
 * users) on behalf of another domain's act: a referral accepted, a handoff accepted. The caller
 * holds the case's row lock where a statement says so.
 */
@Injectable()
export class MembershipRepository {
  /** Locks the case row: two acts admitting agencies to one case run one after the other. */
  async lockCase(tx: Tx, caseId: string): Promise<void> {
    await execute(tx, `SELECT 1 FROM case_file WHERE id = $1 FOR UPDATE`, [caseId]);
  }

  /** The agency's active membership of the case, locked for the caller's change, or undefined. */
  lockHeld(tx: Tx, caseId: string, agencyId: string): Promise<HeldMembership | undefined> {
    return firstRow<HeldMembership>(tx, `SELECT id, role, scopes, consent_scopes AS "consentScopes" FROM membership WHERE case_id = $1 AND agency_id = $2 AND active FOR UPDATE`, [
      caseId,
      agencyId,
    ]);
  }

  /** Sets what a locked membership holds, each scope with its consent basis (`grantScopes`). */
  async widen(tx: Tx, membershipId: string, basis: ScopeBasis): Promise<void> {
    await execute(tx, `UPDATE membership SET scopes = $2, consent_scopes = $3 WHERE id = $1`, [membershipId, basis.scopes, basis.consentScopes]);
  }

  async insert(tx: Tx, input: { caseId: string; agencyId: string; role: 'LEAD' | 'PARTNER'; grantedVia: string } & ScopeBasis): Promise<string> {
    const [row] = await rows<{ id: string }>(
      tx,
      `INSERT INTO membership (case_id, agency_id, role, scopes, granted_via, consent_scopes) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [input.caseId, input.agencyId, input.role, input.scopes, input.grantedVia, input.consentScopes],
    );
    return row!.id;
  }

  /** Assigns a user as SECONDARY, assigned by themselves; nothing changes when they are already assigned. */
  async assignSecondary(tx: Tx, caseId: string, userId: string, agencyId: string): Promise<void> {
    await execute(
      tx,
      `INSERT INTO assignment (case_id, user_id, agency_id, role, assigned_by) VALUES ($1, $2, $3, 'SECONDARY', $2)
       ON CONFLICT (case_id, user_id) WHERE active DO NOTHING`,
      [caseId, userId, agencyId],
    );
  }

  /** Moves the case's lead (and its jurisdiction) from one agency to another; false when the lead had already moved. */
  async moveLead(tx: Tx, caseId: string, fromAgencyId: string, toAgencyId: string, jurisdictionId: string): Promise<boolean> {
    const moved = await firstRow<{ id: string }>(
      tx,
      `UPDATE case_file SET lead_agency_id = $2, jurisdiction_id = $3, version = version + 1, updated_at = now()
        WHERE id = $1 AND lead_agency_id = $4 RETURNING id`,
      [caseId, toAgencyId, jurisdictionId, fromAgencyId],
    );
    return moved !== undefined;
  }

  /** The former lead's membership becomes a partner's, granted via HANDOFF, holding `scopes` without consent. */
  async demoteToPartner(tx: Tx, caseId: string, agencyId: string, scopes: readonly string[]): Promise<void> {
    await execute(
      tx,
      `UPDATE membership SET role = 'PARTNER', scopes = $3, consent_scopes = '{}', granted_via = 'HANDOFF'
        WHERE case_id = $1 AND agency_id = $2 AND active`,
      [caseId, agencyId, scopes],
    );
  }

  /** The agency's active membership becomes the lead's, holding `scopes` without consent; false when it has none. */
  async promoteToLead(tx: Tx, caseId: string, agencyId: string, scopes: readonly string[]): Promise<boolean> {
    const promoted = await firstRow<{ id: string }>(tx, `UPDATE membership SET role = 'LEAD', scopes = $3, consent_scopes = '{}' WHERE case_id = $1 AND agency_id = $2 AND active RETURNING id`, [
      caseId,
      agencyId,
      scopes,
    ]);
    return promoted !== undefined;
  }

  /** The agency's active PRIMARY assignee stays on the case as SECONDARY. */
  async demotePrimary(tx: Tx, caseId: string, agencyId: string): Promise<void> {
    await execute(tx, `UPDATE assignment SET role = 'SECONDARY' WHERE case_id = $1 AND agency_id = $2 AND role = 'PRIMARY' AND active`, [caseId, agencyId]);
  }

  /** Of the scopes, those no active consent of the case covers for the agency (by id or by type) at `now`. */
  async uncoveredScopes(tx: Tx, caseId: string, agencyId: string, agencyType: string, scopes: readonly string[], now: Date): Promise<string[]> {
    const uncovered = await rows<{ scope: string }>(
      tx,
      `SELECT s AS scope FROM unnest($2::text[]) s
        WHERE NOT EXISTS (SELECT 1 FROM consent k WHERE k.case_id = $1 AND s = ANY(k.scopes) AND k.revoked_at IS NULL
                            AND k.effective_at <= $5 AND (k.expires_at IS NULL OR k.expires_at > $5)
                            AND ($3::uuid = ANY(k.agency_ids) OR $4 = ANY(k.agency_types)))`,
      [caseId, scopes, agencyId, agencyType, now],
    );
    return uncovered.map((row) => row.scope);
  }
}
