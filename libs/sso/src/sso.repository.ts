import { Injectable } from '@nestjs/common';
import { execute, firstRow, Tx } from '@tandem/platform';
import { AgencySsoRecord, AgencySsoWithSecret } from './sso.types';

const SETTINGS = `agency_id AS "agencyId", issuer, client_id AS "clientId", trust_provider_mfa AS "trustProviderMfa",
  accepted_amr AS "acceptedAmr", accepted_acr AS "acceptedAcr", enabled, updated_at AS "updatedAt"`;

export interface SsoSessionRow {
  amr: string[];
  acr: string | null;
  mfaSatisfied: boolean;
}

/** Agencies' identity providers (their client secrets sealed by the caller), linked subjects, and sessions opened through a provider. */
/** The unique index that lets an account hold one subject per provider. */
export const SSO_ONE_SUBJECT_PER_ACCOUNT = 'sso_identity_user_key';

@Injectable()
export class SsoRepository {
  async find(tx: Tx, agencyId: string): Promise<AgencySsoRecord | null> {
    return (await firstRow<AgencySsoRecord>(tx, `SELECT ${SETTINGS} FROM agency_sso WHERE agency_id = $1`, [agencyId])) ?? null;
  }

  async findWithSecret(tx: Tx, agencyId: string): Promise<AgencySsoWithSecret | null> {
    const row = await firstRow<AgencySsoWithSecret>(
      tx,
      `SELECT ${SETTINGS}, client_secret_sealed AS "clientSecretSealed" FROM agency_sso WHERE agency_id = $1`,
      [agencyId],
    );
    return row ?? null;
  }

  /** Sets the agency's provider; a null sealed secret keeps the one it has (the caller has checked there is one). Answers the settings as stored. */
  async upsert(tx: Tx, settings: Omit<AgencySsoRecord, 'updatedAt'>, secretSealed: string | null, now: Date): Promise<AgencySsoRecord> {
    const values = [settings.agencyId, settings.issuer, settings.clientId, settings.trustProviderMfa, settings.acceptedAmr, settings.acceptedAcr, settings.enabled, now];
    if (secretSealed === null) {
      const kept = await firstRow<AgencySsoRecord>(
        tx,
        `UPDATE agency_sso SET issuer = $2, client_id = $3, trust_provider_mfa = $4, accepted_amr = $5, accepted_acr = $6, enabled = $7, updated_at = $8
         WHERE agency_id = $1 RETURNING ${SETTINGS}`,
        values,
      );
      return kept!;
    }
    const row = await firstRow<AgencySsoRecord>(
      tx,
      `INSERT INTO agency_sso (agency_id, issuer, client_id, trust_provider_mfa, accepted_amr, accepted_acr, enabled, updated_at, client_secret_sealed)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (agency_id) DO UPDATE SET issuer = EXCLUDED.issuer, client_id = EXCLUDED.client_id, client_secret_sealed = EXCLUDED.client_secret_sealed,
         trust_provider_mfa = EXCLUDED.trust_provider_mfa, accepted_amr = EXCLUDED.accepted_amr, accepted_acr = EXCLUDED.accepted_acr,
         enabled = EXCLUDED.enabled, updated_at = EXCLUDED.updated_at
       RETURNING ${SETTINGS}`,
      [...values, secretSealed],
    );
    return row!;
  }

  /** The user a provider's subject is linked to, if any. */
  async linkedUser(tx: Tx, issuer: string, subject: string): Promise<string | null> {
    const row = await firstRow<{ userId: string }>(tx, `SELECT user_id AS "userId" FROM sso_identity WHERE issuer = $1 AND subject = $2`, [issuer, subject]);
    return row?.userId ?? null;
  }

  /** Whether the user is linked to a subject of this provider other than the one given. */
  async linkedElsewhere(tx: Tx, issuer: string, userId: string, subject: string): Promise<boolean> {
    const row = await firstRow<{ one: number }>(tx, `SELECT 1 AS one FROM sso_identity WHERE issuer = $1 AND user_id = $2 AND subject <> $3`, [issuer, userId, subject]);
    return row !== undefined;
  }

  /** Links the subject to the user (first sign-in), or notes the sign-in of a linked one. */
  async recordSignIn(tx: Tx, link: { issuer: string; subject: string; userId: string; agencyId: string }, now: Date): Promise<void> {
    await execute(
      tx,
      `INSERT INTO sso_identity (issuer, subject, user_id, agency_id, linked_at, last_sign_in_at) VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT (issuer, subject) DO UPDATE SET last_sign_in_at = EXCLUDED.last_sign_in_at`,
      [link.issuer, link.subject, link.userId, link.agencyId, now],
    );
  }

  async insertSession(
    tx: Tx,
    session: { sessionId: string; agencyId: string; issuer: string; amr: string[]; acr: string | null; asserted: boolean; satisfied: boolean },
    now: Date,
  ): Promise<void> {
    await execute(
      tx,
      `INSERT INTO sso_session (session_id, agency_id, issuer, amr, acr, provider_mfa, mfa_satisfied, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [session.sessionId, session.agencyId, session.issuer, session.amr, session.acr, session.asserted, session.satisfied, now],
    );
  }

  async findSession(tx: Tx, sessionId: string): Promise<SsoSessionRow | null> {
    const row = await firstRow<SsoSessionRow>(
      tx,
      `SELECT amr, acr, mfa_satisfied AS "mfaSatisfied" FROM sso_session WHERE session_id = $1`,
      [sessionId],
    );
    return row ?? null;
  }
}
