import { Button, Group, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { ErrorNotice } from '../../components/ErrorNotice';
import { NotificationFields, NotificationList, NOTIFICATIONS } from '../../components/NotificationList';
import { Page } from '../../components/Page';
import { graphql, readFragment } from '../../graphql';
import { currentCursor, FIRST_PAGE, nextPage, pageNumber, previousPage } from '../../lib/cursor-stack';

const PAGE_SIZE = 25;

const UnreadNotifications = graphql(
  `
    query UnreadNotifications {
      notifications(unreadOnly: true, first: 100) {
        edges {
          node {
            ...NotificationFields
          }
        }
        pageInfo {
          hasNextPage
        }
      }
    }
  `,
  [NotificationFields],
);

const AllNotifications = graphql(
  `
    query AllNotifications($first: Int, $after: String) {
      notifications(first: $first, after: $after) {
        edges {
          node {
            ...NotificationFields
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `,
  [NotificationFields],
);

const MarkAllRead = graphql(`
  mutation MarkAllNotificationsRead {
    markAllNotificationsRead
  }
`);

const NotificationRaised = graphql(`
  subscription NotificationRaised {
    notificationAdded {
      id
    }
  }
`);

/** The viewer's notifications: the unread ones first, then the earlier ones page by page; new ones appear as they are raised. */
export function Notifications() {
  const [unread, rereadUnread] = useQuery({ query: UnreadNotifications, context: NOTIFICATIONS });
  const [pages, setPages] = useState(FIRST_PAGE);
  const [all, rereadAll] = useQuery({ query: AllNotifications, variables: { first: PAGE_SIZE, after: currentCursor(pages) }, context: NOTIFICATIONS });
  const [markedAll, markAll] = useMutation(MarkAllRead);
  const [{ data: raised }] = useSubscription({ query: NotificationRaised });
  const raisedId = raised?.notificationAdded.id;
  useEffect(() => {
    if (!raisedId) return;
    rereadUnread({ requestPolicy: 'network-only' });
    rereadAll({ requestPolicy: 'network-only' });
  }, [raisedId, rereadUnread, rereadAll]);

  const unreadItems = unread.data?.notifications.edges.map((edge) => readFragment(NotificationFields, edge.node)) ?? [];
  const earlier = (all.data?.notifications.edges.map((edge) => readFragment(NotificationFields, edge.node)) ?? []).filter((item) => item.readAt);
  const pageInfo = all.data?.notifications.pageInfo;
  return (
    <Page
      title="Notifications"
      actions={
        unreadItems.length > 0 && (
          <Button variant="outline" loading={markedAll.fetching} onClick={() => void markAll({}, NOTIFICATIONS)}>
            Mark all read
          </Button>
        )
      }
    >
      <ErrorNotice error={unread.error ?? all.error ?? markedAll.error} title="The notifications could not be read" />
      <Title order={3}>Unread</Title>
      {!unread.fetching && unreadItems.length === 0 && <Text>Nothing unread.</Text>}
      <NotificationList items={unreadItems} testId="unread-notifications" />
      {unread.data?.notifications.pageInfo.hasNextPage && <Text size="sm">More unread notifications follow: mark these read to see them.</Text>}
      <Title order={3}>Read</Title>
      {!all.fetching && earlier.length === 0 && <Text>No read notification on this page.</Text>}
      <NotificationList items={earlier} testId="read-notifications" />
      {(pageNumber(pages) > 1 || pageInfo?.hasNextPage) && (
        <Group>
          <Button variant="default" disabled={pageNumber(pages) === 1} onClick={() => setPages(previousPage(pages))}>
            Newer
          </Button>
          <Button variant="default" disabled={!pageInfo?.hasNextPage} onClick={() => setPages(nextPage(pages, pageInfo?.endCursor))}>
            Older
          </Button>
        </Group>
      )}
    </Page>
  );
}
