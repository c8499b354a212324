import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig, RequestContext, Tx } from '@tandem/platform';
import { ChainedEvent, chainHash, chainKeyOf, GENESIS } from './audit-chain';
import { AuditEntry } from './audit.types';

const COLUMNS = [
  'id',
  'occurred_at',
  'actor_type',
  'actor_user_id',
  'actor_agency_id',
  'action',
  'outcome',
  'case_id',
  'subject_type',
  'subject_id',
  'scopes',
  'justification',
  'reason',
  'request_id',
  'client_address',
  'user_agent',
  'details',
  'chain_key',
  'chain_seq',
  'prev_hash',
  'hash',
] as const;
const CASTS: Partial<Record<(typeof COLUMNS)[number], string>> = { scopes: '::text[]', details: '::jsonb', id: '::uuid' };

/**
 * The one writer of the audit trail. Events are inserted in the caller's transaction, so an
 * event exists exactly when what it records happened; all events of a call go in one insert.
 * Each event is linked into its chain (one per agency): the chain's head row is locked for the
 * rest of the transaction, so links are written in commit order and never fork.
 */
@Injectable()
export class AuditService {
  constructor(private readonly config: AppConfig) {}

  async record(tx: Tx, ...entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // The chain head stays locked until the caller commits: outside a transaction links could fork.
    if (!tx.queryRunner?.isTransactionActive) throw new Error('Audit events are written inside the transaction of what they record');
    const meta = RequestContext.current();
    const occurredAt = new Date();
    const events: ChainedEvent[] = entries.map((entry) => {
      const actor = entry.actor;
      const actorAgencyId = actor.type === 'USER' ? actor.agencyId : null;
      return {
        id: randomUUID(),
        occurredAt,
        actorType: actor.type,
        actorUserId: actor.type === 'USER' ? actor.userId : null,
        actorAgencyId,
        action: entry.action,
        outcome: entry.outcome ?? 'ALLOWED',
        caseId: entry.caseId ?? null,
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
        chainKey: chainKeyOf({ actorType: actor.type, actorAgencyId }),
        chainSeq: 0,
      };
    });
    const hashes = new Map<ChainedEvent, { prev: Buffer; hash: Buffer }>();
    // Chains in a fixed order, so two transactions never wait on each other's heads in a cycle.
    for (const key of [...new Set(events.map((event) => event.chainKey))].sort()) {
      const [head] = await tx.query(
        `INSERT INTO audit_chain (chain_key, seq, hash) VALUES ($1, 0, $2)
         ON CONFLICT (chain_key) DO UPDATE SET chain_key = EXCLUDED.chain_key RETURNING seq, hash`,
        [key, GENESIS],
      );
      let seq = Number(head.seq);
      let previous: Buffer = head.hash;
      for (const event of events.filter((candidate) => candidate.chainKey === key)) {
        seq += 1;
        event.chainSeq = seq;
        const hash = chainHash(this.config.values.AUDIT_HASH_KEY, previous, event);
        hashes.set(event, { prev: previous, hash });
        previous = hash;
      }
      await tx.query(`UPDATE audit_chain SET seq = $2, hash = $3, updated_at = now() WHERE chain_key = $1`, [key, seq, previous]);
    }
    const params: unknown[] = [];
    const rows = events.map((event) => {
      const link = hashes.get(event)!;
      const values = [
        event.id,
        event.occurredAt,
        event.actorType,
        event.actorUserId,
        event.actorAgencyId,
        event.action,
        event.outcome,
        event.caseId,
        event.subjectType,
        event.subjectId,
        event.scopes,
        event.justification,
        event.reason,
        event.requestId,
        event.clientAddress,
        event.userAgent,
        JSON.stringify(event.details),
        event.chainKey,
        event.chainSeq,
        link.prev,
        link.hash,
      ];
      return `(${values
        .map((value, index) => {
          params.push(value);
          return `$${params.length}${CASTS[COLUMNS[index]!] ?? ''}`;
        })
        .join(', ')})`;
    });
    await tx.query(`INSERT INTO audit_event (${COLUMNS.join(', ')}) VALUES ${rows.join(', ')}`, params);
  }
}
