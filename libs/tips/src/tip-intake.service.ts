import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ANONYMOUS, AuditService } from '@tandem/audit';
import { AppConfig, BadInputError, Clock, FieldProblem, Transactions } from '@tandem/platform';
import { newFollowUpCode, normalizeFollowUpCode, TipHashes } from './follow-up-code';
import { anonymously, TipGate } from './tip-gate';
import { TipDispatch } from './tip-dispatch';
import { TipRepository } from './tip.repository';
import { normalizePlace, TIP_PROGRESS, TipDetails, TipProgress, TipRecord } from './tips.types';

/** A tip as its sender wrote it. */
export interface TipSubmission {
  jurisdictionId: string;
  whatSeen: string;
  place?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  seenAt?: Date | null;
  ongoing?: boolean | null;
  people?: { approximateAge?: number | null; description?: string | null }[] | null;
  vehicles?: string[] | null;
  onlineHandles?: string[] | null;
  childInDangerNow: boolean;
  howKnown?: string | null;
  contact?: string | null;
}

export interface TipIntakeReceipt {
  /** The follow-up code: shown this once, kept only as a hash. */
  followUpCode: string;
  progress: TipProgress;
}

/** What a follow-up answers, the same for a right code, a wrong one and another tip's. */
export interface TipFollowUpAnswer {
  progress: TipProgress;
}

const YEAR = 365 * 24 * 3600_000;
/** A clock a little ahead of ours is not a tip from the future. */
const CLOCK_SLACK_MS = 10 * 60_000;

/**
 * The tip line's public side (docs/design.md, "Anonymous tips"): a tip submitted without an
 * account, and followed up with its code. Every step runs with the sender's address and user
 * agent forgotten (`anonymously`); the rate limit reads the address once, to hash it.
 */
@Injectable()
export class TipIntake {
  private readonly hashes: TipHashes;

  constructor(
    private readonly transactions: Transactions,
    private readonly tips: TipRepository,
    private readonly gate: TipGate,
    private readonly audit: AuditService,
    private readonly dispatch: TipDispatch,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.hashes = new TipHashes(config.values.TIP_CODE_KEY);
  }

  /** The jurisdictions a tip may be sent to, each to its police. */
  jurisdictions(): Promise<{ id: string; code: string; name: string }[]> {
    return this.dispatch.jurisdictionList(this.transactions.manager);
  }

  async submit(input: TipSubmission, proof: string): Promise<TipIntakeReceipt> {
    await this.gate.admit();
    return anonymously(async () => {
      const now = this.clock.now();
      const problems = this.problems(input, now);
      if (problems.length) throw new BadInputError(problems);
      if (!(await this.dispatch.jurisdictionExists(this.transactions.manager, input.jurisdictionId))) throw BadInputError.field('input.jurisdictionId', 'does not name a jurisdiction');
      await this.gate.spend(proof);
      const { followUpCode } = await this.accept(input, now);
      return { followUpCode, progress: TipProgress.RECEIVED };
    });
  }

  /**
   * Records a tip that passed the gate (or the demo data set's, which has none), with its clocks and
   * alerts, and returns its new follow-up code. The caller has checked the input.
   */
  async accept(input: TipSubmission, now: Date): Promise<{ followUpCode: string; tip: TipRecord }> {
    const followUpCode = newFollowUpCode();
    const details: TipDetails = {
      whatSeen: input.whatSeen,
      place: input.place ?? null,
      people: (input.people ?? []).map((person) => ({ approximateAge: person.approximateAge ?? null, description: person.description ?? null })),
      vehicles: input.vehicles ?? [],
      onlineHandles: input.onlineHandles ?? [],
      howKnown: input.howKnown ?? null,
    };
    const tip = await this.transactions.run(async (tx) => {
      const id = randomUUID();
      const reference = await this.tips.nextReference(tx, now.getUTCFullYear());
      const inserted = await this.tips.insert(
        tx,
        {
          id,
          jurisdictionId: input.jurisdictionId,
          dangerNow: input.childInDangerNow,
          seenAt: input.seenAt ?? null,
          ongoing: input.ongoing ?? false,
          latitude: input.latitude ?? null,
          longitude: input.longitude ?? null,
          placeIndex: input.place ? this.hashes.place(normalizePlace(input.place)) : null,
          details,
          contact: input.contact ?? null,
          codeHash: this.hashes.code(normalizeFollowUpCode(followUpCode)!),
          submittedAt: now,
        },
        reference,
      );
      await this.audit.record(tx, {
        actor: ANONYMOUS,
        action: 'TIP_SUBMIT',
        subjectType: 'Tip',
        subjectId: inserted.id,
        details: { reference, jurisdictionId: inserted.jurisdictionId, dangerNow: inserted.dangerNow, contactGiven: inserted.contact !== null },
      });
      await this.dispatch.arrived(tx, inserted, now);
      return inserted;
    });
    return { followUpCode, tip };
  }

