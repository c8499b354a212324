import { Module } from '@nestjs/common';
import { IdentityCoreModule } from '@tandem/identity';
import { NotificationResolver } from './graphql/notification.resolver';
import { NotificationSubscriptionResolver } from './graphql/notification.subscription.resolver';
import { NotificationPubSub } from './graphql/pubsub';
import { WebhookResolver } from './graphql/webhook.resolver';
import { NotificationRepository } from './notification.repository';
import { NotificationService } from './notification.service';
import { DeliveryRecovery } from './jobs/delivery.recovery';
import { NotificationCreatedHandler } from './jobs/notification-created.handler';
import { Recipients } from './recipients';
import { WebhookRepository } from './webhook.repository';
import { WebhookDeadLetters } from './webhook-dead-letters.service';
import { WebhookDns } from './webhook-target';
import { WebhookTargets } from './webhook-targets.service';
import { WebhooksService } from './webhooks.service';

const CORE = [NotificationRepository, WebhookRepository, NotificationService, Recipients, DeliveryRecovery, WebhookDns];

/** Notifications without GraphQL: what the deadline engine and domain handlers raise alerts with. */
@Module({ imports: [IdentityCoreModule], providers: [...CORE, NotificationCreatedHandler], exports: CORE })
export class NotificationsCoreModule {}

/** Notifications with their GraphQL queries and mutations, for the API. */
@Module({ imports: [NotificationsCoreModule, IdentityCoreModule], providers: [NotificationResolver, WebhooksService, WebhookDeadLetters, WebhookTargets, WebhookResolver, NotificationPubSub, NotificationSubscriptionResolver] })
export class NotificationsModule {}
