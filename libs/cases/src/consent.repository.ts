import { Injectable } from '@nestjs/common';
import { AgencyType, CONSENTED_SCOPES, DataScope } from '@tandem/authz';
import { execute, firstRow, rows, Tx } from '@tandem/platform';
import { ConsentGrantor, ConsentRecord } from './cases.types';

const CONSENT_COLUMNS = `id, case_id AS "caseId", granted_by AS "grantedBy", scopes, agency_ids AS "agencyIds",
  agency_types AS "agencyTypes", purpose, effective_at AS "effectiveAt", expires_at AS "expiresAt", revoked_at AS "revokedAt"`;

/** Scopes a consent-based membership loses when the consent that fed them ends. */
export interface WithdrawnScopes {
  membershipId: string;
  agencyId: string;
  scopes: string[];
}

/** The consent table, and the scopes of the memberships that consents feed. */
@Injectable()
export class ConsentRepository {
  async insert(
    tx: Tx,
    input: {
      caseId: string;
      grantedBy: ConsentGrantor;
      scopes: DataScope[];
      agencyIds: string[];
      agencyTypes: AgencyType[];
      purpose: string;
      effectiveAt: Date;
      expiresAt: Date | null;
      recordedBy: string;
    },
  ): Promise<ConsentRecord> {
    const row = await firstRow<ConsentRecord>(
      tx,
      `INSERT INTO consent (case_id, granted_by, scopes, agency_ids, agency_types, purpose, effective_at, expires_at, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       RETURNING ${CONSENT_COLUMNS}`,
      [input.caseId, input.grantedBy, input.scopes, input.agencyIds, input.agencyTypes, input.purpose, input.effectiveAt, input.expiresAt, input.recordedBy],
    );
    return row!;
  }

  /** The case a consent is about, or `null` when there is no such consent. */
  async caseOf(tx: Tx, id: string): Promise<string | null> {
    return (await firstRow<{ caseId: string }>(tx, `SELECT case_id AS "caseId" FROM consent WHERE id = $1`, [id]))?.caseId ?? null;
  }

  async find(tx: Tx, id: string): Promise<{ id: string; revokedAt: Date | null; expiresAt: Date | null } | null> {
    const row = await firstRow<{ id: string; revokedAt: Date | null; expiresAt: Date | null }>(
      tx,
      `SELECT id, revoked_at AS "revokedAt", expires_at AS "expiresAt" FROM consent WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** Revokes a consent not revoked yet; `null` when it already was. */
  async revoke(tx: Tx, id: string, at: Date, by: string): Promise<ConsentRecord | null> {
    const row = await firstRow<ConsentRecord>(tx, `UPDATE consent SET revoked_at = $2, revoked_by = $3 WHERE id = $1 AND revoked_at IS NULL RETURNING ${CONSENT_COLUMNS}`, [id, at, by]);
    return row ?? null;
  }

  async ofCases(tx: Tx, caseIds: readonly string[]): Promise<ConsentRecord[]> {
    return rows<ConsentRecord>(tx, `SELECT ${CONSENT_COLUMNS} FROM consent WHERE case_id = ANY($1::uuid[]) ORDER BY created_at`, [caseIds]);
  }

  /**
   * For each consent-based membership the ended consent fed, the scopes it covered that no other
   * consent active at `now` still covers (possibly none).
   */
  async scopesRestingOn(tx: Tx, consentId: string, now: Date): Promise<WithdrawnScopes[]> {
    return rows<WithdrawnScopes>(
      tx,
      `SELECT m.id AS "membershipId", m.agency_id AS "agencyId",
              array(SELECT s FROM unnest(m.consent_scopes) s
                     WHERE s = ANY(ended.scopes) AND s = ANY($3::text[])
                       AND NOT EXISTS (SELECT 1 FROM consent k
                                        WHERE k.case_id = m.case_id AND k.id <> ended.id AND s = ANY(k.scopes) AND k.revoked_at IS NULL
                                          AND k.effective_at <= $2 AND (k.expires_at IS NULL OR k.expires_at > $2)
                                          AND (m.agency_id = ANY(k.agency_ids) OR a.type = ANY(k.agency_types)))) AS scopes
         FROM consent ended
         JOIN membership m ON m.case_id = ended.case_id AND m.active AND cardinality(m.consent_scopes) > 0
         JOIN agency a ON a.id = m.agency_id
        WHERE ended.id = $1 AND (m.agency_id = ANY(ended.agency_ids) OR a.type = ANY(ended.agency_types))`,
      [consentId, now, CONSENTED_SCOPES],
    );
  }

  async withdrawScopes(tx: Tx, membershipId: string, scopes: readonly string[]): Promise<void> {
    await execute(tx, `UPDATE membership SET scopes = array(SELECT s FROM unnest(scopes) s WHERE NOT s = ANY($2::text[])),
                              consent_scopes = array(SELECT s FROM unnest(consent_scopes) s WHERE NOT s = ANY($2::text[])) WHERE id = $1`, [membershipId, scopes]);
  }
}
