import { randomInt, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig, ConflictError, RequestContext, Transactions, Tx } from '@tandem/platform';
import { AUDIT_EVENT_COLUMNS, CHAIN_LANES, ChainedEvent, chainHash, chainKeyOf, eventValues } from './audit-chain';
import { AuditRepository, ChainHead } from './audit.repository';
import { AuditEntry } from './audit.types';

const MAX_ATTEMPTS = 50;
/**
 * The one writer of the audit trail. Events are inserted in the caller's transaction, so an
 * event exists exactly when what it records happened; all events of a call go in one insert.
 * Each event is linked into one of its agency's chains (lanes).
 */
@Injectable()
export class AuditService {
  /** The last head this process wrote or read, per chain: usually still the head. */
  private readonly heads = new Map<string, ChainHead>();
  /** Per chain, the end of this process's standalone appends to it, which take their turns. */
  private readonly turns = new Map<string, Promise<void>>();

  constructor(
    private readonly config: AppConfig,
    private readonly repository: AuditRepository,
    private readonly transactions: Transactions,
  ) {}

  async record(tx: Tx, ...entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // A chain's head stays locked until the caller commits: outside a transaction links could fork.
    if (!tx.queryRunner?.isTransactionActive) throw new Error('Audit events are written inside the transaction of what they record');
    const events = this.chained(entries);
    // Chains in a fixed order, so two transactions never wait on each other's heads in a cycle.
    for (const key of [...new Set(events.map((event) => event.chainKey))].sort()) {
      await this.append(tx, key, events.filter((event) => event.chainKey === key));
    }
  }

  /**
   * Events that record nothing but themselves (what a read disclosed), written now, before the caller
   * answers. Events of one chain (one actor's, as a read's always are) go in one statement on its own:
   * the statement moves the head and inserts the events together or not at all, so it needs no
   * transaction around it, and a read costs one round trip to the trail instead of three. Events of
   * several chains are written in one transaction.
   */
  async recordNow(...entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const events = this.chained(entries);
    const keys = new Set(events.map((event) => event.chainKey));
    if (keys.size > 1) return this.transactions.run((tx) => this.record(tx, ...entries));
    const key = events[0]!.chainKey;
    await this.inTurn(key, () => this.append(this.transactions.manager, key, events));
  }

  /**
   * Runs `work` after this process's earlier standalone append to the same chain has ended. Two appends
   * of one process that both start from the head it knows would otherwise race, and the loser would read
   * the head again and redo its links: two statements more. Each append is one short statement, so
   * waiting for it costs less than losing to it; writers in other processes still meet at the compare
   * and swap.
   */
  private inTurn(key: string, work: () => Promise<void>): Promise<void> {
    const run = (this.turns.get(key) ?? Promise.resolve()).then(work);
    const ended = run.catch(() => undefined);
    this.turns.set(key, ended);
    void ended.then(() => {
      if (this.turns.get(key) === ended) this.turns.delete(key);
    });
    return run;
  }

  /** The entries as events of one lane of their actors' chains, not yet linked. */
  private chained(entries: AuditEntry[]): ChainedEvent[] {
    const meta = RequestContext.current();
    // One lane for the whole call: its events stay together, in order, in one chain.
    const lane = randomInt(CHAIN_LANES);
    return entries.map((entry) => {
      const actor = entry.actor;
      const actorAgencyId = actor.type === 'USER' ? actor.agencyId : null;
      return {
        id: randomUUID(),
        occurredAt: new Date(0),
        actorType: actor.type,
        actorUserId: actor.type === 'USER' ? actor.userId.toLowerCase() : null,
        actorAgencyId: actorAgencyId?.toLowerCase() ?? null,
        action: entry.action,
        outcome: entry.outcome ?? 'ALLOWED',
        // uuid columns come back in lower case: hash them that way.
        caseId: entry.caseId?.toLowerCase() ?? null,
        subjectType: entry.subjectType ?? null,
        subjectId: entry.subjectId ?? null,
        scopes: entry.scopes ?? [],
        justification: entry.justification ?? null,
        reason: entry.reason ?? null,
        requestId: meta?.requestId ?? null,
        clientAddress: meta?.clientAddress ?? null,
        userAgent: meta?.userAgent ? meta.userAgent.slice(0, 300) : null,
        // Stored as jsonb and read back the same: plain JSON values only.
        details: JSON.parse(JSON.stringify(entry.details ?? {})),
        chainKey: chainKeyOf({ actorType: actor.type, actorAgencyId: actorAgencyId?.toLowerCase() ?? null }, lane),
        chainSeq: 0,
      };
    });
  }

  /**
   * Links events onto the head of their chain and inserts them, in one statement that moves the
   * head only if it is still where this process last saw it (compare and swap). Inside a transaction
   * the head row stays locked until the caller commits; on its own the statement commits at once. Either
   * way links never fork, and in the common case the chain costs no extra round trip. When another
   * writer moved the head, it is read again and the links redone.
   */
  private async append(tx: Tx, key: string, events: ChainedEvent[]): Promise<void> {
    let head = this.heads.get(key) ?? null;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      if (!head || attempt > 0) head = await this.repository.readHead(tx, key);
      // The writer's clock: hosts agree to well within the verifier's tolerance (CLOCK_SKEW_MS).
      const at = new Date();
      let previous = head.hash;
      const links: { prev: Buffer; hash: Buffer }[] = [];
      events.forEach((event, index) => {
        event.occurredAt = at;
        event.chainSeq = head!.seq + index + 1;
        const hash = chainHash(this.config.values.AUDIT_HASH_KEY, previous, event);
        links.push({ prev: previous, hash });
        previous = hash;
      });
      const last = head.seq + events.length;
      // One array a column: the statement has the same 26 parameters for one event or for thousands.
      const columns: unknown[][] = AUDIT_EVENT_COLUMNS.map(() => []);
      events.forEach((event, index) => {
        const values = [...eventValues(event), links[index]!.prev, links[index]!.hash];
        values.forEach((value, column) => {
          const name = AUDIT_EVENT_COLUMNS[column];
          columns[column]!.push(name === 'details' || name === 'scopes' ? JSON.stringify(value) : value);
        });
      });
      const inserted = await this.repository.append(tx, { key, fromSeq: head.seq, toSeq: last, hash: previous, at, columns });
      if (inserted === events.length) {
        this.heads.set(key, { seq: last, hash: previous, at });
        return;
      }
    }
    throw new ConflictError('The audit trail is busy; try again');
  }
}
