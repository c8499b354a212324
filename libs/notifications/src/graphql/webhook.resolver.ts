import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentViewer, Viewer } from '@tandem/authz';
import { Connection, CursorCodec, pageSize, ParseIdPipe } from '@tandem/platform';
import { WebhookDeadLetters } from '../webhook-dead-letters.service';
import { WebhookPolicy } from '../webhook.policies';
import { WebhookDeliveryRecord } from '../webhook.repository';
import { WebhooksService } from '../webhooks.service';
import { AgencyWebhookSecret, WebhookDelivery, WebhookDeliveryConnection } from './webhook.model';

/** Agency webhooks: the system administrator for any agency, an agency administrator for their own. */
@Resolver(() => WebhookDelivery)
export class WebhookResolver {
  constructor(
    private readonly service: WebhooksService,
    private readonly deadLetters: WebhookDeadLetters,
    private readonly cursors: CursorCodec,
  ) {}

  @Mutation(() => AgencyWebhookSecret, {
    description: 'Points the agency webhook at a URL with a new signing secret, shown only in this answer (a previous secret stops working)',
  })
  @Allow(WebhookPolicy.set)
  setAgencyWebhook(
    @CurrentViewer() viewer: Viewer,
    @Args('agencyId', { type: () => ID }, new ParseIdPipe('agencyId')) agencyId: string,
    @Args('url') url: string,
  ): Promise<AgencyWebhookSecret> {
    return this.service.set(viewer, agencyId, url);
  }

  @Mutation(() => Boolean, { description: 'Stops calls to the agency webhook; answers whether one was active' })
  @Allow(WebhookPolicy.disable)
  disableAgencyWebhook(
    @CurrentViewer() viewer: Viewer,
    @Args('agencyId', { type: () => ID }, new ParseIdPipe('agencyId')) agencyId: string,
  ): Promise<boolean> {
    return this.service.disable(viewer, agencyId);
  }

  @Query(() => WebhookDeliveryConnection, { description: 'Webhook calls of the agency that failed every retry, most recent first' })
  @Allow(WebhookPolicy.listDeadLetters)
  async webhookDeadLetters(
    @CurrentViewer() viewer: Viewer,
    @Args('agencyId', { type: () => ID }, new ParseIdPipe('agencyId')) agencyId: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<Connection<WebhookDelivery>> {
    const limit = pageSize(first);
    const scope = `webhookDeadLetters:${agencyId}`;
    const key = this.cursors.decode(scope, after) as [string, string] | null;
    const rows = await this.deadLetters.page(viewer, agencyId, key, limit + 1);
    return this.cursors.connection(scope, rows, limit, (row: WebhookDeliveryRecord) => [row.deadAt!.toISOString(), row.id], (row) => row);
  }

  @Mutation(() => WebhookDelivery, { description: 'Sends a DEAD webhook call again, with all its attempts' })
  @Allow(WebhookPolicy.retry)
  retryWebhookDelivery(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
  ): Promise<WebhookDelivery> {
    return this.deadLetters.retry(viewer, id);
  }
}
