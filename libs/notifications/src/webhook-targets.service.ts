import { isIP } from 'node:net';
import { Injectable } from '@nestjs/common';
import { actorOf, RefusalLog } from '@tandem/audit';
import { Viewer } from '@tandem/authz';
import { AppConfig, BadInputError } from '@tandem/platform';
import { WebhookPolicy } from './webhook.policies';
import { resolvedHostProblem, untilAborted, WebhookDns, webhookHostKey, webhookUrlForTrail, webhookUrlProblem } from './webhook-target';

/** Where an agency webhook may point: checked when it is set, by its form and by what its host name resolves to now. */
@Injectable()
export class WebhookTargets {
  constructor(
    private readonly config: AppConfig,
    private readonly dns: WebhookDns,
    private readonly refusals: RefusalLog,
  ) {}

  /** The URL to store, trimmed; a refused one is recorded as a refused attempt and answered BAD_USER_INPUT naming `url`. */
  async checked(viewer: Viewer, agencyId: string, rawUrl: string): Promise<string> {
    const url = rawUrl.trim();
    const rules = { production: this.config.isProduction, allowHosts: this.config.values.WEBHOOK_ALLOW_HOSTS };
    const problem = webhookUrlProblem(url, rules) ?? (await this.resolvedProblem(url, rules.allowHosts));
    if (problem) {
      // Pointing a webhook inward is how one would probe the internal network: the trail keeps the try.
      await this.refusals.record(actorOf(viewer), {
        attempted: WebhookPolicy.set.audit,
        reason: 'webhook target refused',
        details: { agencyId, url: webhookUrlForTrail(url) },
      });
      throw BadInputError.field('url', problem);
    }
    return url;
  }

  /**
   * Where the URL's host name leads now, by DNS (its form alone was checked already). Only a
   * non-public answer refuses it: a name that does not resolve, or not in time, is the delivery's
   * to check, as every delivery checks again on the addresses it connects to.
   */
  private async resolvedProblem(url: string, allowHosts: readonly string[]): Promise<string | null> {
    const host = webhookHostKey(new URL(url).hostname);
    if (isIP(host) || allowHosts.includes(host)) return null;
    try {
      return resolvedHostProblem(await untilAborted(this.dns.lookup(host), AbortSignal.timeout(this.config.values.WEBHOOK_TIMEOUT_MS)));
    } catch {
      return null;
    }
  }
}
