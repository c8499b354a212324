import { Injectable } from '@nestjs/common';
import { AgencyType } from '@tandem/authz';
import { firstRow, rows, Tx } from '@tandem/platform';
import { AgencyRecord } from './identity.types';

const COLUMNS = `id, name, type, jurisdiction_id AS "jurisdictionId", contact_email AS "contactEmail",
  contact_phone AS "contactPhone", active, created_at AS "createdAt"`;

/**
 * An agency as one JSON column of another query, for queries that bring their rows' agencies
 * along (and prime the request's agency loader with them: IdentityLoaders.primeAgencies).
 */
export const agencyJson = (alias: string) =>
  `json_build_object('id', ${alias}.id, 'name', ${alias}.name, 'type', ${alias}.type, 'jurisdictionId', ${alias}.jurisdiction_id, ` +
  `'contactEmail', ${alias}.contact_email, 'contactPhone', ${alias}.contact_phone, 'active', ${alias}.active, 'createdAt', ${alias}.created_at)`;

/** An agency read back from {@link agencyJson}. */
export function agencyFromJson(value: Omit<AgencyRecord, 'createdAt'> & { createdAt: string }): AgencyRecord {
  return { ...value, createdAt: new Date(value.createdAt) };
}

@Injectable()
export class AgencyRepository {
  async insert(
    tx: Tx,
    input: { name: string; type: AgencyType; jurisdictionId: string; contactEmail?: string | null; contactPhone?: string | null },
  ): Promise<AgencyRecord> {
    const row = await firstRow<AgencyRecord>(
      tx,
      `INSERT INTO agency (name, type, jurisdiction_id, contact_email, contact_phone)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [input.name, input.type, input.jurisdictionId, input.contactEmail ?? null, input.contactPhone ?? null],
    );
    return row!;
  }

  async findById(tx: Tx, id: string): Promise<AgencyRecord | null> {
    const row = await firstRow<AgencyRecord>(tx, `SELECT ${COLUMNS} FROM agency WHERE id = $1`, [id]);
    return row ?? null;
  }

  async findByIds(tx: Tx, ids: readonly string[]): Promise<AgencyRecord[]> {
    return rows<AgencyRecord>(tx, `SELECT ${COLUMNS} FROM agency WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** Whether the agency may be signed in to: `false` when it is deactivated or the id names none. */
  async isActive(tx: Tx, id: string): Promise<boolean> {
    const row = await firstRow<{ active: boolean }>(tx, `SELECT active FROM agency WHERE id = $1`, [id]);
    return row?.active ?? false;
  }

  /** What the second-factor rule reads of an agency: its type, and whether it requires a second factor of all its users. */
  async mfaRule(tx: Tx, id: string): Promise<{ type: AgencyType; mfaRequired: boolean } | null> {
    const row = await firstRow<{ type: AgencyType; mfaRequired: boolean }>(tx, `SELECT type, mfa_required AS "mfaRequired" FROM agency WHERE id = $1`, [id]);
    return row ?? null;
  }

  /** Sets the agency's own rule; false when no agency has the id. */
  async setMfaRequired(tx: Tx, id: string, required: boolean): Promise<boolean> {
    const changed = await rows<{ id: string }>(tx, `UPDATE agency SET mfa_required = $2 WHERE id = $1 RETURNING id`, [id, required]);
    return changed.length > 0;
  }

  /** The active law-enforcement agency a report may be made to, or `null` when the id names none. */
  async findReportable(tx: Tx, id: string): Promise<{ id: string } | null> {
    const row = await firstRow<{ id: string }>(tx, `SELECT id FROM agency WHERE id = $1 AND active AND type = $2`, [id, AgencyType.LAW_ENFORCEMENT]);
    return row ?? null;
  }

  async findByName(tx: Tx, jurisdictionId: string, name: string): Promise<AgencyRecord | null> {
    const row = await firstRow<AgencyRecord>(tx, `SELECT ${COLUMNS} FROM agency WHERE jurisdiction_id = $1 AND lower(name) = lower($2)`, [
      jurisdictionId,
      name,
    ]);
    return row ?? null;
  }

  async list(tx: Tx, filter: { jurisdictionId?: string | null; type?: AgencyType | null }): Promise<AgencyRecord[]> {
    return rows<AgencyRecord>(
      tx,
      `SELECT ${COLUMNS} FROM agency
        WHERE ($1::uuid IS NULL OR jurisdiction_id = $1) AND ($2::text IS NULL OR type = $2)
        ORDER BY name, id`,
      [filter.jurisdictionId ?? null, filter.type ?? null],
    );
  }
}
