import { LookupAddress } from 'node:dns';
import { AddressInfo, createServer as createTcpServer, Server as TcpServer, Socket } from 'node:net';
import { createServer, IncomingMessage, Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { Module } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { AuditModule } from '@tandem/audit';
import { AgencyType, Role } from '@tandem/authz';
import { CryptoModule, PiiCipher } from '@tandem/crypto';
import {
  DeliveryProcessor,
  DeliveryRecovery,
  NotificationCreatedHandler,
  NotificationService,
  NotificationsCoreModule,
  NotificationTopic,
  verifyWebhookSignature,
  signWebhook,
  WebhookDns,
  webhookSecretContext,
} from '@tandem/notifications';
import { AppConfig, ClockModule, ConfigModule, DatabaseModule, QueueModule } from '@tandem/platform';
import { Job } from 'bullmq';
import IORedis from 'ioredis';
import { CREATE_CASE } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { CollectingLogger, deletePrefixKeys, MailCatcher, readable, waitFor } from './support/worker-doubles';

// Email over a real SMTP server and signed webhooks to a real HTTP receiver, sent by the real
// DeliveryProcessor on a real BullMQ worker. Queues live under a prefix of this file's own, and
// outbox rows made here are handled by hand (marked sent at once), so no other suite's worker or
// relay carries them and this file's worker carries nothing of theirs.

const PREFIX = `${process.env.QUEUE_PREFIX}-delivery`;
const ATTEMPTS = 4;
/** The receiver's name: only this suite's DNS knows it, and only its WEBHOOK_ALLOW_HOSTS lets it through. */
const RECEIVER_HOST = 'receiver.tandem.test';

const SET_WEBHOOK = `mutation($agencyId: ID!, $url: String!) { setAgencyWebhook(agencyId: $agencyId, url: $url) { agencyId url secret } }`;
const DISABLE_WEBHOOK = `mutation($agencyId: ID!) { disableAgencyWebhook(agencyId: $agencyId) }`;
const DEAD_LETTERS = `query($agencyId: ID!, $first: Int, $after: String) {
  webhookDeadLetters(agencyId: $agencyId, first: $first, after: $after) {
    edges { node { id agencyId event status attempts lastError deadAt } } pageInfo { hasNextPage endCursor } } }`;
const RETRY = `mutation($id: ID!) { retryWebhookDelivery(id: $id) { id status attempts lastError deadAt } }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Call {
  path: string;
  headers: IncomingMessage['headers'];
  rawBody: string;
  verified: boolean;
}

/** The agencies' side: one path per agency, each with its secret and a scripted answer per call. */
class Receiver {
  readonly calls: Call[] = [];
  readonly secrets = new Map<string, string>();
  readonly answers = new Map<string, (call: number) => number>();
  server!: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = req.url ?? '';
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const secret = this.secrets.get(path);
        const verified =
          secret !== undefined &&
          verifyWebhookSignature({
            secret,
            timestamp: req.headers['x-tandem-timestamp'] as string | undefined,
            rawBody,
            signature: req.headers['x-tandem-signature'] as string | undefined,
          });
        this.calls.push({ path, headers: req.headers, rawBody, verified });
        const answer = this.answers.get(path) ?? (() => 200);
        res.statusCode = verified ? answer(this.callsTo(path).length) : 401;
        if (res.statusCode >= 300 && res.statusCode < 400) res.setHeader('Location', `/redirected${path}`);
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://${RECEIVER_HOST}:${this.port}`;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  callsTo(path: string): Call[] {
    return this.calls.filter((call) => call.path === path);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** DNS as this suite scripts it: a name answers what a test put there, any other is not found. */
class ScriptedDns {
  readonly answers = new Map<string, LookupAddress[]>([[RECEIVER_HOST, [{ address: '127.0.0.1', family: 4 }]]]);
  readonly asked: string[] = [];

  async lookup(hostname: string): Promise<LookupAddress[]> {
    this.asked.push(hostname);
    const answer = this.answers.get(hostname);
    if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return answer;
  }
}

/** A TCP port on this machine that counts who connects, and answers nothing (or closes at once). */
class Listener {
  connections = 0;
  private readonly sockets = new Set<Socket>();
  private server!: TcpServer;

  constructor(private readonly hold: boolean) {}

  async start(): Promise<number> {
    this.server = createTcpServer((socket) => {
      this.connections += 1;
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => this.sockets.delete(socket));
      if (!this.hold) socket.destroy();
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The worker side of this file: the delivery queue's processor and nothing else (no relay, no sweep). */
@Module({})
class DeliveryWorkerModule {
  static forRoot(config: AppConfig) {
    return {
      module: DeliveryWorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule,
        DatabaseModule.forRoot('worker'),
        QueueModule.forRoot(),
        AuditModule,
        CryptoModule,
        NotificationsCoreModule,
      ],
      providers: [DeliveryProcessor],
    };
  }
}

describe('email and signed webhooks', () => {
  let t: TestApp;
  let worker: TestingModule;
  const smtp = new MailCatcher();
  const mails = smtp.mails;
  const receiver = new Receiver();
  let receiverUrl: string;
  const logs = new CollectingLogger();
  const dns = new ScriptedDns();
  let staffToken: string;
  let caseRef: { id: string; caseNumber: string };

  beforeAll(async () => {
    const smtpUrl = await smtp.start();
    receiverUrl = await receiver.start();
    const env = {
      QUEUE_PREFIX: PREFIX,
      SMTP_URL: smtpUrl,
      SMTP_FROM: 'alerts@tandem.test',
      WEBHOOK_ATTEMPTS: String(ATTEMPTS),
      WEBHOOK_BACKOFF_MS: '50',
      WEBHOOK_TIMEOUT_MS: '2000',
      // The receiver runs on this machine: only this suite lets a webhook reach it, by its name.
      WEBHOOK_ALLOW_HOSTS: RECEIVER_HOST,
    };
    t = await createTestApp(env);
    worker = await Test.createTestingModule({ imports: [DeliveryWorkerModule.forRoot(AppConfig.fromEnv({ ...process.env, ...env }))] })
      .overrideProvider(WebhookDns)
      .useValue(dns)
      .compile();
    worker.useLogger(logs);
    await worker.init();

    const agency = await t.world.agency(AgencyType.CHILD_WELFARE);
    const staff = await t.world.user(Role.STAFF, agency.id);
    staffToken = await t.signIn(staff);
    const created = await t.gql.ok(
      CREATE_CASE,
      {
        input: {
          riskLevel: 'HIGH',
          child: { legalName: 'Rowan Quill Delivery', dateOfBirth: '2012-02-03', placement: { kind: 'FOSTER_HOME', address: '7 Quiet Row' } },
        },
      },
      staffToken,
    );
    caseRef = created.createCase;
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await receiver.stop();
    await smtp.stop();
    const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      await deletePrefixKeys(redis, PREFIX);
    } finally {
      redis.disconnect();
    }
  });

  /**
   * Raises an alert as a domain handler would, then hands its `notification.created` event to the
   * real handler (what the worker's event router does), which queues the email and webhook jobs.
   */
  async function raise(recipientIds: string[], options: { createdAt?: Date; handle?: boolean } = {}) {
    const ledgerKey = `delivery-test:${randomBytes(6).toString('hex')}`;
    const event = await t.db.transaction(async (tx) => {
      const ids = await t.app.get(NotificationService).notify(tx, {
        ledgerKey,
        kind: 'REFERRAL_RESPONSE_REMINDER',
        caseId: caseRef.id,
        caseNumber: caseRef.caseNumber,
        text: `Case ${caseRef.caseNumber}: a referral response is due within 24 hours`,
        recipientIds,
        createdAt: options.createdAt ?? t.clock.now(),
      });
      const [[row]] = await tx.query(
        `UPDATE outbox SET sent_at = now() WHERE topic = $1 AND sent_at IS NULL AND payload @> jsonb_build_object('notificationIds', jsonb_build_array($2::text))
         RETURNING id, payload`,
        [NotificationTopic.CREATED, ids[0]],
      );
      return { eventId: row.id as string, ...(row.payload as { notificationIds: string[]; webhookDeliveryIds: string[] }) };
    });
    if (options.handle !== false) await t.app.get(NotificationCreatedHandler).handle(event);
    return event;
  }

  const delivery = async (id: string) =>
    (await t.db.query(`SELECT status, attempts, last_error AS "lastError", delivered_at AS "deliveredAt", dead_at AS "deadAt" FROM webhook_delivery WHERE id = $1`, [id]))[0];

  async function agencyWithAdmin(type = AgencyType.LAW_ENFORCEMENT) {
    const agency = await t.world.agency(type);
    const admin = await t.world.user(Role.AGENCY_ADMIN, agency.id);
    return { agency, admin, token: await t.signIn(admin) };
  }

  async function hook(agencyId: string, token: string, path: string, answer?: (call: number) => number): Promise<string> {
    const set = await t.gql.ok(SET_WEBHOOK, { agencyId, url: `${receiverUrl}${path}` }, token);
    receiver.secrets.set(path, set.setAgencyWebhook.secret);
    if (answer) receiver.answers.set(path, answer);
    return set.setAgencyWebhook.secret;
  }

  describe('email', () => {
    it('sends one message per notification to the recipient, naming the case number and never the child', async () => {
      const agency = await t.world.agency(AgencyType.SHELTER);
      const user = await t.world.user(Role.SUPERVISOR, agency.id);
      const event = await raise([user.id]);
      const [notificationId] = event.notificationIds;

      const mine = () => mails.filter((mail) => mail.to.includes(user.email));
      await waitFor('the email', async () => mine().length > 0);
      await waitFor('emailed_at', async () => (await t.db.query(`SELECT emailed_at FROM notification WHERE id = $1`, [notificationId]))[0].emailed_at);

      const [mail] = mine();
      const text = readable(mail!.raw);
      expect(text).toMatch(new RegExp(`^Subject: Tandem: ${caseRef.caseNumber} referral response reminder`, 'm'));
      expect(text).toMatch(/^From: alerts@tandem\.test/m);
      expect(text).toContain(`Case ${caseRef.caseNumber}: a referral response is due within 24 hours`);
      expect(text).toContain('Sign in to Tandem');
      expect(text).not.toMatch(/Rowan|Quill|Quiet Row|2012-02-03/);

      // The same job again, and the same event again: nothing more is sent.
      const processor = worker.get(DeliveryProcessor);
      await processor.process({ name: 'email', data: { notificationId }, attemptsMade: 0, opts: {} } as unknown as Job);
      await t.app.get(NotificationCreatedHandler).handle(event);
      await sleep(500);
      expect(mine()).toHaveLength(1);
      expect(logs.lines.join('\n')).toContain(`notification ${notificationId} emailed`);
      expect(logs.lines.join('\n')).not.toContain(user.email);
      expect(logs.lines.join('\n')).not.toContain('a referral response is due');
    });

    it('emails nobody whose account was disabled', async () => {
      const agency = await t.world.agency(AgencyType.SHELTER);
      const user = await t.world.user(Role.STAFF, agency.id);
      const event = await raise([user.id], { handle: false });
      await t.db.query(`UPDATE app_user SET active = false WHERE id = $1`, [user.id]);
      await worker.get(DeliveryProcessor).process({ name: 'email', data: { notificationId: event.notificationIds[0] }, attemptsMade: 0, opts: {} } as unknown as Job);
      expect(mails.filter((mail) => mail.to.includes(user.email))).toHaveLength(0);
    });
  });

  describe('webhooks', () => {
    it('posts a signed body once per agency, retries a failing receiver with backoff, and records DELIVERED', async () => {
      const { agency, token } = await agencyWithAdmin();
      const secret = await hook(agency.id, token, '/flaky', (call) => (call <= 2 ? 500 : 204));
      const [sealed] = await t.db.query(`SELECT secret_sealed FROM agency_webhook WHERE agency_id = $1`, [agency.id]);
      expect(sealed.secret_sealed).not.toContain(secret);
      expect(t.app.get(PiiCipher).decrypt(sealed.secret_sealed, webhookSecretContext(agency.id))).toBe(secret);

      // Two people of the agency are told: the agency's system hears of it once.
      const one = await t.world.user(Role.STAFF, agency.id);
      const two = await t.world.user(Role.SUPERVISOR, agency.id);
      const event = await raise([one.id, two.id]);
      expect(event.webhookDeliveryIds).toHaveLength(1);
      const [deliveryId] = event.webhookDeliveryIds;

      await waitFor('the delivery', async () => (await delivery(deliveryId!)).status === 'DELIVERED');
      expect(await delivery(deliveryId!)).toMatchObject({ status: 'DELIVERED', attempts: 3, lastError: null, deliveredAt: expect.any(Date) });
      const calls = receiver.callsTo('/flaky');
      expect(calls).toHaveLength(3);
      expect(calls.every((call) => call.verified)).toBe(true);
      expect(calls.map((call) => call.headers['x-tandem-delivery'])).toEqual([deliveryId, deliveryId, deliveryId]);
      const call = calls[2]!;
      expect(call.headers['content-type']).toBe('application/json');
      expect(call.headers['x-tandem-signature']).toBe(signWebhook(secret, Number(call.headers['x-tandem-timestamp']), call.rawBody));
      expect(JSON.parse(call.rawBody)).toEqual({
        event: 'REFERRAL_RESPONSE_REMINDER',
        caseId: caseRef.id,
        caseNumber: caseRef.caseNumber,
        deadlineId: null,
        text: `Case ${caseRef.caseNumber}: a referral response is due within 24 hours`,
        occurredAt: expect.any(String),
        deliveryId,
      });
      expect(call.rawBody).not.toMatch(/Rowan|Quill|Quiet Row/);
      // A replay of the job after success posts nothing.
      await worker.get(DeliveryProcessor).process({ name: 'webhook', data: { deliveryId }, attemptsMade: 0, opts: { attempts: ATTEMPTS } } as unknown as Job);
      expect(receiver.callsTo('/flaky')).toHaveLength(3);
    });

    it('gives up after WEBHOOK_ATTEMPTS as DEAD, lists it in the dead letters, and sends it again on retry', async () => {
      const { agency, token } = await agencyWithAdmin();
      let up = false;
      await hook(agency.id, token, '/down', () => (up ? 200 : 500));
      const user = await t.world.user(Role.STAFF, agency.id);
      const [deliveryId] = (await raise([user.id])).webhookDeliveryIds;

      await waitFor('the delivery to die', async () => (await delivery(deliveryId!)).status === 'DEAD');
      expect(await delivery(deliveryId!)).toMatchObject({ status: 'DEAD', attempts: ATTEMPTS, lastError: 'delivery failed: HTTP 500', deadAt: expect.any(Date) });
      expect(receiver.callsTo('/down')).toHaveLength(ATTEMPTS);
      expect(logs.lines.some((line) => line.includes(`webhook delivery ${deliveryId} to agency ${agency.id} is DEAD`))).toBe(true);

      const letters = await t.gql.ok(DEAD_LETTERS, { agencyId: agency.id }, token);
      expect(letters.webhookDeadLetters.edges.map((edge: any) => edge.node)).toEqual([
        { id: deliveryId, agencyId: agency.id, event: 'REFERRAL_RESPONSE_REMINDER', status: 'DEAD', attempts: ATTEMPTS, lastError: 'delivery failed: HTTP 500', deadAt: expect.any(String) },
      ]);

      // Another agency's administrator neither reads nor retries it.
      const other = await agencyWithAdmin();
      expect(await t.gql.code(DEAD_LETTERS, { agencyId: agency.id }, other.token)).toBe('FORBIDDEN');
      expect(await t.gql.code(RETRY, { id: deliveryId }, other.token)).toBe('NOT_FOUND');

      up = true;
      const retried = await t.gql.ok(RETRY, { id: deliveryId }, token);
      expect(retried.retryWebhookDelivery).toEqual({ id: deliveryId, status: 'PENDING', attempts: 0, lastError: null, deadAt: null });
      await waitFor('the retried delivery', async () => (await delivery(deliveryId!)).status === 'DELIVERED');
      expect(await delivery(deliveryId!)).toMatchObject({ status: 'DELIVERED', attempts: 1 });
      expect(receiver.callsTo('/down')).toHaveLength(ATTEMPTS + 1);
      expect((await t.gql.ok(DEAD_LETTERS, { agencyId: agency.id }, token)).webhookDeadLetters.edges).toEqual([]);
      expect(await t.gql.code(RETRY, { id: deliveryId }, token)).toBe('CONFLICT');
      const audited = await t.db.query(`SELECT action FROM audit_event WHERE subject_id = $1 AND outcome = 'ALLOWED' ORDER BY occurred_at`, [agency.id]);
      expect(audited.map((row: { action: string }) => row.action)).toEqual(expect.arrayContaining(['WEBHOOK_SET', 'WEBHOOK_RETRY']));
    });

    it('pages the dead letters newest first', async () => {
      const { agency, token } = await agencyWithAdmin();
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const [row] = await t.db.query(
          `INSERT INTO webhook_delivery (agency_id, ledger_key, body, status, attempts, last_error, dead_at)
           VALUES ($1, $2, '{"event":"TEST"}', 'DEAD', 4, 'HTTP 500', now() + ($3 || ' seconds')::interval) RETURNING id`,
          [agency.id, `dead-letter-page:${randomBytes(6).toString('hex')}`, String(i)],
        );
        ids.unshift(row.id);
      }
      const first = await t.gql.ok(DEAD_LETTERS, { agencyId: agency.id, first: 2 }, token);
      expect(first.webhookDeadLetters.edges.map((edge: any) => edge.node.id)).toEqual(ids.slice(0, 2));
      expect(first.webhookDeadLetters.pageInfo.hasNextPage).toBe(true);
      const next = await t.gql.ok(DEAD_LETTERS, { agencyId: agency.id, first: 2, after: first.webhookDeadLetters.pageInfo.endCursor }, token);
      expect(next.webhookDeadLetters.edges.map((edge: any) => edge.node.id)).toEqual(ids.slice(2));
      expect(next.webhookDeadLetters.pageInfo.hasNextPage).toBe(false);
    });

    it('stops calling a disabled webhook: what is pending dies with a reason', async () => {
      const { agency, token } = await agencyWithAdmin();
      await hook(agency.id, token, '/disabled');
      const user = await t.world.user(Role.STAFF, agency.id);
      const [deliveryId] = (await raise([user.id], { handle: false })).webhookDeliveryIds;
      expect((await t.gql.ok(DISABLE_WEBHOOK, { agencyId: agency.id }, token)).disableAgencyWebhook).toBe(true);
      expect((await t.gql.ok(DISABLE_WEBHOOK, { agencyId: agency.id }, token)).disableAgencyWebhook).toBe(false);
      await worker.get(DeliveryProcessor).process({ name: 'webhook', data: { deliveryId }, attemptsMade: 0, opts: { attempts: ATTEMPTS } } as unknown as Job);
      expect(await delivery(deliveryId!)).toMatchObject({ status: 'DEAD', attempts: 0, lastError: 'webhook disabled' });
      expect(receiver.callsTo('/disabled')).toHaveLength(0);
      // With no active webhook, new alerts make no deliveries at all.
      expect((await raise([user.id], { handle: false })).webhookDeliveryIds).toEqual([]);
    });
  });

  describe('targets at delivery', () => {
    /** The last attempt of a delivery, run by the real processor: what it stores is final. */
    async function lastAttempt(deliveryId: string) {
      await worker.get(DeliveryProcessor).process({ name: 'webhook', data: { deliveryId }, attemptsMade: ATTEMPTS - 1, opts: { attempts: ATTEMPTS } } as unknown as Job);
      return delivery(deliveryId);
    }

    async function pendingDelivery(agencyId: string): Promise<string> {
      const user = await t.world.user(Role.STAFF, agencyId);
      const [deliveryId] = (await raise([user.id], { handle: false })).webhookDeliveryIds;
      return deliveryId!;
    }

    it.each<[string, LookupAddress[]]>([
      ['loopback', [{ address: '127.0.0.1', family: 4 }]],
      ['a public address and a loopback one', [{ address: '93.184.215.14', family: 4 }, { address: '127.0.0.1', family: 4 }]],
      ['IPv4-mapped loopback', [{ address: '::ffff:127.0.0.1', family: 6 }]],
    ])('refuses a name that DNS answers with %s at delivery, without connecting', async (_name, answer) => {
      const listener = new Listener(false);
      const port = await listener.start();
      try {
        const { agency, token } = await agencyWithAdmin();
        const host = `hooks-${randomBytes(4).toString('hex')}.partner.example`;
        dns.answers.set(host, answer);
        // A public-looking name passes when set: only DNS tells where it leads.
        await t.gql.ok(SET_WEBHOOK, { agencyId: agency.id, url: `https://${host}:${port}/ssrf` }, token);
        const deliveryId = await pendingDelivery(agency.id);

        expect(await lastAttempt(deliveryId)).toMatchObject({ status: 'DEAD', attempts: 1, lastError: 'delivery failed: address not allowed' });
        expect(dns.asked).toContain(host);
        expect(listener.connections).toBe(0);
        const line = logs.lines.find((entry) => entry.includes(`webhook delivery ${deliveryId} `) && entry.includes('not a public address'));
        expect(line).toMatch(/loopback/);
        expect(line).not.toContain(host);
      } finally {
        await listener.stop();
      }
    });

    it.each(['http://127.0.0.1:PORT/legacy', 'http://2130706433:PORT/legacy', 'http://[::ffff:7f00:1]:PORT/legacy', 'http://localhost:PORT/legacy'])(
      'refuses %s stored before the rule, without connecting',
      async (template) => {
        const listener = new Listener(false);
        const port = await listener.start();
        try {
          const { agency, token } = await agencyWithAdmin();
          await hook(agency.id, token, '/legacy');
          await t.db.query(`UPDATE agency_webhook SET url = $2 WHERE agency_id = $1`, [agency.id, template.replace('PORT', String(port))]);
          const deliveryId = await pendingDelivery(agency.id);

          expect(await lastAttempt(deliveryId)).toMatchObject({ status: 'DEAD', attempts: 1, lastError: 'delivery failed: address not allowed' });
          expect(listener.connections).toBe(0);
        } finally {
          await listener.stop();
        }
      },
    );

    it('stores one reason for a closed port, a port that never answers, and a name that does not resolve', async () => {
      const silent = new Listener(true);
      const silentPort = await silent.start();
      const closed = new Listener(false);
      const closedPort = await closed.start();
      await closed.stop();
      try {
        const errors: (string | null)[] = [];
        for (const url of [
          `http://${RECEIVER_HOST}:${closedPort}/closed`,
          `http://${RECEIVER_HOST}:${silentPort}/silent`,
          `https://nowhere-${randomBytes(4).toString('hex')}.partner.example/x`,
        ]) {
          const { agency, token } = await agencyWithAdmin();
          await t.gql.ok(SET_WEBHOOK, { agencyId: agency.id, url }, token);
          errors.push((await lastAttempt(await pendingDelivery(agency.id))).lastError);
        }
        expect(silent.connections).toBe(1);
        expect(errors).toEqual(['delivery failed: could not connect', 'delivery failed: could not connect', 'delivery failed: could not connect']);
      } finally {
        await silent.stop();
      }
    });

    it('does not follow a redirect', async () => {
      const { agency, token } = await agencyWithAdmin();
      await hook(agency.id, token, '/moved', () => 307);
      expect(await lastAttempt(await pendingDelivery(agency.id))).toMatchObject({ status: 'DEAD', lastError: 'delivery failed: HTTP 307' });
      expect(receiver.callsTo('/moved')).toHaveLength(1);
      expect(receiver.callsTo('/redirected/moved')).toHaveLength(0);
    });

    it('asks DNS once per attempt and connects to the address it checked', async () => {
      const { agency, token } = await agencyWithAdmin();
      await hook(agency.id, token, '/pinned');
      const asked = () => dns.asked.filter((host) => host === RECEIVER_HOST).length;
      const before = asked();
      // receiver.tandem.test exists only in this suite's DNS: a call that arrives went where it said.
      expect(await lastAttempt(await pendingDelivery(agency.id))).toMatchObject({ status: 'DELIVERED', attempts: 1, lastError: null });
      expect(asked() - before).toBe(1);
      expect(receiver.callsTo('/pinned').map((call) => [call.verified, call.headers.host])).toEqual([[true, `${RECEIVER_HOST}:${receiver.port}`]]);
    });
  });

  describe('recovery after Redis lost the jobs', () => {
    it('re-queues PENDING deliveries and unsent emails from PostgreSQL, under the same job ids', async () => {
      const { agency, token } = await agencyWithAdmin();
      await hook(agency.id, token, '/recovered');
      const user = await t.world.user(Role.STAFF, agency.id);
      // Stored, but its jobs never reached Redis (as after a flush).
      const event = await raise([user.id], { handle: false, createdAt: new Date(t.clock.now().getTime() - 5 * 60_000) });
      const [deliveryId] = event.webhookDeliveryIds;
      await t.db.query(`UPDATE webhook_delivery SET created_at = now() - interval '5 minutes' WHERE id = $1`, [deliveryId]);
      const fresh = await raise([user.id], { handle: false });

      const counted = await t.app.get(DeliveryRecovery).requeue();
      expect(counted.webhooks).toBeGreaterThanOrEqual(1);
      expect(counted.emails).toBeGreaterThanOrEqual(1);
      await waitFor('the recovered delivery', async () => (await delivery(deliveryId!)).status === 'DELIVERED');
      await waitFor('the recovered email', async () => mails.some((mail) => mail.to.includes(user.email)));
      expect(receiver.callsTo('/recovered')).toHaveLength(1);
      // Younger than a minute: still on its way through the outbox, left alone.
      expect((await delivery(fresh.webhookDeliveryIds[0]!)).status).toBe('PENDING');

      // Again: the jobs exist (completed), so nothing is sent twice.
      await t.app.get(DeliveryRecovery).requeue();
      await sleep(500);
      expect(receiver.callsTo('/recovered')).toHaveLength(1);
      expect(mails.filter((mail) => mail.to.includes(user.email))).toHaveLength(1);
      // Leave nothing PENDING behind for another suite's sweep to pick up once this receiver is gone.
      await t.db.query(`UPDATE webhook_delivery SET status = 'DEAD', dead_at = now() WHERE id = $1`, [fresh.webhookDeliveryIds[0]]);
    });
  });

  describe('access and input', () => {
    it('lets the system administrator and the agency administrator set a webhook, and nobody else', async () => {
      const { agency, admin, token } = await agencyWithAdmin();
      const sys = await t.world.user(Role.SYSTEM_ADMIN, null);
      const sysToken = await t.signIn(sys);
      const staff = await t.world.user(Role.STAFF, agency.id);
      const other = await agencyWithAdmin();
      const url = 'https://hooks.agency.test/tandem';

      const mine = await t.gql.ok(SET_WEBHOOK, { agencyId: agency.id, url }, token);
      expect(mine.setAgencyWebhook).toEqual({ agencyId: agency.id, url, secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
      const bySys = await t.gql.ok(SET_WEBHOOK, { agencyId: agency.id, url }, sysToken);
      expect(bySys.setAgencyWebhook.secret).not.toBe(mine.setAgencyWebhook.secret);

      expect(await t.gql.code(SET_WEBHOOK, { agencyId: agency.id, url }, await t.signIn(staff))).toBe('FORBIDDEN');
      expect(await t.gql.code(SET_WEBHOOK, { agencyId: agency.id, url }, other.token)).toBe('FORBIDDEN');
      expect(await t.gql.code(DISABLE_WEBHOOK, { agencyId: agency.id }, other.token)).toBe('FORBIDDEN');
      expect(await t.gql.code(SET_WEBHOOK, { agencyId: agency.id, url })).toBe('UNAUTHENTICATED');
      expect(await t.gql.code(SET_WEBHOOK, { agencyId: '00000000-0000-4000-8000-000000000000', url }, sysToken)).toBe('NOT_FOUND');

      const denied = await t.db.query(
        `SELECT details->>'attempted' AS attempted FROM audit_event WHERE actor_user_id = $1 AND outcome = 'DENIED'`,
        [other.admin.id],
      );
      expect(denied.map((row: { attempted: string }) => row.attempted)).toEqual(expect.arrayContaining(['WEBHOOK_SET', 'WEBHOOK_DISABLE']));
      const set = await t.db.query(`SELECT actor_user_id AS actor FROM audit_event WHERE action = 'WEBHOOK_SET' AND subject_id = $1 ORDER BY occurred_at`, [
        agency.id,
      ]);
      expect(set.map((row: { actor: string }) => row.actor)).toEqual([admin.id, sys.id]);
    });

    it.each([
      ['plain http to another host', 'http://hooks.agency.test/tandem'],
      ['another scheme', 'ftp://hooks.agency.test/tandem'],
      ['not a URL', 'hooks.agency.test/tandem'],
      ['credentials in the URL', 'https://user:pass@hooks.agency.test/tandem'],
      ['more than 500 characters', `https://hooks.agency.test/${'a'.repeat(480)}`],
    ])('refuses %s with BAD_USER_INPUT naming url, changing nothing', async (_name, url) => {
      const { agency, token } = await agencyWithAdmin();
      const response = await t.gql.query(SET_WEBHOOK, { agencyId: agency.id, url }, token);
      expect(response.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect((response.errors[0]?.extensions?.fields as { path: string }[])[0]!.path).toBe('url');
      expect(await t.world.count('agency_webhook', 'agency_id = $1', [agency.id])).toBe(0);
    });
  });
});
