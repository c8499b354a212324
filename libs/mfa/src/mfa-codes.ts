import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PiiCipher } from '@tandem/crypto';
import { AppConfig, Clock, Tx } from '@tandem/platform';
import { CodeAccepted, CodeRefusal } from './mfa.rules';
import { ChallengeRow, mfaSecretContext, MfaRepository } from './mfa.repository';
import { normalizeRecoveryCode, RecoveryCodeHasher } from './recovery-codes';
import { newTotpSecret, totpCodeStep, totpUri } from './totp';

/**
 * The second factor at sign-in: the challenge a right password earns, and the check of a code
 * (time-based, or one of the recovery codes). The lockout budget and the tokens are the sign-in's.
 */
@Injectable()
export class MfaCodes {
  private readonly recovery: RecoveryCodeHasher;

  constructor(
    private readonly repository: MfaRepository,
    private readonly cipher: PiiCipher,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.recovery = new RecoveryCodeHasher(config.values.BLIND_INDEX_KEY);
  }

  /** Whether the user signs in with a second factor (a confirmed one). */
  enrolled(tx: Tx, userId: string): Promise<boolean> {
    return this.repository.enrolled(tx, userId);
  }

  /** A new single-use challenge for the user, valid `MFA_CHALLENGE_SECONDS`; only its hash is stored. */
  async openChallenge(tx: Tx, userId: string): Promise<{ challenge: string; expiresAt: Date }> {
    const challenge = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + this.config.values.MFA_CHALLENGE_SECONDS * 1000);
    await this.repository.insertChallenge(tx, userId, hashOf(challenge), expiresAt);
    return { challenge, expiresAt };
  }

  /** The challenge the client holds, when it is one (used or not, expired or not: the caller tells them apart). */
  findChallenge(tx: Tx, challenge: string): Promise<ChallengeRow | null> {
    return this.repository.findChallenge(tx, hashOf(challenge));
  }

  isLive(challenge: ChallengeRow): boolean {
    return challenge.usedAt === null && challenge.expiresAt > this.clock.now();
  }

  takeChallenge(tx: Tx, challengeId: string): Promise<boolean> {
    return this.repository.takeChallenge(tx, challengeId, this.clock.now());
  }

  /**
   * Checks a code and, when it is taken, uses it up in `tx`: a time-based code's step (no code of that
   * step or an earlier one is taken again), or the recovery code. Six digits are a time-based code;
   * anything else is tried as a recovery code.
   */
  async check(tx: Tx, userId: string, code: string): Promise<CodeAccepted | CodeRefusal> {
    const factor = await this.repository.factor(tx, userId, true);
    if (!factor || factor.confirmedAt === null) return 'no second factor';
    const now = this.clock.now();
    const typed = code.trim();
    if (/^\d{6}$/.test(typed)) {
      const secret = this.cipher.decrypt(factor.secretSealed, mfaSecretContext(userId));
      const step = totpCodeStep(secret, typed, now);
      if (step === null) return 'wrong code';
      return (await this.repository.takeStep(tx, userId, step)) ? { method: 'TOTP' } : 'code already used';
    }
    const normalized = normalizeRecoveryCode(typed);
    if (!normalized) return 'wrong code';
    const taken = await this.repository.takeRecoveryCode(tx, userId, this.recovery.hash(userId, normalized), now);
    if (taken === 'unknown') return 'wrong code';
    if (taken === 'used') return 'code already used';
    return { method: 'RECOVERY_CODE', left: await this.repository.recoveryCodesLeft(tx, userId) };
  }

  /** A new secret for the user: in base32, sealed for their row, and as the URI an app reads (`MFA_ISSUER`). */
  newSecret(userId: string, label: string): { secret: string; sealed: string; uri: string } {
    const secret = newTotpSecret();
    return { secret, sealed: this.cipher.encrypt(secret, mfaSecretContext(userId)), uri: totpUri(secret, label, this.config.values.MFA_ISSUER) };
  }

  /** A given secret sealed for the user's row (the demo's, printed by its seed). */
  sealFor(userId: string, secret: string): string {
    return this.cipher.encrypt(secret, mfaSecretContext(userId));
  }

  /** The time step of a code of the sealed secret, now (within a step either side), or null. */
  stepOf(userId: string, secretSealed: string, code: string): number | null {
    return totpCodeStep(this.cipher.decrypt(secretSealed, mfaSecretContext(userId)), code.trim(), this.clock.now());
  }

  now(): Date {
    return this.clock.now();
  }

  /** The hashes of new recovery codes for the user. */
  recoveryHashes(userId: string, codes: readonly string[]): Buffer[] {
    return codes.map((code) => this.recovery.hash(userId, normalizeRecoveryCode(code)!));
  }
}

function hashOf(challenge: string): Buffer {
  return createHash('sha256').update(challenge).digest();
}
