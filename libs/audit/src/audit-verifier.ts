import { Injectable } from '@nestjs/common';
import { AppConfig, Transactions, Tx } from '@tandem/platform';
import { ChainedEvent, chainHash, GENESIS } from './audit-chain';
import { AuditRepository, StoredChainHead } from './audit.repository';

export interface ChainProblem {
  chainKey: string;
  /** The place in the chain where it first breaks. */
  seq: number | null;
  eventId: string | null;
  kind: 'ALTERED' | 'BROKEN_LINK' | 'GAP' | 'REORDERED' | 'DUPLICATE' | 'UNCHAINED' | 'TRUNCATED' | 'FORGED_APPEND' | 'HEAD_MISMATCH';
  message: string;
}

export interface VerifyReport {
  chains: number;
  events: number;
  legacyEvents: number;
  problems: ChainProblem[];
  elapsedMs: number;
}

const BATCH = 10_000;

/**
 * Events are dated by the clock of the process that wrote them, so neighbours in a chain written
 * by two hosts may be a little out of time order; more than this is reported as reordering.
 */
export const CLOCK_SKEW_MS = 60_000;


/**
 * Recomputes every chain of the audit trail from its start (or from the anchor its pruned months
 * left) to its head, and names the first broken link of each: an altered event, a link that does
 * not follow its predecessor, a gap (deleted events), events out of time order, an event without
 * a place in its chain, and a tail that was cut off or extended past the head.
 */
@Injectable()
export class AuditVerifier {
  constructor(
    private readonly transactions: Transactions,
    private readonly config: AppConfig,
    private readonly repository: AuditRepository,
  ) {}

  /** Reads one snapshot (REPEATABLE READ), so events committed while it runs are neither seen nor missed. */
  async verify(): Promise<VerifyReport> {
    return this.transactions.run((tx) => this.verifyIn(tx), 'REPEATABLE READ');
  }

  private async verifyIn(db: Tx): Promise<VerifyReport> {
    const started = Date.now();
    const problems: ChainProblem[] = [];
    const heads = await this.repository.heads(db);
    const keys = await this.repository.chainKeysWithEvents(db);
    const legacyEvents = await this.repository.legacyEventCount(db);
    const allKeys = [...new Set([...heads.map((head) => head.chainKey), ...keys])].sort();
    let events = 0;
    for (const chainKey of allKeys) {
      const head = heads.find((candidate) => candidate.chainKey === chainKey);
      const anchor = await this.repository.latestAnchor(db, chainKey);
      const result = await this.verifyChain(db, chainKey, anchor?.lastSeq ?? 0, anchor?.lastHash ?? GENESIS, head);
      events += result.events;
      if (result.problem) problems.push(result.problem);
    }
    return { chains: allKeys.length, events, legacyEvents, problems, elapsedMs: Date.now() - started };
  }

  private async verifyChain(
    db: Tx,
    chainKey: string,
    startSeq: number,
    startHash: Buffer,
    head: StoredChainHead | undefined,
  ): Promise<{ events: number; problem: ChainProblem | null }> {
    const key = this.config.values.AUDIT_HASH_KEY;
    const problem = (kind: ChainProblem['kind'], seq: number | null, eventId: string | null, message: string) => ({ events, problem: { chainKey, seq, eventId, kind, message } });
    const unchained = await this.repository.firstUnchained(db, chainKey);
    let events = 0;
    if (unchained) return problem('UNCHAINED', null, unchained, `event ${unchained} has no place in chain ${chainKey}`);
    let expected = startSeq + 1;
    let previous = startHash;
    let previousTime: Date | null = null;
    let after = startSeq;
    for (;;) {
      const rows = await this.repository.chainEventsAfter(db, chainKey, after, BATCH);
      for (const row of rows) {
        const seq = Number(row.chainSeq);
        if (head && seq > Number(head.seq)) return problem('FORGED_APPEND', seq, row.id, `chain ${chainKey}: event ${seq} lies past its head (${head.seq})`);
        if (seq < expected) return problem('DUPLICATE', seq, row.id, `chain ${chainKey}: two events hold place ${seq}`);
        if (seq > expected) return problem('GAP', expected, row.id, `chain ${chainKey}: events ${expected} to ${seq - 1} are missing`);
        if (!row.prevHash || !row.prevHash.equals(previous)) {
          return problem('BROKEN_LINK', seq, row.id, `chain ${chainKey}: event ${seq} does not follow event ${seq - 1} (moved, replaced or forged)`);
        }
        const event: ChainedEvent = { ...row, chainSeq: seq };
        const hash = chainHash(key, previous, event);
        if (!row.hash || !hash.equals(row.hash)) return problem('ALTERED', seq, row.id, `chain ${chainKey}: event ${seq} was changed after it was written`);
        if (previousTime && row.occurredAt.getTime() < previousTime.getTime() - CLOCK_SKEW_MS) {
          return problem('REORDERED', seq, row.id, `chain ${chainKey}: event ${seq} is dated more than a minute before event ${seq - 1}`);
        }
        previousTime = row.occurredAt;
        previous = hash;
        expected = seq + 1;
        events += 1;
      }
      if (rows.length < BATCH) break;
      after = Number(rows.at(-1)!.chainSeq);
    }
    const last = expected - 1;
    if (!head) return last > startSeq ? problem('FORGED_APPEND', startSeq + 1, null, `chain ${chainKey} has events but no head`) : { events, problem: null };
    const headSeq = Number(head.seq);
    if (headSeq > last) return problem('TRUNCATED', last + 1, null, `chain ${chainKey}: events ${last + 1} to ${headSeq} are missing at its end`);
    if (headSeq < last) return problem('FORGED_APPEND', headSeq + 1, null, `chain ${chainKey}: events ${headSeq + 1} to ${last} were appended past its head`);
    if (!head.hash.equals(previous)) return problem('HEAD_MISMATCH', last, null, `chain ${chainKey}: its head does not match its last event`);
    return { events, problem: null };
  }
}
