import { randomBytes } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import { Test, TestingModule } from '@nestjs/testing';
import { WorkerModule } from '@apps/worker/worker.module';
import { AgencyType, Role } from '@tandem/authz';
import { PiiCipher } from '@tandem/crypto';
import { DeadlineEngine } from '@tandem/deadlines';
import { NotificationTopic, webhookSecretContext } from '@tandem/notifications';
import { ReferralTopic } from '@tandem/referrals';
import { AppConfig, EventsProcessor, OutboxRelay, QueueName } from '@tandem/platform';
import { Job, Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Actor, policyCast } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { isolatedDatabase } from './support/test-database';
import { CollectingLogger, deletePrefixKeys, MailCatcher, readable, waitFor } from './support/worker-doubles';

// Who hears of a referral or a handoff, end to end: the API commits the change and its outbox
// event; a real worker (relay, event router, domain handlers, delivery processor) turns it into
// stored notifications, emails over a real SMTP server and agency webhook deliveries. The suite
// has a database and a queue prefix of its own, so no other suite's worker relays its events, and
// it drives the relay by hand: events wait in the outbox until `drain`, as while Redis is down.

const CREATE_REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id status responseDueAt } }`;
const ACCEPT = `mutation($id: ID!) { acceptReferral(id: $id) { id status } }`;
const DECLINE = `mutation($id: ID!) { declineReferral(id: $id, reason: NO_CAPACITY, note: "Jordan needs a bed") { id status } }`;
const WITHDRAW = `mutation($id: ID!) { withdrawReferral(id: $id, reason: "found a closer program") { id status } }`;
const START = `mutation($id: ID!) { startReferral(id: $id) { id status } }`;
const COMPLETE = `mutation($id: ID!) { completeReferral(id: $id, outcome: "placed at 12 Hidden Lane") { id status } }`;
const FAIL = `mutation($id: ID!) { failReferral(id: $id, reason: "youth left") { id status } }`;
const REQUEST_HANDOFF = `mutation($input: RequestHandoffInput!) { requestHandoff(input: $input) { id status } }`;
const ACCEPT_HANDOFF = `mutation($id: ID!) { acceptHandoff(id: $id) { id status } }`;
const DECLINE_HANDOFF = `mutation($id: ID!, $reason: String!) { declineHandoff(id: $id, reason: $reason) { id status } }`;
const CANCEL_HANDOFF = `mutation($id: ID!) { cancelHandoff(id: $id) { id status } }`;
const NOTIFICATIONS = `query { notifications(first: 50) { edges { node { kind caseNumber text } } } }`;

/** What must never leave in an alert: the child's name, alias, address, phones, and the free text typed around them. */
const CHILD_DATA = /Jordan|Avery|Hidden Lane|555 010|\bJJ\b|Pat Guardian|placed at|youth left|closer program|county line|child has nowhere/;
const JUSTIFICATION = 'The child has nowhere safe to sleep tonight and the shelter must know who is coming.';

interface Stored {
  recipientId: string;
  kind: string;
  text: string;
  ledgerKey: string;
}

describe('referral and handoff alerts', () => {
  let t: TestApp;
  let worker: TestingModule;
  const smtp = new MailCatcher();
  const mails = smtp.mails;
  let prefix: string;
  const logs = new CollectingLogger();

  beforeAll(async () => {
    const env = {
      ...(await isolatedDatabase('referral_alerts')),
      SMTP_URL: await smtp.start(),
      SMTP_FROM: 'alerts@tandem.test',
      // Webhooks point at a name that never resolves: the suite checks what is queued for them, not the call.
      WEBHOOK_ATTEMPTS: '1',
      WEBHOOK_TIMEOUT_MS: '1000',
    };
    prefix = env.QUEUE_PREFIX;
    t = await createTestApp(env);
    worker = await Test.createTestingModule({ imports: [WorkerModule.forRoot(AppConfig.fromEnv({ ...process.env, ...env }))] }).compile();
    worker.useLogger(logs);
    worker.get(OutboxRelay).disableAutoStart();
    await worker.init();
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await smtp.stop();
    const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      await deletePrefixKeys(redis, prefix);
    } finally {
      redis.disconnect();
    }
  });

  /** Sets an agency's webhook as its administrator would (stored directly: where it points is not this suite's concern). */
  async function webhookFor(agencyId: string): Promise<void> {
    const secret = randomBytes(16).toString('hex');
    await t.db.query(`INSERT INTO agency_webhook (agency_id, url, secret_sealed, active) VALUES ($1, $2, $3, true)`, [
      agencyId,
      `https://hooks-${randomBytes(4).toString('hex')}.invalid/tandem`,
      t.app.get(PiiCipher).encrypt(secret, webhookSecretContext(agencyId)),
    ]);
  }

  /** Relays the outbox and waits for the worker to handle everything it led to, until nothing is left. */
  async function drain(): Promise<void> {
    const relay = worker.get(OutboxRelay);
    const queues = [QueueName.EVENTS, QueueName.DELIVERY].map((name) => worker.get<Queue>(getQueueToken(name)));
    const idle = async () => {
      for (const queue of queues) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
        if (Object.values(counts).some((n) => n > 0)) return false;
      }
      return true;
    };
    for (;;) {
      const relayed = await relay.relayOnce();
      await waitFor('the worker to finish its jobs', idle);
      if (relayed === 0) return;
    }
  }

  async function stored(caseId: string): Promise<Stored[]> {
    return t.db.query(
      `SELECT recipient_id AS "recipientId", kind, text, ledger_key AS "ledgerKey" FROM notification WHERE case_id = $1 ORDER BY ledger_key`,
      [caseId],
    );
  }

  /** Each person's alerts on the case as sorted "label:KIND" strings, labelled by the subject's id. */
  async function heard(caseId: string, people: Record<string, Actor>, labels: Record<string, string>): Promise<Record<string, string[]>> {
    const rows = await stored(caseId);
    const byId = new Map(Object.entries(people).map(([name, person]) => [person.id, name]));
    const out: Record<string, string[]> = {};
    for (const row of rows) {
      const who = byId.get(row.recipientId) ?? row.recipientId;
      const subject = Object.entries(labels).find(([id]) => row.ledgerKey.includes(id))?.[1] ?? '?';
      (out[who] ??= []).push(`${subject}:${row.kind}`);
    }
    for (const list of Object.values(out)) list.sort();
    return out;
  }

  /** Hands every referral and handoff event of the case to the worker's event router once more, as a redelivered job would. */
  async function replayEvents(caseId: string): Promise<number> {
    const rows: { id: string; topic: string; payload: Record<string, unknown> }[] = await t.db.query(
      `SELECT id, topic, payload FROM outbox WHERE topic = ANY($1::text[]) AND payload->>'caseId' = $2 ORDER BY created_at, id`,
      [[ReferralTopic.CHANGED, ReferralTopic.EMERGENCY, ReferralTopic.HANDOFF_CHANGED], caseId],
    );
    const router = worker.get(EventsProcessor);
    for (const row of rows) await router.process({ name: row.topic, data: { ...row.payload, eventId: row.id } } as unknown as Job);
    return rows.length;
  }

  const counts = async (caseId: string) => {
    const [row] = await t.db.query(
      `SELECT (SELECT count(*)::int FROM notification WHERE case_id = $1) AS notifications,
              (SELECT count(*)::int FROM webhook_delivery WHERE body->>'caseId' = $1::text) AS webhooks,
              (SELECT count(*)::int FROM outbox WHERE topic = $2) AS created`,
      [caseId, NotificationTopic.CREATED],
    );
    return row as { notifications: number; webhooks: number; created: number };
  };

  /** The routine housing referral several tests start from: the case to the shelter, sent by its worker. */
  async function housingReferral(caseId: string, shelterId: string, by: Actor): Promise<{ id: string }> {
    const input = { caseId, toAgencyId: shelterId, serviceType: 'HOUSING', urgency: 'ROUTINE', scopes: [], reason: 'Jordan needs help' };
    return (await t.gql.ok<{ createReferral: { id: string } }>(CREATE_REFERRAL, { input }, by.token)).createReferral;
  }

  it('an EMERGENCY referral alerts the receiving staff and supervisors and both agencies\u2019 supervisors, in-app, by email and by webhook, once each', async () => {
    const { K, agencies, people } = await policyCast(t);
    await webhookFor(agencies.SH.id);
    await webhookFor(agencies.CW.id);
    const { cw1, cw2, cwSup, sh1, sh2, shSup, pd1, pdSup, co1, coSup, auditor } = people;

    const referral = (
      await t.gql.ok(
        CREATE_REFERRAL,
        {
          input: {
            caseId: K.id,
            toAgencyId: agencies.SH.id,
            serviceType: 'EMERGENCY_SHELTER',
            urgency: 'EMERGENCY',
            scopes: ['IDENTITY', 'LOCATION'],
            reason: 'Jordan needs a bed tonight',
            emergencyJustification: JUSTIFICATION,
          },
        },
        cw1.token,
      )
    ).createReferral;
    const due = `${new Date(referral.responseDueAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

    const cast = { cw1, cw2, cwSup, sh1, sh2, shSup, pd1, pdSup, co1, coSup, auditor };
    const expected = {
      sh1: ['R:REFERRAL_REQUESTED'],
      sh2: ['R:REFERRAL_REQUESTED'],
      shSup: ['R:REFERRAL_EMERGENCY_SHARE'],
      cwSup: ['R:REFERRAL_EMERGENCY_SHARE'],
    };
    // Nobody has been told while the event waits in the outbox; the relay moves it, the worker tells them.
    expect(await stored(K.id)).toEqual([]);
    await drain();
    expect(await heard(K.id, cast, { [referral.id]: 'R' })).toEqual(expected);

    // What they read names the case, what happened and what is due; never the child, the reason or the justification.
    const rows = await stored(K.id);
    for (const row of rows) {
      expect(row.text).toContain(K.caseNumber);
      expect(row.text).toContain(due);
      expect(row.text).toMatch(/EMERGENCY/);
      expect(row.text).not.toMatch(CHILD_DATA);
    }
    const share = rows.find((row) => row.kind === 'REFERRAL_EMERGENCY_SHARE')!;
    expect(share.text).toMatch(/without consent/);
    expect(share.text).toContain(agencies.CW.name);
    expect(share.text).toContain(agencies.SH.name);
    const inApp = await t.gql.ok(NOTIFICATIONS, {}, sh1.token);
    expect(inApp.notifications.edges.map((edge: { node: { kind: string; caseNumber: string } }) => edge.node)).toEqual([
      expect.objectContaining({ kind: 'REFERRAL_REQUESTED', caseNumber: K.caseNumber }),
    ]);

    // One email each, to the four people told.
    const told = [sh1, sh2, shSup, cwSup];
    for (const person of [...told, cw1, cw2, pd1, pdSup, co1, coSup, auditor]) {
      const theirs = mails.filter((mail) => mail.to.includes(person.email));
      expect(theirs).toHaveLength(told.includes(person) ? 1 : 0);
      for (const mail of theirs) {
        const text = readable(mail.raw);
        expect(text).toMatch(new RegExp(`^Subject: Tandem: ${K.caseNumber} referral`, 'm'));
        expect(text).not.toMatch(CHILD_DATA);
      }
    }

    // One webhook call per alert and agency: the shelter hears of the request and of the share, the sender's agency of the share.
    const deliveries: { agencyId: string; body: { event: string; caseNumber: string; text: string } }[] = await t.db.query(
      `SELECT agency_id AS "agencyId", body FROM webhook_delivery WHERE body->>'caseId' = $1::text ORDER BY body->>'event', agency_id`,
      [K.id],
    );
    expect(deliveries.map((row) => [row.agencyId === agencies.SH.id ? 'SH' : row.agencyId === agencies.CW.id ? 'CW' : row.agencyId, row.body.event]).sort()).toEqual([
      ['CW', 'REFERRAL_EMERGENCY_SHARE'],
      ['SH', 'REFERRAL_EMERGENCY_SHARE'],
      ['SH', 'REFERRAL_REQUESTED'],
    ]);
    for (const row of deliveries) {
      expect(row.body.caseNumber).toBe(K.caseNumber);
      expect(JSON.stringify(row.body)).not.toMatch(CHILD_DATA);
    }

    // The same events handled again (a job run twice) tell nobody anything more, by any channel.
    const before = await counts(K.id);
    expect(await replayEvents(K.id)).toBe(1);
    await drain();
    expect(await counts(K.id)).toEqual(before);
    expect(mails.filter((mail) => told.some((person) => mail.to.includes(person.email)))).toHaveLength(told.length);
    const logged = logs.lines.join('\n');
    expect(logged).toContain('emergency referral shared data without consent');
    expect(logged).not.toMatch(CHILD_DATA);
  });

  it('the sender hears of every answer (accepted, started, completed, declined, failed, withdrawn by someone else) and the receivers of each request, once', async () => {
    const { K, agencies, people } = await policyCast(t);
    const { cw1, cw2, cwSup, sh1, sh2, shSup, pd1, pdSup, co1, coSup } = people;
    const send = async (toAgencyId: string, serviceType: string, urgency = 'ROUTINE') =>
      (await t.gql.ok(CREATE_REFERRAL, { input: { caseId: K.id, toAgencyId, serviceType, urgency, scopes: [], reason: 'Jordan needs help' } }, cw1.token)).createReferral
        .id as string;
    const act = (query: string, id: string, by: Actor) => t.gql.ok(query, { id }, by.token);

    const housing = await send(agencies.SH.id, 'HOUSING');
    await drain();
    for (const query of [ACCEPT, START, COMPLETE]) {
      await act(query, housing, sh1);
      await drain();
    }
    const counseling = await send(agencies.CO.id, 'COUNSELING');
    await drain();
    await act(DECLINE, counseling, coSup);
    const advocacy = await send(agencies.CO.id, 'LEGAL_ADVOCACY', 'URGENT');
    await drain();
    await act(ACCEPT, advocacy, co1);
    await drain();
    await act(FAIL, advocacy, co1);
    const investigation = await send(agencies.PD.id, 'INVESTIGATION');
    await drain();
    await act(WITHDRAW, investigation, cwSup);
    // Sent and withdrawn by its sender before the relay ran (Redis down): nobody is told of either.
    const interview = await send(agencies.PD.id, 'FORENSIC_INTERVIEW');
    await act(WITHDRAW, interview, cw1);
    await drain();

    const labels = { [housing]: 'housing', [counseling]: 'counseling', [advocacy]: 'advocacy', [investigation]: 'investigation', [interview]: 'interview' };
    const cast = { cw1, cw2, cwSup, sh1, sh2, shSup, pd1, pdSup, co1, coSup };
    const requested = (...subjects: string[]) => subjects.map((subject) => `${subject}:REFERRAL_REQUESTED`);
    const expected = {
      cw1: [
        'advocacy:REFERRAL_ACCEPTED',
        'advocacy:REFERRAL_FAILED',
        'counseling:REFERRAL_DECLINED',
        'housing:REFERRAL_ACCEPTED',
        'housing:REFERRAL_COMPLETED',
        'housing:REFERRAL_IN_PROGRESS',
        'investigation:REFERRAL_CANCELLED',
      ],
      sh1: requested('housing'),
      sh2: requested('housing'),
      shSup: requested('housing'),
      co1: requested('advocacy', 'counseling'),
      coSup: requested('advocacy', 'counseling'),
      pd1: ['investigation:REFERRAL_CANCELLED', 'investigation:REFERRAL_REQUESTED'],
      pdSup: ['investigation:REFERRAL_CANCELLED', 'investigation:REFERRAL_REQUESTED'],
    };
    expect(await heard(K.id, cast, labels)).toEqual(expected);

    const texts = await stored(K.id);
    for (const row of texts) {
      expect(row.text).toContain(K.caseNumber);
      expect(row.text).not.toMatch(CHILD_DATA);
    }
    const mine = (kind: string) => texts.filter((row) => row.recipientId === cw1.id && row.kind === kind).map((row) => row.text);
    expect(mine('REFERRAL_DECLINED')[0]).toMatch(/declined.*no capacity/i);
    expect(mine('REFERRAL_DECLINED')[0]).toContain(agencies.CO.name);
    expect(mine('REFERRAL_CANCELLED')[0]).toMatch(/withdrawn/);

    const before = await counts(K.id);
    expect(await replayEvents(K.id)).toBe(13);
    await drain();
    expect(await counts(K.id)).toEqual(before);
    expect(await heard(K.id, cast, labels)).toEqual(expected);
  });

  it('an answer to a sender who has left reaches their agency\u2019s supervisors instead', async () => {
    const { K, agencies, people } = await policyCast(t);
    const { cw1, cw2, cwSup, sh1, sh2, shSup } = people;
    const referral = await housingReferral(K.id, agencies.SH.id, cw1);
    await drain();
    await t.db.query(`UPDATE app_user SET active = false WHERE id = $1`, [cw1.id]);
    await t.gql.ok(DECLINE, { id: referral.id }, sh2.token);
    await drain();
    expect(await heard(K.id, { cw1, cw2, cwSup, sh1, sh2, shSup }, { [referral.id]: 'R' })).toEqual({
      cwSup: ['R:REFERRAL_DECLINED'],
      sh1: ['R:REFERRAL_REQUESTED'],
      sh2: ['R:REFERRAL_REQUESTED'],
      shSup: ['R:REFERRAL_REQUESTED'],
    });
  });

  it('a handoff request reaches only the receiving supervisors; the requester hears the answer, and a cancellation by someone else', async () => {
    const { K, agencies, people } = await policyCast(t);
    const { cw1, cw2, cwSup } = people;
    const other = await t.world.agency(AgencyType.CHILD_WELFARE, agencies.CW.jurisdictionId);
    const actor = async (role: Role): Promise<Actor> => {
      const user = await t.world.user(role, other.id);
      return { ...user, token: await t.signIn(user) };
    };
    const [newStaff, newSup] = [await actor(Role.STAFF), await actor(Role.SUPERVISOR)];
    const request = async (by: Actor) =>
      (await t.gql.ok(REQUEST_HANDOFF, { input: { caseId: K.id, toAgencyId: other.id, reason: 'Jordan moved across the county line' } }, by.token)).requestHandoff
        .id as string;

    const declined = await request(cwSup);
    await drain();
    await t.gql.ok(DECLINE_HANDOFF, { id: declined, reason: 'no capacity for Jordan' }, newSup.token);
    const cancelled = await request(cw1);
    await drain();
    await t.gql.ok(CANCEL_HANDOFF, { id: cancelled }, cwSup.token);
    const accepted = await request(cw1);
    await drain();
    await t.gql.ok(ACCEPT_HANDOFF, { id: accepted }, newSup.token);
    await drain();

    const labels = { [declined]: 'declined', [cancelled]: 'cancelled', [accepted]: 'accepted' };
    const cast = { cw1, cw2, cwSup, newStaff, newSup };
    const expected = {
      cw1: ['accepted:HANDOFF_ACCEPTED', 'cancelled:HANDOFF_CANCELLED'],
      cwSup: ['declined:HANDOFF_DECLINED'],
      newSup: ['accepted:HANDOFF_REQUESTED', 'cancelled:HANDOFF_CANCELLED', 'cancelled:HANDOFF_REQUESTED', 'declined:HANDOFF_REQUESTED'],
    };
    expect(await heard(K.id, cast, labels)).toEqual(expected);
    const rows = await stored(K.id);
    for (const row of rows) {
      expect(row.text).toContain(K.caseNumber);
      expect(row.text).not.toMatch(CHILD_DATA);
    }
    expect(rows.find((row) => row.kind === 'HANDOFF_REQUESTED')!.text).toContain(agencies.CW.name);
    expect(rows.find((row) => row.kind === 'HANDOFF_ACCEPTED')!.text).toContain(other.name);

    const before = await counts(K.id);
    expect(await replayEvents(K.id)).toBe(6);
    await drain();
    expect(await counts(K.id)).toEqual(before);
  });
  it('a withdrawal handled while its request is still being announced reaches everyone that announcement tells', async () => {
    const { K, agencies, people } = await policyCast(t);
    const { cw1, sh1, sh2, shSup } = people;
    const referral = await housingReferral(K.id, agencies.SH.id, cw1);
    const router = worker.get(EventsProcessor);
    const handle = async (status: string) => {
      const [row]: { id: string; topic: string; payload: Record<string, unknown> }[] = await t.db.query(
        `SELECT id, topic, payload FROM outbox WHERE payload->>'referralId' = $1 AND payload->>'status' = $2`,
        [referral.id, status],
      );
      await router.process({ name: row!.topic, data: { ...row!.payload, eventId: row!.id } } as unknown as Job);
    };
    /** Sessions of this suite's database waiting for a lock of a kind (the server is shared with other suites). */
    const waiting = async (kind: 'notification' | 'advisory') =>
      (
        await t.db.query(
          `SELECT count(*)::int AS n FROM pg_locks
            WHERE NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND (CASE WHEN $1 = 'advisory' THEN locktype = 'advisory' ELSE relation = 'notification'::regclass END)`,
          [kind],
        )
      )[0].n as number;
    const settled = (promise: Promise<unknown>) => {
      const state = { done: false };
      void promise.then(() => (state.done = true), () => (state.done = true));
      return state;
    };

    // The request's handler has chosen its recipients and is about to store their alerts, slowly.
    const holder = t.db.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query(`LOCK TABLE notification IN EXCLUSIVE MODE`);
    let announcing: Promise<void> | undefined;
    let withdrawn: Promise<void> | undefined;
    try {
      announcing = handle('REQUESTED');
      await waitFor('the request to be announcing', async () => (await waiting('notification')) >= 1);
      // Meanwhile the sender withdraws it, and its event is handled at once.
      await t.gql.ok(WITHDRAW, { id: referral.id }, cw1.token);
      withdrawn = handle('CANCELLED');
      const withdrawal = settled(withdrawn);
      await waitFor('the withdrawal to be handled or to wait its turn', async () => withdrawal.done || (await waiting('advisory')) >= 1);
    } finally {
      await holder.commitTransaction();
      await holder.release();
    }
    // Each event handled once, as the worker does (a drain would hand them over again).
    await announcing;
    await withdrawn;

    const told = await heard(K.id, { cw1, sh1, sh2, shSup }, { [referral.id]: 'R' });
    const both = ['R:REFERRAL_CANCELLED', 'R:REFERRAL_REQUESTED'];
    expect(told).toEqual({ sh1: both, sh2: both, shSup: both });
  });

  // Last: it moves the clock past every open response time of this suite's database.
  it('an unanswered referral expires with the deadline\u2019s alerts only: the handler of its EXPIRED event adds none', async () => {
    const { K, agencies, people } = await policyCast(t);
    const { cw1, cw2, cwSup, sh1, sh2, shSup } = people;
    const referral = await housingReferral(K.id, agencies.SH.id, cw1);
    await drain();
    t.clock.advance(73 * 3600_000);
    await t.app.get(DeadlineEngine).sweep();
    await drain();
    const [{ status }] = await t.db.query(`SELECT status FROM referral WHERE id = $1`, [referral.id]);
    expect(status).toBe('EXPIRED');
    const [deadline] = await t.db.query(`SELECT id FROM deadline WHERE subject_id = $1`, [referral.id]);
    const receiving = ['R:REFERRAL_REQUESTED', 'R:REFERRAL_RESPONSE_REMINDER'];
    expect(await heard(K.id, { cw1, cw2, cwSup, sh1, sh2, shSup }, { [referral.id]: 'R', [deadline.id]: 'R' })).toEqual({
      cw1: ['R:REFERRAL_RESPONSE_OVERDUE'],
      sh1: receiving,
      sh2: receiving,
      shSup: receiving,
    });
  });
});
