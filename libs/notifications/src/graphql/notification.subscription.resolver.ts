import { Resolver, Subscription } from '@nestjs/graphql';
import { Allow, CurrentViewer, Viewer } from '@tandem/authz';
import { NotificationPolicy } from '../notification.policies';
import { NotificationRecord } from '../notification.types';
import { Notification } from './notification.model';
import { NotificationPubSub } from './pubsub';

/**
 * Live notifications over graphql-ws. The socket is authenticated when it connects and the
 * global guard checks the session again when the subscription starts; the feed is filtered
 * to the viewer before anything leaves the process.
 */
@Resolver(() => Notification)
export class NotificationSubscriptionResolver {
  constructor(private readonly feed: NotificationPubSub) {}

  @Subscription(() => Notification, {
    description: 'Your new notifications as they are raised, and only yours',
    resolve: (notification: NotificationRecord) => notification,
  })
  @Allow(NotificationPolicy.subscribe)
  notificationAdded(@CurrentViewer() viewer: Viewer): AsyncIterableIterator<NotificationRecord> {
    return this.feed.forRecipient(viewer.userId);
  }
}
