import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { PiiCipher } from '@tandem/crypto';
import { newFollowUpCode, normalizeFollowUpCode, normalizePlace, TIP_TEXT, TipHashes, type TipSubmission } from '@tandem/tips';
import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import type { Redis } from 'ioredis';
import { Pool } from 'pg';

/*
 * The tip-submission scenario: anonymous tips sent to the tip line, each with a solved challenge of
 * its own and a text of its own, beside a bare handler that does the same work by hand.
 */

export const SUBMIT_TIP = `mutation SubmitTip($input: SubmitTipInput!, $proof: String!) { submitTip(input: $input, proof: $proof) { followUpCode progress } }`;

/** What the API runs with in the benchmark: every tip comes from one address, so its limit is lifted. */
export const TIP_BENCH_ENV = { TIP_RATE_LIMIT_PER_HOUR: '1000000000' };

/** A solved challenge: base64 of the JSON the ALTCHA widget sends. */
export type TipProof = string;

/**
 * Solved challenges signed with the tip line's key, made before the run: the secret number is
 * chosen here, so no work is spent solving them (the server's check is the same either way).
 * Each is good once and for 20 minutes.
 */
export async function solvedProofs(hmacKey: string, count: number): Promise<TipProof[]> {
  const expires = new Date(Date.now() + 20 * 60_000);
  const proofs: TipProof[] = [];
  for (let i = 0; i < count; i += 1) {
    const number = i % 1000;
    const challenge = await createChallenge({ hmacKey, maxnumber: 1000, number, expires });
    proofs.push(Buffer.from(JSON.stringify({ algorithm: challenge.algorithm, challenge: challenge.challenge, number, salt: challenge.salt, signature: challenge.signature })).toString('base64'));
  }
  return proofs;
}

/** The n-th tip of a run: what a front-desk clerk saw, each with words of its own. */
export function tipInput(jurisdictionId: string, n: number): Record<string, unknown> {
  return {
    jurisdictionId,
    whatSeen: `Two girls of about 15 brought to room ${100 + (n % 300)} by an older man; visitors every hour (report ${n}).`,
    place: `Motel on Route ${1 + (n % 60)}`,
    seenAt: new Date(Date.now() - 3600_000).toISOString(),
    people: [{ approximateAge: 15, description: 'Girl, red jacket' }, { approximateAge: 40, description: 'Man, grey beard' }],
    vehicles: ['Silver minivan'],
    onlineHandles: [],
    childInDangerNow: n % 10 === 0,
    howKnown: 'I work the night shift at the front desk.',
    contact: null,
  };
}

/** A tip as it arrives over HTTP: the API's submission, its time still the text the sender sent. */
interface TipBody {
  input: Omit<TipSubmission, 'seenAt'> & { seenAt?: string | null };
  proof: string;
}

const HOUR = 3600_000;
const refused = (message: string) => ({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] });

/**
 * The baseline of a tip: the same obligations as the API's, written by hand. The proof is checked
 * and spent once (Redis), the sender counted per hour under a salted hash of their address (Redis),
 * the tip stored sealed with its code's hash, its audit event, and one triage clock per
 * law-enforcement agency of its jurisdiction with the event that schedules it, all in one
 * statement before the answer leaves.
 * Left out: GraphQL, the input rules' full list, the audit trail's hash chain, the danger-now alert.
 */
export class TipBaseline {
  private readonly hashes: TipHashes;
  /** The day's salt of senders' addresses, kept in the process: a count is never stored under an address. */
  private salt = { day: '', value: Buffer.alloc(0) };

  constructor(
    private readonly pool: Pool,
    private readonly redis: Redis,
    private readonly cipher: PiiCipher,
    private readonly challengeKey: string,
    codeKey: string,
    private readonly prefix: string,
  ) {
    this.hashes = new TipHashes(codeKey);
  }

