import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentViewer, Role, Roles, Viewer } from '@tandem/authz';
import { Connection, CursorCodec, pageSize, ParseIdPipe } from '@tandem/platform';
import { WebhookDeliveryRecord } from '../webhook.repository';
import { WebhooksService } from '../webhooks.service';
import { AgencyWebhookSecret, WebhookDelivery, WebhookDeliveryConnection } from './webhook.model';

/** Agency webhooks: the system administrator for any agency, an agency administrator for their own. */
@Resolver(() => WebhookDelivery)
export class WebhookResolver {
  constructor(
    private readonly service: WebhooksService,
    private readonly cursors: CursorCodec,
  ) {}

  @Mutation(() => AgencyWebhookSecret, {
    description: 'Points the agency webhook at a URL with a new signing secret, shown only in this answer (a previous secret stops working)',
  })
  @Roles(Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN)
  setAgencyWebhook(
    @CurrentViewer() viewer: Viewer,
    @Args('agencyId', { type: () => ID }, new ParseIdPipe('agencyId')) agencyId: string,
    @Args('url') url: string,
  ): Promise<AgencyWebhookSecret> {
    return this.service.set(viewer, agencyId, url);
  }

  @Mutation(() => Boolean, { description: 'Stops calls to the agency webhook; answers whether one was active' })
  @Roles(Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN)
  disableAgencyWebhook(
    @CurrentViewer() viewer: Viewer,
    @Args('agencyId', { type: () => ID }, new ParseIdPipe('agencyId')) agencyId: string,
  ): Promise<boolean> {
    return this.service.disable(viewer, agencyId);
  }

  @Query(() => WebhookDeliveryConnection, { description: 'Webhook calls of the agency that failed every retry, most recent first' })
  @Roles(Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN)
  async webhookDeadLetters(
    @CurrentViewer() viewer: Viewer,
    @Args('agencyId', { type: () => ID }, new ParseIdPipe('agencyId')) agencyId: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<Connection<WebhookDelivery>> {
    const limit = pageSize(first);
    const scope = `webhookDeadLetters:${agencyId}`;
    const key = this.cursors.decode(scope, after) as [string, string] | null;
    const rows = await this.service.deadLetters(viewer, agencyId, key, limit + 1);
    return this.cursors.connection(scope, rows, limit, (row: WebhookDeliveryRecord) => [row.deadAt!.toISOString(), row.id], (row) => row);
  }

  @Mutation(() => WebhookDelivery, { description: 'Sends a DEAD webhook call again, with all its attempts' })
  @Roles(Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN)
  retryWebhookDelivery(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
  ): Promise<WebhookDelivery> {
    return this.service.retry(viewer, id);
  }
}
