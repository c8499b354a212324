import { createHmac } from 'node:crypto';

/** Every column of an audit event, in the order the writer, the readers and the exports use. */
export const AUDIT_EVENT_COLUMNS = [
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
export type AuditEventColumn = (typeof AUDIT_EVENT_COLUMNS)[number];

const camel = (column: string) => column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** The select list of every column under its camel-case name, for a table alias (`e.id, e.occurred_at AS "occurredAt", ...`). */
export function auditEventSelect(alias = ''): string {
  const prefix = alias ? `${alias}.` : '';
  return AUDIT_EVENT_COLUMNS.map((column) => (camel(column) === column ? `${prefix}${column}` : `${prefix}${column} AS "${camel(column)}"`)).join(', ');
}

/** The first `prev_hash` of every chain. */
export const GENESIS = Buffer.alloc(32);

/** The columns of an event that its hash covers, in this order. */
export interface ChainedEvent {
  id: string;
  occurredAt: Date;
  actorType: string;
  actorUserId: string | null;
  actorAgencyId: string | null;
  action: string;
  outcome: string;
  caseId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  scopes: string[];
  justification: string | null;
  reason: string | null;
  requestId: string | null;
  clientAddress: string | null;
  userAgent: string | null;
  details: unknown;
  chainKey: string;
  chainSeq: number;
}

/** An audit event as read back: its covered columns, and its link. */
export type AuditEventRecord = Omit<ChainedEvent, 'chainSeq'> & { chainSeq: number | null; prevHash: Buffer | null; hash: Buffer | null };

/** An event as {@link auditEventSelect} reads it: the bigint chain place comes back as text. */
export type StoredAuditEvent = Omit<AuditEventRecord, 'chainSeq'> & { chainSeq: string | number | null };

/** An event read back with its chain place as a number. */
export function fromStoredEvent(row: StoredAuditEvent): AuditEventRecord {
  return { ...row, chainSeq: row.chainSeq === null ? null : Number(row.chainSeq) };
}

/** JSON with object keys sorted at every depth: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

/** The values an event's hash covers, in the order of {@link AUDIT_EVENT_COLUMNS} (its link columns follow them). */
export function eventValues(event: Omit<ChainedEvent, 'chainSeq'> & { chainSeq: number | null }): unknown[] {
  return [
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
    event.details,
    event.chainKey,
    event.chainSeq,
  ];
}

/** The canonical form of an event: a JSON array of its covered columns (time as ISO text, place as text). */
export function canonicalEvent(event: ChainedEvent): string {
  return canonicalJson(eventValues(event).map((value) => (value instanceof Date ? value.toISOString() : typeof value === 'number' ? String(value) : value)));
}

/**
 * SHA-256 over the previous hash and the event's canonical form, keyed (HMAC) with
 * `AUDIT_HASH_KEY`: whoever can write to the database but does not hold the key cannot forge
 * a link, so edits, deletions, reorderings and appended events all break the chain.
 */
export function chainHash(key: string, previous: Buffer, event: ChainedEvent): Buffer {
  return createHmac('sha256', key).update(previous).update(canonicalEvent(event)).digest();
}

/**
 * Each agency's trail runs in this many chains (lanes). A chain's head is held from an event's
 * insert until its transaction commits, so one chain per agency would queue every request of a
 * busy agency behind the one before; a writer takes a lane at random, and the lanes of an agency
 * together are its trail. Every lane is verified on its own, so deleting, editing or reordering
 * in any of them is found all the same.
 */
export const CHAIN_LANES = 8;

/** An agency's lane `lane`; events of actors without an agency chain by kind (in lanes too). */
export function chainKeyOf(actor: { actorType: string; actorAgencyId: string | null }, lane = 0): string {
  const owner = actor.actorAgencyId ? `agency:${actor.actorAgencyId}` : actor.actorType === 'USER' ? 'oversight' : actor.actorType.toLowerCase();
  return `${owner}:${lane}`;
}
