import { Injectable } from '@nestjs/common';
import { actorOf, AuditService } from '@tandem/audit';
import { Viewer } from '@tandem/authz';
import { BadInputError, ConflictError, Transactions } from '@tandem/platform';
import { MfaAudit } from './mfa.audit';
import { MfaCodes } from './mfa-codes';
import { MfaGate } from './mfa-gate';
import { MfaRepository } from './mfa.repository';
import { newRecoveryCodes } from './recovery-codes';

export interface EnrollmentStart {
  /** The `otpauth://` URI to show as a QR code. */
  uri: string;
  /** The same secret in base32, for typing into an app by hand. */
  secret: string;
}

export interface MfaStatusRecord {
  enrolled: boolean;
  required: boolean;
  recoveryCodesLeft: number;
}

/** A user enrolling their own second factor: a secret issued, then confirmed by a first code. */
@Injectable()
export class MfaEnrollmentService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: MfaRepository,
    private readonly codes: MfaCodes,
    private readonly gate: MfaGate,
    private readonly audit: AuditService,
  ) {}

  /**
   * A new secret, kept sealed and pending until a first code confirms it. Asking again before that
   * replaces it (the QR code was lost before it was scanned); a confirmed one is not replaced here.
   */
  async start(viewer: Viewer): Promise<EnrollmentStart> {
    const { secret, sealed, uri } = this.codes.newSecret(viewer.userId, viewer.email);
    await this.transactions.run(async (tx) => {
      if (!(await this.repository.savePending(tx, viewer.userId, sealed))) {
        throw new ConflictError('You have a second factor already; if you lost it, an administrator resets it and you enrol again');
      }
      await this.audit.record(tx, { actor: actorOf(viewer), action: MfaAudit.ENROLL_START, subjectType: 'User', subjectId: viewer.userId });
    });
    return { uri, secret };
  }

  /** Confirms the pending secret with a code from the app; answers the ten recovery codes, shown this once. */
  async confirm(viewer: Viewer, code: string): Promise<string[]> {
    const recoveryCodes = newRecoveryCodes();
    const outcome = await this.transactions.run(async (tx): Promise<'confirmed' | 'no pending' | 'wrong code'> => {
      const factor = await this.repository.factor(tx, viewer.userId, true);
      if (!factor || factor.confirmedAt !== null) return 'no pending';
      const step = this.codes.stepOf(viewer.userId, factor.secretSealed, code);
      if (step === null) return 'wrong code';
      await this.repository.confirm(tx, viewer.userId, step, this.codes.now());
      await this.repository.replaceRecoveryCodes(tx, viewer.userId, this.codes.recoveryHashes(viewer.userId, recoveryCodes));
      await this.audit.record(tx, { actor: actorOf(viewer), action: MfaAudit.ENROLL, subjectType: 'User', subjectId: viewer.userId, details: { method: 'TOTP' } });
      return 'confirmed';
    });
    if (outcome === 'no pending') throw new ConflictError('There is no enrolment to confirm: start one (startMfaEnrollment) first');
    if (outcome === 'wrong code') {
      await this.transactions.run((tx) =>
        this.audit.record(tx, { actor: actorOf(viewer), action: MfaAudit.ENROLL, outcome: 'DENIED', reason: 'wrong code', subjectType: 'User', subjectId: viewer.userId }),
      );
      throw BadInputError.field('code', 'is not the code your app shows now');
    }
    return recoveryCodes;
  }

  async status(viewer: Viewer): Promise<MfaStatusRecord> {
    const tx = this.transactions.manager;
    const [enrolled, required, recoveryCodesLeft] = await Promise.all([
      this.repository.enrolled(tx, viewer.userId),
      this.gate.required(tx, viewer),
      this.repository.recoveryCodesLeft(tx, viewer.userId),
    ]);
    return { enrolled, required, recoveryCodesLeft };
  }
}