  /** The tip's coarse status. A code that names no tip answers as a tip just received. */
  async status(code: string, proof: string): Promise<TipFollowUpAnswer> {
    await this.gate.admit();
    return anonymously(async () => {
      const hash = this.codeHash(code);
      await this.gate.spend(proof);
      return this.transactions.run(async (tx) => {
        const tip = await this.tips.findByCode(tx, hash);
        await this.audit.record(tx, tip ? { actor: ANONYMOUS, action: 'TIP_FOLLOW_UP_READ', subjectType: 'Tip', subjectId: tip.id } : { actor: ANONYMOUS, action: 'TIP_FOLLOW_UP_READ', outcome: 'DENIED', reason: 'no tip has this code' });
        return { progress: tip ? TIP_PROGRESS[tip.status] : TipProgress.RECEIVED };
      });
    });
  }

  /**
   * Adds what the tipster learned since, to the tip the code names. A code that names no tip
   * answers exactly as one that does (and stores nothing), so that codes cannot be tried out.
   */
  async add(code: string, proof: string, input: { information: string; contact?: string | null }): Promise<TipFollowUpAnswer> {
    await this.gate.admit();
    return anonymously(async () => {
      const hash = this.codeHash(code);
      await this.gate.spend(proof);
      const now = this.clock.now();
      return this.transactions.run(async (tx) => {
        const tip = await this.tips.findByCode(tx, hash);
        if (!tip) {
          await this.audit.record(tx, { actor: ANONYMOUS, action: 'TIP_FOLLOW_UP_ADD', outcome: 'DENIED', reason: 'no tip has this code' });
          return { progress: TipProgress.RECEIVED };
        }
        const id = randomUUID();
        await this.tips.insertAddition(tx, { id, tipId: tip.id, addedAt: now, text: input.information, contact: input.contact ?? null });
        await this.audit.record(tx, { actor: ANONYMOUS, action: 'TIP_FOLLOW_UP_ADD', subjectType: 'Tip', subjectId: tip.id, details: { additionId: id, contactGiven: (input.contact ?? null) !== null } });
        return { progress: TIP_PROGRESS[tip.status] };
      });
    });
  }

  private codeHash(code: string): Buffer {
    const normalized = normalizeFollowUpCode(code);
    // The word list is public: saying that a code is not one reveals nothing about any tip.
    if (!normalized) throw BadInputError.field('code', 'is not a follow-up code: six words of the list, as the receipt showed them');
    return this.hashes.code(normalized);
  }

  private problems(input: TipSubmission, now: Date): FieldProblem[] {
    const problems: FieldProblem[] = [];
    const seenAt = input.seenAt ?? null;
    if (!seenAt && !input.ongoing) problems.push({ path: 'input.seenAt', message: 'is required unless ongoing is true' });
    if (seenAt && seenAt.getTime() > now.getTime() + CLOCK_SLACK_MS) problems.push({ path: 'input.seenAt', message: 'must not be in the future' });
    if (seenAt && seenAt.getTime() < now.getTime() - 20 * YEAR) problems.push({ path: 'input.seenAt', message: 'must be within the last 20 years' });
    const hasLat = input.latitude !== null && input.latitude !== undefined;
    const hasLng = input.longitude !== null && input.longitude !== undefined;
    if (hasLat !== hasLng) problems.push({ path: hasLat ? 'input.longitude' : 'input.latitude', message: 'is required with the other coordinate' });
    return problems;
  }
}
