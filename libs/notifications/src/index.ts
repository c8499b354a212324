// Notifications: alerts stored once per recipient, read in the API, delivered live, by email and by agency webhook.
export * from './graphql/notification.model';
export * from './graphql/webhook.model';
export * from './jobs/delivery.processor';
export * from './jobs/delivery.recovery';
export * from './jobs/notification-created.handler';
export * from './notification.policies';
export * from './notification.repository';
export * from './notification.service';
export * from './notification.types';
export * from './notifications.module';
export * from './recipients';
export * from './webhook.policies';
export * from './webhook.repository';
export * from './webhook-dead-letters.service';
export * from './webhook-target';
export * from './webhook-targets.service';
export * from './webhooks.service';