  async submit(body: TipBody, address: string): Promise<unknown> {
    const { input, proof } = body;
    const day = new Date().toISOString().slice(0, 10);
    if (this.salt.day !== day) this.salt = { day, value: randomBytes(32) };
    const sender = createHash('sha256').update(this.salt.value).update(address).digest('base64url');
    const hour = Math.floor(Date.now() / HOUR);
    const key = `${this.prefix}:baseline:tips:rate:${sender}:${hour}`;
    if ((await this.redis.incr(key)) === 1) await this.redis.pexpire(key, HOUR);
    const seenAt = input.seenAt ? new Date(input.seenAt) : null;
    if (!input.whatSeen?.trim() || (!seenAt && !input.ongoing) || (seenAt && seenAt.getTime() > Date.now() + 600_000)) return refused('input is incomplete');
    const payload = JSON.parse(Buffer.from(proof, 'base64').toString('utf8'));
    if (!(await verifySolution(payload, this.challengeKey, false))) return refused('proof is not a solved challenge');
    const left = Number(extractParams(payload).expires) * 1000 - Date.now();
    if (!(left > 0)) return refused('proof has expired');
    if ((await this.redis.set(`${this.prefix}:baseline:tips:proof:${payload.signature}`, '1', 'PX', Math.ceil(left), 'NX')) !== 'OK') return refused('proof was already used');
    const id = randomUUID();
    const code = newFollowUpCode();
    const now = new Date();
    const details = {
      whatSeen: input.whatSeen,
      place: input.place ?? null,
      people: (input.people ?? []).map((p) => ({ approximateAge: p.approximateAge ?? null, description: p.description ?? null })),
      vehicles: input.vehicles ?? [],
      onlineHandles: input.onlineHandles ?? [],
      howKnown: input.howKnown ?? null,
    };
    const due = new Date(now.getTime() + (input.childInDangerNow ? HOUR : 24 * HOUR));
    const halfway = new Date((now.getTime() + due.getTime()) / 2);
    const { rows } = await this.pool.query(
      `WITH tip_row AS (
         INSERT INTO tip (id, reference, jurisdiction_id, danger_now, seen_at, ongoing, latitude, longitude, place_index, details_sealed, contact_sealed, code_hash, submitted_at)
         SELECT $1::uuid, 'TIP-' || $2::text || '-' || lpad(nextval('tip_reference_seq')::text, 6, '0'), j.id, $3::boolean, $4::timestamptz, $5::boolean,
                $6::float8, $7::float8, $8::bytea, $9::text, $10::text, $11::bytea, $12::timestamptz
           FROM jurisdiction j WHERE j.id = $13::uuid
         RETURNING id, reference, jurisdiction_id),
       clocks AS (
         INSERT INTO deadline (kind, case_id, subject_type, subject_id, agency_id, started_at, due_at, next_at, data)
         SELECT 'TIP_TRIAGE', NULL, 'Tip', gen_random_uuid(), a.id, $12::timestamptz, $14::timestamptz, $15::timestamptz, jsonb_build_object('subject', 'Tip ' || t.reference, 'tipId', t.id)
           FROM tip_row t JOIN agency a ON a.jurisdiction_id = t.jurisdiction_id AND a.type = 'LAW_ENFORCEMENT' AND a.active
         RETURNING id),
       events AS (
         INSERT INTO outbox (topic, payload) SELECT 'deadline.changed', jsonb_build_object('deadlineId', id, 'nextAt', $15::timestamptz) FROM clocks RETURNING id),
       logged AS (
         INSERT INTO audit_event (actor_type, action, outcome, subject_type, subject_id, details)
         SELECT 'ANONYMOUS', 'TIP_SUBMIT', 'ALLOWED', 'Tip', t.id::text,
                jsonb_build_object('reference', t.reference, 'jurisdictionId', t.jurisdiction_id, 'dangerNow', $3::boolean, 'contactGiven', $10::text IS NOT NULL)
           FROM tip_row t RETURNING id)
       SELECT (SELECT count(*) FROM tip_row)::int AS tips, (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM logged)::int AS logged, pg_notify('outbox', '')`,
      [
        id,
        String(now.getUTCFullYear()),
        input.childInDangerNow,
        seenAt,
        input.ongoing ?? false,
        input.latitude ?? null,
        input.longitude ?? null,
        input.place ? this.hashes.place(normalizePlace(input.place)) : null,
        this.cipher.encryptJson(details, TIP_TEXT.columns.details_sealed!(id)),
        input.contact ? this.cipher.encrypt(input.contact, TIP_TEXT.columns.contact_sealed!(id)) : null,
        this.hashes.code(normalizeFollowUpCode(code)!),
        now,
        input.jurisdictionId,
        due,
        halfway,
      ],
    );
    if (rows[0].tips !== 1) return refused('input.jurisdictionId does not name a jurisdiction');
    return { data: { submitTip: { followUpCode: code, progress: 'RECEIVED' } } };
  }
}

/** Whether both answered a receipt: a follow-up code of the word list, and the tip received. */
export function sameReceipt(tandem: { submitTip: { followUpCode: string; progress: string } }, bare: { data?: { submitTip?: { followUpCode: string; progress: string } } }): boolean {
  const other = bare.data?.submitTip;
  return Boolean(other && normalizeFollowUpCode(tandem.submitTip.followUpCode) && normalizeFollowUpCode(other.followUpCode) && tandem.submitTip.progress === other.progress);
}
