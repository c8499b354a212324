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

/** The unread notification count, kept current by the live subscription without a reload. */
export function useUnreadCount(): number {
  const [{ data }, refetch] = useQuery({ query: UnreadCount });
  const [{ data: arrived }] = useSubscription({ query: NotificationArrived });
  const arrivedId = arrived?.notificationAdded.id;
  useEffect(() => {
    if (arrivedId) refetch({ requestPolicy: 'network-only' });
  }, [arrivedId, refetch]);
  return data?.unreadNotificationCount ?? 0;
}
