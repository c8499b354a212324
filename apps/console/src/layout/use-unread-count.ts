import { useEffect } from 'react';
import { useQuery, useSubscription } from 'urql';
import { graphql } from '../graphql';

const UnreadCount = graphql(`
  query UnreadCount {
    unreadNotificationCount
  }
`);

const NotificationArrived = graphql(`
  subscription NotificationArrived {
    notificationAdded {
      id
    }
  }
`);

/** Read again whenever a mutation answers a Notification (marking one read, or all with this context). */
const COUNT_CONTEXT = { additionalTypenames: ['Notification'] };

/** The unread notification count, kept current by the live subscription without a reload. */
export function useUnreadCount(): number {
  const [{ data }, refetch] = useQuery({ query: UnreadCount, context: COUNT_CONTEXT });
  const [{ data: arrived }] = useSubscription({ query: NotificationArrived });
  const arrivedId = arrived?.notificationAdded.id;
  useEffect(() => {
    if (arrivedId) refetch({ requestPolicy: 'network-only' });
  }, [arrivedId, refetch]);
  return data?.unreadNotificationCount ?? 0;
}
