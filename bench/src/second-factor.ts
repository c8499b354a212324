import { Client } from 'pg';
import { mfaSecretContext } from '@tandem/mfa';
import { AppConfig } from '@tandem/platform';
import { BulkSealer } from './sealer';

/** The benchmark's authenticator secret (base32) for the users who sign in with a second factor. */
export const BENCH_TOTP_SECRET = 'BENCHSECRETFORSUPERVISORSXX23456';

/**
 * Gives the users a confirmed second factor with the benchmark's secret, sealed as the API seals one
 * (the supervisors and law-enforcement liaisons the benchmark signs in require one); a user who has
 * one keeps it. Answers how many were enrolled.
 */
export async function enrolSecondFactors(db: Client, env: NodeJS.ProcessEnv, userIds: readonly string[]): Promise<number> {
  const sealer = new BulkSealer(AppConfig.fromEnv(env));
  let enrolled = 0;
  for (const userId of userIds) {
    const { rowCount } = await db.query(
      `INSERT INTO user_mfa (user_id, secret_sealed, confirmed_at, last_used_step) VALUES ($1, $2, now(), 0) ON CONFLICT (user_id) DO NOTHING`,
      [userId, sealer.seal(BENCH_TOTP_SECRET, mfaSecretContext(userId))],
    );
    enrolled += rowCount ?? 0;
  }
  return enrolled;
}
