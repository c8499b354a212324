import { randomInt, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig, ConflictError, queryPrepared, RequestContext, Tx } from '@tandem/platform';
import { AUDIT_EVENT_COLUMNS, AuditEventColumn, CHAIN_LANES, ChainedEvent, chainHash, chainKeyOf, eventValues, GENESIS } from './audit-chain';
import { AuditEntry } from './audit.types';

interface Head {
  seq: number;
  hash: Buffer;
  /** When its last event happened. */
  at: Date;
}

const MAX_ATTEMPTS = 50;
/** The array type each column's values are passed as: one parameter a column, whatever the number of events. */
const ARRAY_TYPES: Record<AuditEventColumn, string> = {
  id: 'uuid[]',
  occurred_at: 'timestamptz[]',
  actor_type: 'text[]',
  actor_user_id: 'uuid[]',
  actor_agency_id: 'uuid[]',
  action: 'text[]',
  outcome: 'text[]',
  case_id: 'uuid[]',
  subject_type: 'text[]',
  subject_id: 'text[]',
  // Arrays of arrays cannot be unnested row by row: each event's scopes travel as a JSON array.
  scopes: 'jsonb[]',
  justification: 'text[]',
  reason: 'text[]',
  request_id: 'text[]',
  client_address: 'text[]',
  user_agent: 'text[]',
  details: 'jsonb[]',
  chain_key: 'text[]',
  chain_seq: 'bigint[]',
  prev_hash: 'bytea[]',
  hash: 'bytea[]',
};
const FIRST_COLUMN_PARAM = 6;
const APPEND_SQL = `WITH moved AS (
     UPDATE audit_chain SET seq = $3, hash = $4, updated_at = $5 WHERE chain_key = $1 AND seq = $2 RETURNING 1)
   INSERT INTO audit_event (${AUDIT_EVENT_COLUMNS.join(', ')})
   SELECT ${AUDIT_EVENT_COLUMNS.map((column) =>
     column === 'scopes' ? `ARRAY(SELECT s FROM jsonb_array_elements_text(v.scopes) WITH ORDINALITY AS e(s, n) ORDER BY n)` : `v.${column}`,
   ).join(', ')}
     FROM unnest(${AUDIT_EVENT_COLUMNS.map((column, index) => `$${FIRST_COLUMN_PARAM + index}::${ARRAY_TYPES[column]}`).join(', ')})
          AS v(${AUDIT_EVENT_COLUMNS.join(', ')})
    WHERE EXISTS (SELECT 1 FROM moved)
   RETURNING 1`;

/**
 * The one writer of the audit trail. Events are inserted in the caller's transaction, so an
 * event exists exactly when what it records happened; all events of a call go in one insert.
 * Each event is linked into one of its agency's chains (lanes).
 */
@Injectable()
export class AuditService {
  /** The last head this process wrote or read, per chain: usually still the head. */
  private readonly heads = new Map<string, Head>();

  constructor(private readonly config: AppConfig) {}

  async record(tx: Tx, ...entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // A chain's head stays locked until the caller commits: outside a transaction links could fork.
    if (!tx.queryRunner?.isTransactionActive) throw new Error('Audit events are written inside the transaction of what they record');
    const meta = RequestContext.current();
    // One lane for the whole call: its events stay together, in order, in one chain.
    const lane = randomInt(CHAIN_LANES);
    const events: ChainedEvent[] = entries.map((entry) => {
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
    // Chains in a fixed order, so two transactions never wait on each other's heads in a cycle.
    for (const key of [...new Set(events.map((event) => event.chainKey))].sort()) {
      await this.append(tx, key, events.filter((event) => event.chainKey === key));
    }
  }

  /**
   * Links events onto the head of their chain and inserts them, in one statement that moves the
   * head only if it is still where this process last saw it (compare and swap). The head row stays
   * locked until the caller commits, so links never fork; in the common case the chain costs no
   * extra round trip. When another writer moved the head, it is read again and the links redone.
   */
  private async append(tx: Tx, key: string, events: ChainedEvent[]): Promise<void> {
    let head = this.heads.get(key) ?? null;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      if (!head || attempt > 0) head = await this.readHead(tx, key);
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
      // Prepared once per connection: the writer's one statement per request.
      const inserted = await queryPrepared(tx, APPEND_SQL, [key, head.seq, last, previous, at, ...columns], this.config.values.DATABASE_PREPARED_STATEMENTS, 'tandem_audit_append');
      if (inserted.length === events.length) {
        this.heads.set(key, { seq: last, hash: previous, at });
        return;
      }
    }
    throw new ConflictError('The audit trail is busy; try again');
  }

  private async readHead(tx: Tx, key: string): Promise<Head> {
    const select = () => tx.query(`SELECT seq, hash, updated_at AS at FROM audit_chain WHERE chain_key = $1`, [key]);
    let [row] = await select();
    if (!row) {
      await tx.query(`INSERT INTO audit_chain (chain_key, seq, hash, updated_at) VALUES ($1, 0, $2, 'epoch') ON CONFLICT (chain_key) DO NOTHING`, [key, GENESIS]);
      [row] = await select();
    }
    return { seq: Number(row.seq), hash: row.hash, at: row.at };
  }
}
