import { definePolicy } from '@tandem/authz';

/*
 * Everyone signed in has notifications of their own, and only of their own. No operation names a
 * recipient: each reads or marks the viewer's, and the repository's WHERE names the viewer as the
 * recipient, so another user's notification answers as one that does not exist.
 */

/** One's own notifications, newest first. */
const list = definePolicy({
  name: 'notification.list',
  row: null,
  audit: 'NOTIFICATION_LIST',
  who: 'signed-in',
});

/** How many of one's own notifications are unread. */
const count = definePolicy({
  name: 'notification.count',
  row: null,
  audit: 'NOTIFICATION_COUNT',
  who: 'signed-in',
});

/** Marking one of one's own notifications read. */
const markRead = definePolicy({
  name: 'notification.markRead',
  row: null,
  audit: 'NOTIFICATION_READ',
  who: 'signed-in',
});

/** Marking all of one's own unread notifications read. */
const markAllRead = definePolicy({
  name: 'notification.markAllRead',
  row: null,
  audit: 'NOTIFICATION_READ',
  who: 'signed-in',
});

/** One's own new notifications as they are raised, over the socket. */
const subscribe = definePolicy({
  name: 'notification.subscribe',
  row: null,
  audit: 'NOTIFICATION_SUBSCRIBE',
  who: 'signed-in',
});

/** What a user may do with notifications: their own. */
export const NotificationPolicy = { list, count, markRead, markAllRead, subscribe } as const;
