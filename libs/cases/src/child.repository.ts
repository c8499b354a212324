import { Injectable } from '@nestjs/common';
import { execute, rows, Tx } from '@tandem/platform';

/** A child's record as stored: identity and location sealed apart, with the key that sealed them. */
export interface SealedChild {
  caseId: string;
  identitySealed: string;
  locationSealed: string | null;
}

export interface SealedChildValues {
  identity: string;
  location: string | null;
  keyId: string;
}

/** The child and child_lookup tables: each case's child, sealed, and the blind-index tokens that find it. */
@Injectable()
export class ChildRepository {
  async insert(tx: Tx, caseId: string, sealed: SealedChildValues): Promise<void> {
    await execute(tx, `INSERT INTO child (case_id, identity_sealed, location_sealed, key_id) VALUES ($1, $2, $3, $4)`, [caseId, sealed.identity, sealed.location, sealed.keyId]);
  }

  async update(tx: Tx, caseId: string, sealed: SealedChildValues): Promise<void> {
    await execute(tx, `UPDATE child SET identity_sealed = $2, location_sealed = $3, key_id = $4, updated_at = now() WHERE case_id = $1`, [
      caseId,
      sealed.identity,
      sealed.location,
      sealed.keyId,
    ]);
  }

  async replaceLookup(tx: Tx, caseId: string, tokens: Buffer[]): Promise<void> {
    await execute(tx, `DELETE FROM child_lookup WHERE case_id = $1`, [caseId]);
    const unique = [...new Map(tokens.map((token) => [token.toString('hex'), token])).values()];
    if (unique.length) {
      await execute(tx, `INSERT INTO child_lookup (case_id, token) SELECT $1, unnest($2::bytea[])`, [caseId, unique]);
    }
  }

  async sealed(tx: Tx, caseIds: readonly string[]): Promise<SealedChild[]> {
    return rows<SealedChild>(
      tx,
      `SELECT case_id AS "caseId", identity_sealed AS "identitySealed", location_sealed AS "locationSealed" FROM child WHERE case_id = ANY($1::uuid[])`,
      [caseIds],
    );
  }

  /**
   * Up to `limit` children not sealed with the current key (or sealed with one of `fromKeyIds`),
   * locked for their re-encryption: a child another transaction holds is waited for, never skipped.
   */
  async lockUnrotated(tx: Tx, currentKeyId: string, fromKeyIds: string[] | null, limit: number): Promise<SealedChild[]> {
    return rows<SealedChild>(
      tx,
      `SELECT case_id AS "caseId", identity_sealed AS "identitySealed", location_sealed AS "locationSealed"
         FROM child WHERE key_id <> $1 AND ($3::text[] IS NULL OR key_id = ANY($3::text[]))
        ORDER BY case_id LIMIT $2 FOR UPDATE`,
      [currentKeyId, limit, fromKeyIds],
    );
  }

  /** The cases whose child has the token (a name and date of birth), with their lead agency. */
  async casesByToken(tx: Tx, token: Buffer): Promise<{ caseId: string; leadAgencyId: string }[]> {
    return rows<{ caseId: string; leadAgencyId: string }>(
      tx,
      `SELECT DISTINCT c.id AS "caseId", c.lead_agency_id AS "leadAgencyId" FROM child_lookup l JOIN case_file c ON c.id = l.case_id WHERE l.token = $1`,
      [token],
    );
  }
}
