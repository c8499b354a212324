import { createHmac, timingSafeEqual } from 'node:crypto';
import { LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { PiiCipher } from '@tandem/crypto';
import { AppConfig, Clock, QueueName, Transactions } from '@tandem/platform';
import { Job } from 'bullmq';
import { createTransport, Transporter } from 'nodemailer';
import { NotificationRepository } from '../notification.repository';
import { DeliveryTargetRow, WebhookRepository } from '../webhook.repository';
import { untilAborted, WebhookDns, webhookAddressesProblem, webhookHostKey, webhookUrlProblem } from '../webhook-target';
import { DeliveryJob } from './notification-created.handler';

/*
 * Webhook signatures, scheme v1. Every POST to an agency webhook carries:
 *
 *   X-Tandem-Delivery:  <delivery id>, the same on every retry of one alert: receivers dedupe on it
 *   X-Tandem-Timestamp: <unix seconds> when this attempt was signed
 *   X-Tandem-Signature: v1=<hex HMAC-SHA256 over "<timestamp>.<raw body>", keyed with the secret>
 *
 * The secret is the string `setAgencyWebhook` showed once, used as UTF-8 bytes. A receiver
 * recomputes the HMAC over the raw bytes it received (before parsing the JSON), compares it in
 * constant time, and refuses a timestamp more than five minutes away from its own clock, so a
 * captured call cannot be replayed later.
 */

export const WEBHOOK_SIGNATURE_VERSION = 'v1';
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

/** The `X-Tandem-Signature` value of a body signed at `timestamp` (unix seconds). */
export function signWebhook(secret: string, timestamp: number, rawBody: string | Buffer): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
  return `${WEBHOOK_SIGNATURE_VERSION}=${mac}`;
}

