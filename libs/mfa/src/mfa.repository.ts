import { Injectable } from '@nestjs/common';
import { SealedTextTable } from '@tandem/crypto';
import { execute, firstRow, rows, Tx } from '@tandem/platform';

/** The context a user's secret is sealed under: it opens only on that user's row. */
export const mfaSecretContext = (userId: string) => `user-mfa:${userId}:secret`;
/** The secrets are sealed with the case data's keyring: `keys:rotate` re-seals them too. */
export const MFA_SEALED_TEXT: SealedTextTable = { table: 'user_mfa', key: 'user_id', columns: { secret_sealed: mfaSecretContext } };

export interface FactorRow {
  secretSealed: string;
  confirmedAt: Date | null;
  lastUsedStep: string | null;
}

export interface ChallengeRow {
  id: string;
  userId: string;
  expiresAt: Date;
  usedAt: Date | null;
}

/** Second factors (`user_mfa`), their recovery codes (`mfa_recovery_code`) and sign-in challenges (`mfa_challenge`). */
@Injectable()
export class MfaRepository {
  async factor(tx: Tx, userId: string, lock = false): Promise<FactorRow | null> {
    const row = await firstRow<FactorRow>(
      tx,
      `SELECT secret_sealed AS "secretSealed", confirmed_at AS "confirmedAt", last_used_step::text AS "lastUsedStep"
         FROM user_mfa WHERE user_id = $1${lock ? ' FOR UPDATE' : ''}`,
      [userId],
    );
    return row ?? null;
  }

  async enrolled(tx: Tx, userId: string): Promise<boolean> {
    const row = await firstRow<{ enrolled: boolean }>(tx, `SELECT EXISTS (SELECT 1 FROM user_mfa WHERE user_id = $1 AND confirmed_at IS NOT NULL) AS enrolled`, [userId]);
    return row!.enrolled;
  }

  /** Keeps a new secret waiting for its first code; false when the user has a confirmed one (it is not replaced this way). */
  async savePending(tx: Tx, userId: string, secretSealed: string): Promise<boolean> {
    const saved = await rows<{ userId: string }>(
      tx,
      `INSERT INTO user_mfa (user_id, secret_sealed) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET secret_sealed = EXCLUDED.secret_sealed, last_used_step = NULL, created_at = now()
         WHERE user_mfa.confirmed_at IS NULL
       RETURNING user_id AS "userId"`,
      [userId, secretSealed],
    );
    return saved.length > 0;
  }

  /** The pending secret is confirmed by a code of `step`, which is used up with it. */
  async confirm(tx: Tx, userId: string, step: number, at: Date): Promise<boolean> {
    const done = await rows<{ userId: string }>(
      tx,
      `UPDATE user_mfa SET confirmed_at = $3, last_used_step = $2 WHERE user_id = $1 AND confirmed_at IS NULL RETURNING user_id AS "userId"`,
      [userId, step, at],
    );
    return done.length > 0;
  }

  /**
   * Uses up the time step of an accepted code: false when a code of that step or a later one was
   * already taken, so that a code seen over someone's shoulder, or sent twice, is not taken again.
   */
  async takeStep(tx: Tx, userId: string, step: number): Promise<boolean> {
    const taken = await rows<{ userId: string }>(
      tx,
      `UPDATE user_mfa SET last_used_step = $2
        WHERE user_id = $1 AND confirmed_at IS NOT NULL AND (last_used_step IS NULL OR last_used_step < $2)
        RETURNING user_id AS "userId"`,
      [userId, step],
    );
    return taken.length > 0;
  }

  async replaceRecoveryCodes(tx: Tx, userId: string, hashes: Buffer[]): Promise<void> {
    await execute(tx, `DELETE FROM mfa_recovery_code WHERE user_id = $1`, [userId]);
    await execute(tx, `INSERT INTO mfa_recovery_code (user_id, code_hash) SELECT $1, unnest($2::bytea[])`, [userId, hashes]);
  }

  /** Uses up the recovery code: 'taken', 'used' when it was used before, or 'unknown'. */
  async takeRecoveryCode(tx: Tx, userId: string, hash: Buffer, at: Date): Promise<'taken' | 'used' | 'unknown'> {
    const row = await firstRow<{ usedAt: Date | null }>(
      tx,
      `WITH code AS (SELECT id, used_at FROM mfa_recovery_code WHERE user_id = $1 AND code_hash = $2 FOR UPDATE),
            taken AS (UPDATE mfa_recovery_code r SET used_at = $3 FROM code WHERE r.id = code.id AND code.used_at IS NULL RETURNING r.id)
       SELECT code.used_at AS "usedAt" FROM code`,
      [userId, hash, at],
    );
    if (!row) return 'unknown';
    return row.usedAt === null ? 'taken' : 'used';
  }

  async recoveryCodesLeft(tx: Tx, userId: string): Promise<number> {
    const row = await firstRow<{ left: number }>(tx, `SELECT count(*)::int AS left FROM mfa_recovery_code WHERE user_id = $1 AND used_at IS NULL`, [userId]);
    return row!.left;
  }

  /** Removes the user's second factor, its recovery codes and open challenges; false when there was none. */
  async remove(tx: Tx, userId: string): Promise<boolean> {
    await execute(tx, `DELETE FROM mfa_recovery_code WHERE user_id = $1`, [userId]);
    await execute(tx, `DELETE FROM mfa_challenge WHERE user_id = $1`, [userId]);
    return (await execute(tx, `DELETE FROM user_mfa WHERE user_id = $1`, [userId])) > 0;
  }

  async insertChallenge(tx: Tx, userId: string, tokenHash: Buffer, expiresAt: Date): Promise<string> {
    const row = await firstRow<{ id: string }>(tx, `INSERT INTO mfa_challenge (user_id, token_hash, expires_at) VALUES ($1, $2, $3) RETURNING id`, [
      userId,
      tokenHash,
      expiresAt,
    ]);
    return row!.id;
  }

  async findChallenge(tx: Tx, tokenHash: Buffer): Promise<ChallengeRow | null> {
    const row = await firstRow<ChallengeRow>(
      tx,
      `SELECT id, user_id AS "userId", expires_at AS "expiresAt", used_at AS "usedAt" FROM mfa_challenge WHERE token_hash = $1`,
      [tokenHash],
    );
    return row ?? null;
  }

  /** Uses up the challenge; false when another request used it first. Ended challenges older than a day are cleared on the way. */
  async takeChallenge(tx: Tx, id: string, at: Date): Promise<boolean> {
    const taken = await rows<{ id: string }>(tx, `UPDATE mfa_challenge SET used_at = $2 WHERE id = $1 AND used_at IS NULL RETURNING id`, [id, at]);
    await execute(tx, `DELETE FROM mfa_challenge WHERE expires_at < $1::timestamptz - interval '1 day'`, [at]);
    return taken.length > 0;
  }
}
