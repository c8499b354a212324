import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentViewer, Viewer } from '@tandem/authz';
import { Clock, Connection, CursorCodec, pageSize, ParseIdPipe } from '@tandem/platform';
import { NotificationPolicy } from '../notification.policies';
import { NotificationService } from '../notification.service';
import { Notification, NotificationConnection } from './notification.model';

/** Everyone signed in has notifications of their own, and only of their own. */
@Resolver(() => Notification)
export class NotificationResolver {
  constructor(
    private readonly service: NotificationService,
    private readonly cursors: CursorCodec,
    private readonly clock: Clock,
  ) {}

  @Query(() => NotificationConnection, { description: 'Your notifications, newest first' })
  @Allow(NotificationPolicy.list)
  async notifications(
    @CurrentViewer() viewer: Viewer,
    @Args('unreadOnly', { type: () => Boolean, nullable: true }) unreadOnly?: boolean,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<Connection<Notification>> {
    const limit = pageSize(first);
    const scope = `notifications:${unreadOnly ? 'unread' : 'all'}`;
    const key = this.cursors.decode(scope, after) as [string, string] | null;
    const rows = await this.service.page(viewer.userId, unreadOnly ?? false, key, limit + 1);
    return this.cursors.connection(scope, rows, limit, (row) => [row.createdAt.toISOString(), row.id], (row) => row);
  }

  @Query(() => Int, { description: 'How many of your notifications are unread' })
  @Allow(NotificationPolicy.count)
  unreadNotificationCount(@CurrentViewer() viewer: Viewer): Promise<number> {
    return this.service.unreadCount(viewer.userId);
  }

  @Mutation(() => Notification, { description: 'Marks one of your notifications read (another user’s is NOT_FOUND)' })
  @Allow(NotificationPolicy.markRead)
  markNotificationRead(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string): Promise<Notification> {
    return this.service.markRead(viewer.userId, id, this.clock.now());
  }

  @Mutation(() => Int, { description: 'Marks all your unread notifications read; answers how many were' })
  @Allow(NotificationPolicy.markAllRead)
  markAllNotificationsRead(@CurrentViewer() viewer: Viewer): Promise<number> {
    return this.service.markAllRead(viewer.userId, this.clock.now());
  }
}
