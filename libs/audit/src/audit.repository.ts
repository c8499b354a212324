import { Injectable } from '@nestjs/common';
import { AppConfig, execute, firstRow, queryPrepared, rows, Tx } from '@tandem/platform';
import { AUDIT_EVENT_COLUMNS, AuditEventColumn, AuditEventRecord, auditEventSelect, fromStoredEvent, GENESIS, StoredAuditEvent } from './audit-chain';

/** The head of one chain: its last place and hash. */
export interface ChainHead {
  seq: number;
  hash: Buffer;
  /** When its last event happened. */
  at: Date;
}

/** A chain's head as stored (bigint seq comes back as text). */
export interface StoredChainHead {
  chainKey: string;
  seq: string;
  hash: Buffer;
}

/** Where a pruned month left a chain: verification starts again after it. */
export interface ChainAnchor {
  lastSeq: number;
  lastHash: Buffer;
}

/** One compare-and-swap append: move the head from `fromSeq` to `toSeq` and insert the events, one array a column. */
export interface ChainAppend {
  key: string;
  fromSeq: number;
  toSeq: number;
  hash: Buffer;
  at: Date;
  columns: unknown[][];
}

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
 * The audit trail's tables as its writer and verifier use them: `audit_event`, the chain heads
 * (`audit_chain`) and the anchors pruned months left (`audit_chain_anchor`).
 */
@Injectable()
export class AuditRepository {
  constructor(private readonly config: AppConfig) {}

  /** Moves the head and inserts the events in one statement; returns how many were inserted (none when the head had moved). */
  async append(tx: Tx, append: ChainAppend): Promise<number> {
    // Prepared once per connection: the writer's one statement per request.
    const inserted = await queryPrepared(
      tx,
      APPEND_SQL,
      [append.key, append.fromSeq, append.toSeq, append.hash, append.at, ...append.columns],
      this.config.values.DATABASE_PREPARED_STATEMENTS,
      'tandem_audit_append',
    );
    return inserted.length;
  }

  /** The chain's head, made at its genesis when the chain is new. */
  async readHead(tx: Tx, key: string): Promise<ChainHead> {
    const select = () => firstRow<{ seq: string; hash: Buffer; at: Date }>(tx, `SELECT seq, hash, updated_at AS at FROM audit_chain WHERE chain_key = $1`, [key]);
    let row = await select();
    if (!row) {
      await execute(tx, `INSERT INTO audit_chain (chain_key, seq, hash, updated_at) VALUES ($1, 0, $2, 'epoch') ON CONFLICT (chain_key) DO NOTHING`, [key, GENESIS]);
      row = await select();
    }
    return { seq: Number(row!.seq), hash: row!.hash, at: row!.at };
  }

  /** Every chain's head, by key. */
  async heads(db: Tx): Promise<StoredChainHead[]> {
    return rows<StoredChainHead>(db, `SELECT chain_key AS "chainKey", seq, hash FROM audit_chain ORDER BY chain_key`);
  }

  /** The keys of the chains that hold events (the legacy, unchained events aside). */
  async chainKeysWithEvents(db: Tx): Promise<string[]> {
    const found = await rows<{ chainKey: string }>(db, `SELECT DISTINCT chain_key AS "chainKey" FROM audit_event WHERE chain_key <> 'legacy'`);
    return found.map((row) => row.chainKey);
  }

  /** How many events were written before chains existed. */
  async legacyEventCount(db: Tx): Promise<number> {
    const row = await firstRow<{ n: number }>(db, `SELECT count(*)::int AS n FROM audit_event WHERE chain_key = 'legacy'`);
    return row!.n;
  }

  /** The anchor of the chain's latest pruned month, if any month was pruned. */
  async latestAnchor(db: Tx, chainKey: string): Promise<ChainAnchor | null> {
    const row = await firstRow<{ lastSeq: string; lastHash: Buffer }>(
      db,
      `SELECT last_seq AS "lastSeq", last_hash AS "lastHash" FROM audit_chain_anchor WHERE chain_key = $1 ORDER BY last_seq DESC LIMIT 1`,
      [chainKey],
    );
    return row ? { lastSeq: Number(row.lastSeq), lastHash: row.lastHash } : null;
  }

  /** One event of the chain that has no place in it (no seq or no hash), if there is one. */
  async firstUnchained(db: Tx, chainKey: string): Promise<string | null> {
    const row = await firstRow<{ id: string }>(db, `SELECT id FROM audit_event WHERE chain_key = $1 AND (chain_seq IS NULL OR hash IS NULL) LIMIT 1`, [chainKey]);
    return row?.id ?? null;
  }

  /** The chain's events after place `after`, in chain order, `limit` at most. */
  async chainEventsAfter(db: Tx, chainKey: string, after: number, limit: number): Promise<AuditEventRecord[]> {
    const found = await rows<StoredAuditEvent>(db, `SELECT ${auditEventSelect()} FROM audit_event WHERE chain_key = $1 AND chain_seq > $2 ORDER BY chain_seq, id LIMIT $3`, [
      chainKey,
      after,
      limit,
    ]);
    return found.map(fromStoredEvent);
  }
}
