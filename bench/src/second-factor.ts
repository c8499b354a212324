import { Client } from 'pg';
import { mfaSecretContext } from '@tandem/mfa';
import { AppConfig } from '@tandem/platform';
import { BulkSealer } from './sealer';

/** The benchmark's authenticator secret (base32) for the users who sign in with a second factor. */
export const BENCH_TOTP_SECRET = 'BENCHSECRETFORSUPERVISORSXX23456';

/** Where the second factors are written, set once per run by {@link useSecondFactors}. */
let target: { db: Client; sealer: BulkSealer } | null = null;

/** The run's database and the API's configuration (its keyring seals the secrets). */
export function useSecondFactors(db: Client, env: NodeJS.ProcessEnv): void {
  target = { db, sealer: new BulkSealer(AppConfig.fromEnv(env)) };
}

/**
 * Gives the users the API requires a second factor of by default (supervisors, admins, auditors, and
 * every user of a law-enforcement or prosecution agency) a confirmed one with the benchmark's
 * secret, sealed as the API seals one; a user who has one keeps it. Answers how many were enrolled.
 */
export async function enrolSecondFactors(userIds: readonly string[]): Promise<number> {
  if (!target || userIds.length === 0) return 0;
  const { rows } = await target.db.query<{ id: string }>(
    `SELECT u.id FROM app_user u LEFT JOIN agency a ON a.id = u.agency_id
      WHERE u.id = ANY($1::uuid[])
        AND (u.role IN ('SUPERVISOR', 'AGENCY_ADMIN', 'AUDITOR', 'SYSTEM_ADMIN') OR a.type IN ('LAW_ENFORCEMENT', 'PROSECUTION'))`,
    [userIds],
  );
  let enrolled = 0;
  for (const { id } of rows) {
    const { rowCount } = await target.db.query(
      `INSERT INTO user_mfa (user_id, secret_sealed, confirmed_at, last_used_step) VALUES ($1, $2, now(), 0) ON CONFLICT (user_id) DO NOTHING`,
      [id, target.sealer.seal(BENCH_TOTP_SECRET, mfaSecretContext(id))],
    );
    enrolled += rowCount ?? 0;
  }
  return enrolled;
}