/** True when the signature is the secret's over this timestamp and body, and the timestamp is recent. */
export function verifyWebhookSignature(input: {
  secret: string;
  timestamp: string | number | undefined;
  rawBody: string | Buffer;
  signature: string | undefined;
  nowSeconds?: number;
  toleranceSeconds?: number;
}): boolean {
  const timestamp = Number(input.timestamp);
  if (!Number.isSafeInteger(timestamp) || !input.signature) return false;
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(signWebhook(input.secret, timestamp, input.rawBody));
  const given = Buffer.from(input.signature.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** What an agency administrator reads in the dead letters: nothing that maps a network (open or closed ports, timeouts). */
export const WebhookFailure = {
  UNREACHABLE: 'delivery failed: could not connect',
  REFUSED_ADDRESS: 'delivery failed: address not allowed',
  status: (status: number) => `delivery failed: HTTP ${status}`,
} as const;

interface Failure {
  /** Stored in last_error, shown to the agency. */
  error: string;
  /** For the operator's log only: an error code or an address class, never an address or a URL. */
  detail: string;
}

/** A lookup that answers only the addresses already checked: the connection cannot go anywhere else. */
function pinnedLookup(addresses: LookupAddress[]): LookupFunction {
  return (hostname, options, callback) => {
    const usable = options.family === 4 || options.family === 6 ? addresses.filter((entry) => entry.family === options.family) : addresses;
    if (usable.length === 0) {
      callback(Object.assign(new Error(`no checked address of family ${options.family} for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
    } else if (options.all) {
      callback(null, usable);
    } else {
      callback(null, usable[0]!.address, usable[0]!.family);
    }
  };
}

/** One POST on a fresh connection (no pooled socket), redirects not followed; answers the HTTP status. */
function postOnce(url: URL, addresses: LookupAddress[], headers: Record<string, string>, body: string, signal: AbortSignal): Promise<number> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const call = request(
      url,
      { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, agent: false, lookup: pinnedLookup(addresses), signal },
      (response) => {
        resolve(response.statusCode ?? 0);
        // The status is all we use: the answer's body is not read, whatever its size.
        response.destroy();
      },
    );
    call.on('error', reject);
    call.end(body);
  });
}

/**
 * Sends what a new notification asks for beyond the database: one email per notification (when
 * SMTP is configured) and one signed POST per agency webhook delivery. Jobs carry ids and re-read
 * state, so a replayed job sends nothing twice. Logs name ids only: never an address or a text.
 */
@Processor(QueueName.DELIVERY, { concurrency: 8 })
@Injectable()
export class DeliveryProcessor extends WorkerHost implements OnApplicationShutdown {
  private readonly logger = new Logger('Delivery');
  private transport: Transporter | null = null;

  constructor(
    private readonly transactions: Transactions,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly dns: WebhookDns,
    private readonly notifications: NotificationRepository,
    private readonly webhooks: WebhookRepository,
  ) {
    super();
  }

  async process(job: Job): Promise<void> {
    const data = job.data as { notificationId?: string; deliveryId?: string };
    if (job.name === DeliveryJob.EMAIL && data.notificationId) return this.email(data.notificationId);
    if (job.name === DeliveryJob.WEBHOOK && data.deliveryId) return this.webhook(data.deliveryId, job);
    throw new Error(`Unknown delivery job "${job.name}"`);
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }

  private async email(notificationId: string): Promise<void> {
    const row = await this.notifications.findForEmail(this.transactions.manager, notificationId);
    if (!row || row.emailedAt) return;
    // A disabled account is told nothing more, by any channel.
    if (!row.active) return;
    const smtp = this.smtp();
    if (!smtp) return;
    const kind = row.kind.toLowerCase().replaceAll('_', ' ');
    await smtp.sendMail({
      from: this.config.values.SMTP_FROM,
      to: row.email,
      subject: row.caseNumber ? `Tandem: ${row.caseNumber} ${kind}` : `Tandem: ${kind}`,
      // The stored text names the case number and what is due, never the child: mail leaves our hands.
      text: `${row.text}\n\nSign in to Tandem to see the case and act on it. This email carries no case details on purpose.\n`,
    });
    await this.notifications.markEmailed(this.transactions.manager, row.id, this.clock.now());
    this.logger.log(`notification ${row.id} emailed`);
  }

  private async webhook(deliveryId: string, job: Job): Promise<void> {
    const row = await this.webhooks.findWithTarget(this.transactions.manager, deliveryId);
    if (!row || row.status !== 'PENDING') return;
    if (!row.url || !row.secretSealed || !row.active) {
      // Nowhere to send it: dead at once, so it shows in the dead letters and can be retried once a webhook is set.
      await this.fail(row, 'webhook disabled', true, false);
      return;
    }
    const failure = await this.post(row, row.url, row.secretSealed);
    if (failure === null) {
      await this.webhooks.markDelivered(this.transactions.manager, row.id, this.clock.now());
      this.logger.log(`webhook delivery ${row.id} delivered to agency ${row.agencyId}`);
      return;
    }
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await this.fail(row, failure.error, last, true, failure.detail);
    // Thrown, BullMQ retries with backoff; after the last attempt the row is DEAD and the job ends.
    if (!last) throw new Error(`webhook delivery ${row.id} failed: ${failure.detail}`);
  }

  /**
   * One signed POST; answers null on a 2xx. The host is resolved here, every address it has must
   * be public (unless the host is in WEBHOOK_ALLOW_HOSTS), and the connection is pinned to those
   * addresses: a name cannot answer one address to the check and another to the connection.
   */
  private async post(row: DeliveryTargetRow, storedUrl: string, sealed: string): Promise<Failure | null> {
    let secret: string;
    try {
      secret = this.cipher.decrypt(sealed, `webhook:${row.agencyId}`);
    } catch {
      return { error: 'secret could not be opened', detail: 'secret could not be opened' };
    }
    const timeout = this.config.values.WEBHOOK_TIMEOUT_MS;
    const signal = AbortSignal.timeout(timeout);
    let url: URL;
    let addresses: LookupAddress[];
    try {
      url = new URL(storedUrl);
      const target = await this.addresses(url, signal);
      if ('refused' in target) {
        this.logger.warn(`webhook delivery ${row.id} to agency ${row.agencyId} refused, not a public address: ${target.refused}`);
        return { error: WebhookFailure.REFUSED_ADDRESS, detail: target.refused };
      }
      addresses = target.addresses;
    } catch (error) {
      return { error: WebhookFailure.UNREACHABLE, detail: this.code(error) };
    }
    const rawBody = JSON.stringify({ ...row.body, deliveryId: row.id });
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    const headers = {
      'Content-Type': 'application/json',
      'X-Tandem-Delivery': row.id,
      'X-Tandem-Timestamp': String(timestamp),
      'X-Tandem-Signature': signWebhook(secret, timestamp, rawBody),
    };
    try {
      // A redirect is a failure too: the signed alert goes to the address the agency set, nowhere else.
      const status = await postOnce(url, addresses, headers, rawBody, signal);
      return status >= 200 && status < 300 ? null : { error: WebhookFailure.status(status), detail: `HTTP ${status}` };
    } catch (error) {
      // Refused, reset, timed out, TLS: one reason, so the dead letters cannot be used to map ports.
      return { error: WebhookFailure.UNREACHABLE, detail: this.code(error) };
    }
  }

  /** Where the URL may lead: its checked addresses, or why it is refused (no address or URL in it). */
  private async addresses(url: URL, signal: AbortSignal): Promise<{ addresses: LookupAddress[] } | { refused: string }> {
    const rules = { production: this.config.isProduction, allowHosts: this.config.values.WEBHOOK_ALLOW_HOSTS };
    // Again at every delivery: the rule may be newer than the stored URL, or the configuration changed.
    const problem = webhookUrlProblem(url.href, rules);
    if (problem) return { refused: `the URL ${problem}` };
    const host = webhookHostKey(url.hostname);
    const family = isIP(host);
    const addresses = family ? [{ address: host, family }] : await untilAborted(this.dns.lookup(host), signal);
    const kind = rules.allowHosts.includes(host) ? null : webhookAddressesProblem(addresses);
    return kind ? { refused: `its host resolves to a ${kind} address` } : { addresses };
  }

  private code(error: unknown): string {
    const failure = error as Error & { code?: string };
    if (failure.name === 'TimeoutError' || failure.name === 'AbortError') return `timed out after ${this.config.values.WEBHOOK_TIMEOUT_MS} ms`;
    return String(failure.code ?? failure.name ?? 'network error').slice(0, 100);
  }

  private async fail(row: DeliveryTargetRow, error: string, dead: boolean, attempted = true, detail = error): Promise<void> {
    await this.webhooks.markFailed(this.transactions.manager, row.id, error, dead, this.clock.now(), attempted);
    if (dead) this.logger.warn(`webhook delivery ${row.id} to agency ${row.agencyId} is DEAD (${detail})`);
  }

  /** The SMTP transport, made on first use (none when SMTP_URL is not set). */
  private smtp(): Transporter | null {
    const url = this.config.values.SMTP_URL;
    if (!url) return null;
    this.transport ??= createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
    return this.transport;
  }
}
